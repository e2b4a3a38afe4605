import type { Response } from 'superagent';
import ExcelJS from 'exceljs';
import { zipOf } from '../../support/zip-builder.js';

/** An XLSX built with exceljs: `rows[0]` is the header; a cell may be a formula object ({formula, result}). */
export async function xlsxOf(rows: unknown[][], sheetName = 'Đơn vị'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function readXlsx(buffer: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

export const csvOf = (rows: (string | number)[][], delimiter = ','): Buffer =>
  Buffer.from(rows.map((r) => r.join(delimiter)).join('\r\n') + '\r\n', 'utf8');

export { zipOf } from '../../support/zip-builder.js';

/** A minimal XLSX-shaped ZIP whose first sheet has `rows` rows (enough for the row count check to see). */
export function xlsxWithRows(rows: number): Buffer {
  const body = Array.from({ length: rows }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`);
  return zipOf([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: Buffer.from(`<worksheet><sheetData>${body.join('')}</sheetData></worksheet>`),
    },
  ]);
}

/** A supertest parser that keeps a binary response (an XLSX download) as one Buffer. */
export function binaryBody(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks.map((c) => new Uint8Array(c)))));
}
