import { inflateRawSync } from 'node:zlib';

/** Why a ZIP container (an XLSX) was refused before any spreadsheet library saw it. */
export type ZipRefusal =
  { kind: 'not-zip' } | { kind: 'too-large'; limitBytes: number } | { kind: 'too-many-entries'; limit: number };

export interface ZipInspection {
  /** Real uncompressed size of every entry together (measured by inflating, not read off the headers). */
  uncompressedBytes: number;
  /** `<row` elements in the largest worksheet: an upper bound on its rows, counted without an XML parser. */
  maxWorksheetRows: number;
}

export interface ZipLimits {
  maxUncompressedBytes: number;
  maxEntries: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;
const ROW_TAG = '<row';
/** ZIP64 marks a 32-bit field with all ones; a spreadsheet small enough to import never needs it. */
const ZIP64 = 0xffffffff;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

export const isZipRefusal = (result: ZipInspection | ZipRefusal): result is ZipRefusal => 'kind' in result;

function countOccurrences(haystack: Buffer, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

function findEndOfCentralDirectory(buffer: Buffer): number {
  // The end record is 22 bytes plus a comment of at most 64 KB, so it is searched for only in that tail.
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  }
  return -1;
}

/** The central directory's entries, or a refusal when it is damaged or declares more than the limits allow. */
function readDirectory(buffer: Buffer, limits: ZipLimits): Entry[] | ZipRefusal {
  const tooLarge: ZipRefusal = { kind: 'too-large', limitBytes: limits.maxUncompressedBytes };
  const eocd = findEndOfCentralDirectory(buffer);
  if (eocd < 0) return { kind: 'not-zip' };
  const count = buffer.readUInt16LE(eocd + 10);
  const directorySize = buffer.readUInt32LE(eocd + 12);
  const directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (count > limits.maxEntries) return { kind: 'too-many-entries', limit: limits.maxEntries };
  if (directoryOffset === ZIP64 || directorySize === ZIP64) return tooLarge;
  if (directoryOffset + directorySize > eocd) return { kind: 'not-zip' };
  const entries: Entry[] = [];
  let declaredTotal = 0;
  let offset = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > eocd || buffer.readUInt32LE(offset) !== CENTRAL_SIGNATURE) return { kind: 'not-zip' };
    const nameLength = buffer.readUInt16LE(offset + 28);
    const entry: Entry = {
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
 * Walks every entry of a ZIP container with its limits, the one place the platform reads a zip it was sent (an XLSX
 * before a spreadsheet library unzips it, a SCORM package before it is stored). The sizes its central directory
 * declares must add up to at most `maxUncompressedBytes` (an honest bomb is refused without inflating anything); then
 * `names` may refuse the container from its entry names alone (before anything is inflated), and every entry is
 * inflated with a hard ceiling of its declared size and of what is left of the budget, so a bomb whose directory lies
 * is refused after at most `maxUncompressedBytes` of work: inflateRawSync's `maxOutputLength` cannot be lied to. An
 * entry that inflates to more than it declared is a lie, and refused as too large whatever the budget left. `entry`
 * sees each entry's real content in order (a stored entry's content is a view of `buffer`) and may refuse it too.
 */
export function walkZip<R extends object>(
  buffer: Buffer,
  limits: ZipLimits,
  visit: { names?: (names: string[]) => R | undefined; entry: (name: string, content: Buffer) => R | undefined },
): ZipRefusal | R | undefined {
  if (buffer.length < 22 || buffer.readUInt32LE(0) !== LOCAL_SIGNATURE) return { kind: 'not-zip' };
  const tooLarge: ZipRefusal = { kind: 'too-large', limitBytes: limits.maxUncompressedBytes };
  const entries = readDirectory(buffer, limits);
  if (!Array.isArray(entries)) return entries;
  const refusedName = visit.names?.(entries.map((e) => e.name));
  if (refusedName) return refusedName;
  let uncompressedBytes = 0;
  for (const entry of entries) {
    const { localOffset, compressedSize, declaredSize } = entry;
    if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) {
      return { kind: 'not-zip' };
    }
    // The local header's own name and extra lengths: they may differ from the central directory's.
    const dataStart = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    const data = buffer.subarray(dataStart, dataStart + compressedSize);
    if (data.length !== compressedSize) return { kind: 'not-zip' };
    const ceiling = Math.min(declaredSize, limits.maxUncompressedBytes - uncompressedBytes);
    let content: Buffer;
    if (entry.method === 0) {
      if (compressedSize !== declaredSize) return { kind: 'not-zip' };
      content = data;
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
      // Zip writers for spreadsheets and e-learning only store or deflate; anything else cannot be vouched for.
      return { kind: 'not-zip' };
    }
    uncompressedBytes += content.length;
    const refused = visit.entry(entry.name, content);
    if (refused) return refused;
  }
  return undefined;
}

/** An XLSX container's real size and the rows of its largest worksheet, or why it was refused (see walkZip). */
export function inspectZip(buffer: Buffer, limits: ZipLimits): ZipInspection | ZipRefusal {
  let uncompressedBytes = 0;
  let maxWorksheetRows = 0;
  const refused = walkZip<never>(buffer, limits, {
    entry: (name, content) => {
      uncompressedBytes += content.length;
      if (WORKSHEET.test(name)) maxWorksheetRows = Math.max(maxWorksheetRows, countOccurrences(content, ROW_TAG));
      return undefined;
    },
  });
  return refused ?? { uncompressedBytes, maxWorksheetRows };
}
