import { parse } from 'csv-parse/sync';
import { parseSheet, type SheetRow } from './table.js';
import { emptyResult, type ParseResult } from './types.js';
import { unneutralize } from './cells.js';
import type { ColumnField } from './columns.js';

/** Excel in a vi-VN locale writes ";" (the comma is the decimal separator); others write ",". The header decides. */
export function sniffDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\n') break;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

/** A CSV's rows, numbered as a spreadsheet shows them, and the rows holding formula-looking cells; or its error. */
export function readCsvRows(text: string): { rows: SheetRow[]; formulaRows: number[] } | ParseResult {
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: sniffDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
  } catch (e) {
    const result = emptyResult();
    const line = (e as { lines?: number }).lines;
    result.errors.push({
      ...(line ? { line } : {}),
      message: `Tệp CSV không hợp lệ${line ? ` ở dòng ${line}` : ''}: ${(e as Error).message.replace(/^Invalid Record Length: |^Quote Not Closed: /, '')} (kiểm tra dấu ngoặc kép).`,
    });
    return result;
  }
  const formulaRows: number[] = [];
  const rows: SheetRow[] = records.map((cells, i) => ({
    row: i + 1,
    cells: cells.map((c) => {
      if (/^[=@]|^\+\D/.test(c.trim()) && !formulaRows.includes(i + 1)) formulaRows.push(i + 1);
      return unneutralize(c);
    }),
  }));
  return { rows, formulaRows };
}

/** CSV with the question sheet's columns (see table.ts); rows are numbered as a spreadsheet shows them. */
export function parseCsv(text: string, mapping?: Map<string, ColumnField>): ParseResult {
  const read = readCsvRows(text);
  if (!('rows' in read)) return read;
  const result = parseSheet(read.rows, true, mapping);
  for (const row of read.formulaRows) {
    result.warnings.push({
      row,
      message: `Dòng ${row} có ô bắt đầu bằng = + hoặc @ (dạng công thức): nội dung được lưu như chữ, không bao giờ được thực thi.`,
    });
  }
  return result;
}
