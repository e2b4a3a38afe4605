import { StreamableFile } from '@nestjs/common';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** RFC 6266: an ASCII fallback and the UTF-8 name, so every browser saves the file under a usable name. */
export const attachment = (filename: string) =>
  `attachment; filename="${filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

/** A file answered whole, as an attachment named `filename`. */
export function download(data: Buffer, type: string, filename: string): StreamableFile {
  return new StreamableFile(new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength), {
    type,
    length: data.byteLength,
    disposition: attachment(filename),
  });
}

export const xlsxDownload = (data: Buffer, filename: string) => download(data, XLSX_MIME, filename);
