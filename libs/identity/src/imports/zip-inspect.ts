import { inflateRawSync } from 'node:zlib';

/** Why a ZIP container was refused before any spreadsheet library saw it. */
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

function countOccurrences(haystack: Buffer, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/**
 * Walks a ZIP (XLSX) container and inflates every entry with a hard cap on the output, so a zip bomb is refused after
 * at most `maxUncompressedBytes` of work, whatever its headers claim. Sizes declared in the headers are not trusted:
 * a bomb can lie there, inflateRawSync's `maxOutputLength` cannot be lied to.
 */
export function inspectZip(buffer: Buffer, limits: ZipLimits): ZipInspection | ZipRefusal {
  if (buffer.length < 22 || buffer.readUInt32LE(0) !== LOCAL_SIGNATURE) return { kind: 'not-zip' };
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { kind: 'not-zip' };
  const entries = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  if (entries > limits.maxEntries) return { kind: 'too-many-entries', limit: limits.maxEntries };
  let uncompressedBytes = 0;
  let maxWorksheetRows = 0;
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL_SIGNATURE) return { kind: 'not-zip' };
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    // ZIP64 markers: a spreadsheet small enough to import never needs them.
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff) return { kind: 'not-zip' };
    if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) {
      return { kind: 'not-zip' };
    }
    const dataStart = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    const data = buffer.subarray(dataStart, dataStart + compressedSize);
    if (data.length !== compressedSize) return { kind: 'not-zip' };
    const budget = limits.maxUncompressedBytes - uncompressedBytes;
    let content: Buffer;
    if (method === 0) {
      content = data;
    } else if (method === 8) {
      try {
        content = inflateRawSync(new Uint8Array(data.buffer, data.byteOffset, data.length), {
          maxOutputLength: Math.max(1, budget + 1),
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          return { kind: 'too-large', limitBytes: limits.maxUncompressedBytes };
        }
        return { kind: 'not-zip' };
      }
    } else {
      return { kind: 'not-zip' };
    }
    uncompressedBytes += content.length;
    if (uncompressedBytes > limits.maxUncompressedBytes) {
      return { kind: 'too-large', limitBytes: limits.maxUncompressedBytes };
    }
    if (WORKSHEET.test(name)) maxWorksheetRows = Math.max(maxWorksheetRows, countOccurrences(content, ROW_TAG));
  }
  return { uncompressedBytes, maxWorksheetRows };
}
