/**
 * A Buffer as a plain Uint8Array view (no copy). With TypeScript 6 and @types/node 20 a Buffer is not assignable to
 * Uint8Array<ArrayBuffer>, which StreamableFile and crypto's typings ask for.
 */
export const asBytes = (buf: Buffer): Uint8Array<ArrayBuffer> =>
  new Uint8Array(buf.buffer as ArrayBuffer, buf.byteOffset, buf.byteLength);
