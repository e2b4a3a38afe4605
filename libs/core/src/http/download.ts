import { StreamableFile } from '@nestjs/common';

/**
 * A Buffer as a plain Uint8Array view (no copy). With TypeScript 6 and @types/node 20 a Buffer is not assignable to
 * Uint8Array<ArrayBuffer>, which StreamableFile and crypto's typings ask for.
 */
export const asBytes = (buf: Buffer): Uint8Array<ArrayBuffer> =>
  new Uint8Array(buf.buffer as ArrayBuffer, buf.byteOffset, buf.byteLength);

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** RFC 6266: an ASCII fallback and the UTF-8 name, so every browser saves the file under a usable name. */
export const attachment = (filename: string) =>
  `attachment; filename="${filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

/** A file answered whole, as an attachment named `filename`. */
export function download(data: Buffer, type: string, filename: string): StreamableFile {
  return new StreamableFile(asBytes(data), {
    type,
    length: data.byteLength,
    disposition: attachment(filename),
  });
}

export const xlsxDownload = (data: Buffer, filename: string) => download(data, XLSX_MIME, filename);
