import { inflateRawSync } from 'node:zlib';

/** Why a package's zip was refused before anything of it was stored. */
export type ZipReadRefusal =
  | { kind: 'not-zip' }
  | { kind: 'too-large'; limitBytes: number }
  | { kind: 'too-many-entries'; limit: number }
  | { kind: 'unsafe-path'; path: string };

export interface ZipFileEntry {
  /** The normalized path inside the package (see checkedEntryPath). */
  path: string;
  data: Buffer;
}

export interface ZipReadLimits {
  maxUncompressedBytes: number;
  maxEntries: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** ZIP64 marks a 32-bit field with all ones; packages over 4 GB are over any limit here anyway. */
const ZIP64 = 0xffffffff;

/**
 * A path inside a package made safe to serve, or null when it must be refused: a backslash (Windows separators can
 * hide `..\`), an absolute path or drive letter, a `..` segment, a NUL or control character, an empty name. `.`
 * segments and repeated slashes are dropped. Directory entries (ending in `/`) come back with their slash.
 */
export function checkedEntryPath(name: string): string | null {
  if (!name || name.includes('\\') || /[\u0000-\u001f\u007f]/.test(name)) return null;
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return null;
  const segments = name.split('/');
  const isDirectory = name.endsWith('/');
  const kept: string[] = [];
  for (const segment of segments) {
    if (segment === '..') return null;
    if (segment === '' || segment === '.') continue;
    kept.push(segment);
  }
  if (!kept.length) return null;
  return kept.join('/') + (isDirectory ? '/' : '');
}

interface CentralEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

function findEndOfCentralDirectory(buffer: Buffer): number {
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  }
  return -1;
}

function readDirectory(buffer: Buffer, limits: ZipReadLimits): CentralEntry[] | ZipReadRefusal {
  const tooLarge: ZipReadRefusal = { kind: 'too-large', limitBytes: limits.maxUncompressedBytes };
  const eocd = findEndOfCentralDirectory(buffer);
  if (eocd < 0) return { kind: 'not-zip' };
  const count = buffer.readUInt16LE(eocd + 10);
  const directorySize = buffer.readUInt32LE(eocd + 12);
  const directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (count > limits.maxEntries) return { kind: 'too-many-entries', limit: limits.maxEntries };
  if (directoryOffset === ZIP64 || directorySize === ZIP64) return tooLarge;
  if (directoryOffset + directorySize > eocd) return { kind: 'not-zip' };
  const entries: CentralEntry[] = [];
  let declaredTotal = 0;
  let offset = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > eocd || buffer.readUInt32LE(offset) !== CENTRAL_SIGNATURE) return { kind: 'not-zip' };
    const nameLength = buffer.readUInt16LE(offset + 28);
    const entry: CentralEntry = {
      method: buffer.readUInt16LE(offset + 10),
      compressedSize: buffer.readUInt32LE(offset + 20),
      declaredSize: buffer.readUInt32LE(offset + 24),
      localOffset: buffer.readUInt32LE(offset + 42),
      name: buffer.toString('utf8', offset + 46, offset + 46 + nameLength),
    };
    offset += 46 + nameLength + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
    if (entry.compressedSize === ZIP64 || entry.declaredSize === ZIP64 || entry.localOffset === ZIP64) return tooLarge;
    // An honest bomb is refused here, from its directory alone, before a single byte is inflated.
    declaredTotal += entry.declaredSize;
    if (declaredTotal > limits.maxUncompressedBytes) return tooLarge;
    entries.push(entry);
  }
  return entries;
}

/**
 * Reads every file of a package's zip, refusing it whole on the first problem: a path that could escape the package
 * (checked before anything is inflated), more entries than allowed, or more uncompressed bytes than allowed. Sizes
 * are measured by inflating, never trusted from the headers: each entry inflates with a hard ceiling of its declared
 * size and of the budget left, so a bomb whose directory lies costs at most the budget before it is refused.
 */
export function readZipEntries(buffer: Buffer, limits: ZipReadLimits): ZipFileEntry[] | ZipReadRefusal {
  if (buffer.length < 22 || buffer.readUInt32LE(0) !== LOCAL_SIGNATURE) return { kind: 'not-zip' };
  const tooLarge: ZipReadRefusal = { kind: 'too-large', limitBytes: limits.maxUncompressedBytes };
  const entries = readDirectory(buffer, limits);
  if (!Array.isArray(entries)) return entries;
  const paths: string[] = [];
  for (const entry of entries) {
    const path = checkedEntryPath(entry.name);
    if (path === null) return { kind: 'unsafe-path', path: entry.name.slice(0, 200) };
    paths.push(path);
  }
  const files: ZipFileEntry[] = [];
  const seen = new Set<string>();
  let uncompressedBytes = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const path = paths[i]!;
    const { localOffset, compressedSize, declaredSize } = entry;
    if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) {
      return { kind: 'not-zip' };
    }
    const dataStart = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    const data = buffer.subarray(dataStart, dataStart + compressedSize);
    if (data.length !== compressedSize) return { kind: 'not-zip' };
    const ceiling = Math.min(declaredSize, limits.maxUncompressedBytes - uncompressedBytes);
    let content: Buffer;
    if (entry.method === 0) {
      if (compressedSize !== declaredSize) return { kind: 'not-zip' };
      content = Buffer.from(data);
    } else if (entry.method === 8) {
      try {
        content = inflateRawSync(new Uint8Array(data.buffer, data.byteOffset, data.length), {
          maxOutputLength: Math.max(1, ceiling + 1),
        });
      } catch (error) {
        return (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? tooLarge : { kind: 'not-zip' };
      }
      if (content.length > ceiling) return tooLarge;
      if (content.length !== declaredSize) return { kind: 'not-zip' };
    } else {
      return { kind: 'not-zip' };
    }
    uncompressedBytes += content.length;
    if (path.endsWith('/')) continue;
    // Two entries with one name (or names equal once normalized): which one would be served is not obvious.
    if (seen.has(path)) return { kind: 'unsafe-path', path: path.slice(0, 200) };
    seen.add(path);
    files.push({ path, data: content });
  }
  return files;
}
