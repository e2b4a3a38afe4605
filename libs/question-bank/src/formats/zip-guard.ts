import { inflateRawSync } from 'node:zlib';

/**
 * Checks a zip (an XLSX) before any library unzips it: the sizes its central directory declares must add up to at
 * most `maxTotal`, and each entry, inflated with a hard output ceiling of its declared size, must really be that
 * size (a zip bomb can lie in its directory). Returns a Vietnamese reason to refuse, or null when the zip is sound.
 * ZIP64 archives are refused: no spreadsheet within the limits needs them.
 */
export function zipRefusal(bytes: Buffer, maxTotal: number, maxEntries = 10_000): string | null {
  const corrupt = 'Tệp không phải bảng tính XLSX hợp lệ (tệp nén bị hỏng).';
  const tooBig = `Tệp XLSX khi giải nén vượt quá ${Math.round(maxTotal / 1024 / 1024)} MB: có thể là tệp độc hại (zip bomb) hoặc quá lớn.`;
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) return corrupt;
  const entries = bytes.readUInt16LE(eocd + 10);
  const cdSize = bytes.readUInt32LE(eocd + 12);
  const cdOffset = bytes.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) return tooBig;
  if (entries > maxEntries) return tooBig;
  if (cdOffset + cdSize > eocd) return corrupt;
  let total = 0;
  let p = cdOffset;
  for (let k = 0; k < entries; k++) {
    if (p + 46 > eocd || bytes.readUInt32LE(p) !== 0x02014b50) return corrupt;
    const method = bytes.readUInt16LE(p + 10);
    const compressed = bytes.readUInt32LE(p + 20);
    const size = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const commentLength = bytes.readUInt16LE(p + 32);
    const local = bytes.readUInt32LE(p + 42);
    if (size === 0xffffffff || compressed === 0xffffffff) return tooBig;
    total += size;
    if (total > maxTotal) return tooBig;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) return corrupt;
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (start + compressed > bytes.length) return corrupt;
    const data = bytes.subarray(start, start + compressed);
    if (method === 0) {
      if (compressed !== size) return corrupt;
    } else if (method === 8) {
      try {
        const out = inflateRawSync(data, { maxOutputLength: size + 1 });
        if (out.length !== size) return out.length > size ? tooBig : corrupt;
      } catch (e) {
        return (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? tooBig : corrupt;
      }
    } else return 'Tệp XLSX dùng kiểu nén không được hỗ trợ.';
    p += 46 + nameLength + extraLength + commentLength;
  }
  return null;
}
