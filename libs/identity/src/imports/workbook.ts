import ExcelJS from 'exceljs';
import { neutralizeRow } from '#core';
import type { Cell } from './spreadsheet.js';

export interface SheetSpec {
  name: string;
  columns: { header: string; width?: number }[];
  rows: Cell[][];
}

/**
 * An XLSX file of plain values (no formulas), the header row bold and frozen. Text that starts like a formula (a name
 * typed as "=HYPERLINK(…)") is written neutralized, as every export does; readSpreadsheet takes the prefix off again.
 */
export async function buildWorkbook(sheets: SheetSpec[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Hải Đăng';
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = spec.columns.map((c) => ({ header: c.header, width: c.width ?? 18 }));
    sheet.getRow(1).font = { bold: true };
    for (const row of spec.rows) sheet.addRow(neutralizeRow(row));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
