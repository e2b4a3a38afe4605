import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError, inspectZip, isZipRefusal, unneutralize } from '#core';

/** A cell as an importer sees it: formulas are replaced by their cached result, never evaluated. */
export type Cell = string | number | boolean | Date | null;

export interface SheetRow {
  /** The row number a person sees in their spreadsheet (the header is usually row 1). */
  row: number;
  cells: Cell[];
}

export interface Sheet {
  headerRow: number;
  headers: string[];
  rows: SheetRow[];
}

export interface SheetLimits {
  /** Data rows (the header not counted). */
  maxRows: number;
  /** Uncompressed bytes an XLSX may expand to; the guard against zip bombs. */
  maxUncompressedBytes?: number;
}

const DEFAULT_MAX_UNCOMPRESSED = 50 * 1024 * 1024;
const ZIP_MAGIC = 0x04034b50;
const OLE_MAGIC = 0xe011cfd0; // the old binary .xls

function unsupported(vi: string, en: string): AppError {
  return new AppError('IMPORT_UNSUPPORTED_FORMAT', undefined, { vi, en });
}

export function tooManyRows(limit: number): AppError {
  const n = limit.toLocaleString('vi-VN');
  return new AppError(
    'IMPORT_TOO_LARGE',
    { limit },
    {
      vi: `Tệp có quá nhiều dòng: mỗi lần nhập tối đa ${n} dòng dữ liệu. Hãy chia tệp thành nhiều phần.`,
      en: `Too many rows: an import takes at most ${limit} data rows. Split the file into parts.`,
    },
  );
}

/** Excel cell values (formula objects, rich text, hyperlinks, errors) flattened to plain values. */
export function plainCellValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    // A formula: the value Excel saved last time it computed it. Never computed here.
    if ('formula' in v || 'sharedFormula' in v) return plainCellValue(v.result);
    if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if (typeof v.text === 'string') return v.text;
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

const isBlank = (cells: Cell[]) => cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

function splitHeader(rows: SheetRow[]): Sheet {
  const first = rows.findIndex((r) => !isBlank(r.cells));
  if (first < 0) return { headerRow: 1, headers: [], rows: [] };
  const header = rows[first]!;
  return {
    headerRow: header.row,
    headers: header.cells.map((c) => (c === null ? '' : String(c instanceof Date ? c.toISOString() : c).trim())),
    // A text cell our own exports neutralized ('=…) reads back as it was typed.
    rows: rows
      .slice(first + 1)
      .filter((r) => !isBlank(r.cells))
      .map((r) => ({ row: r.row, cells: r.cells.map((c) => (typeof c === 'string' ? unneutralize(c) : c)) })),
  };
}

async function readXlsx(buffer: Buffer, limits: SheetLimits): Promise<Sheet> {
  const maxBytes = limits.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED;
  const inspection = inspectZip(buffer, { maxUncompressedBytes: maxBytes, maxEntries: 2000 });
  if (isZipRefusal(inspection)) {
    if (inspection.kind === 'not-zip') {
      throw unsupported(
        'Tệp XLSX bị hỏng hoặc không phải bảng tính.',
        'The XLSX file is damaged or not a spreadsheet.',
      );
    }
    const mb = Math.round(maxBytes / 1024 / 1024);
    throw new AppError(
      'IMPORT_TOO_LARGE',
      { limitBytes: maxBytes },
      {
        vi: `Tệp giải nén vượt quá ${mb} MB (hoặc có quá nhiều phần); không thể nhập.`,
        en: `The file expands to more than ${mb} MB (or has too many parts); it cannot be imported.`,
      },
    );
  }
  // Counted on the raw XML before the workbook is built, so 100,000 rows are refused without loading them.
  if (inspection.maxWorksheetRows > limits.maxRows + 1) throw tooManyRows(limits.maxRows);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw unsupported('Tệp XLSX bị hỏng hoặc không phải bảng tính.', 'The XLSX file is damaged or not a spreadsheet.');
  }
  const sheet = workbook.worksheets.find((ws) => ws.state === 'visible') ?? workbook.worksheets[0];
  if (!sheet) return { headerRow: 1, headers: [], rows: [] };
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as unknown[];
    rows.push({ row: rowNumber, cells: values.slice(1).map(plainCellValue) });
  });
  return splitHeader(rows);
}

function readCsv(buffer: Buffer, limits: SheetLimits): Sheet {
  // Binary files (images, PDFs, executables) are full of control bytes; a CSV in any encoding has almost none.
  const head = buffer.subarray(0, 8192);
  const control = head.filter((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d).length;
  if (head.includes(0) || control > head.length / 100 || head.subarray(0, 5).toString('latin1') === '%PDF-') {
    throw unsupported('Tệp phải là bảng tính XLSX hoặc CSV.', 'The file must be an XLSX or CSV spreadsheet.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(
      new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length),
    );
  } catch {
    throw new AppError('IMPORT_ENCODING');
  }
  text = text.replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Excel in Vietnamese locales saves CSV with ";" when "," is the decimal separator.
  const delimiter = [',', ';', '\t'].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  let nonBlank = 0;
  const rows: SheetRow[] = [];
  try {
    parseCsv(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      bom: true,
      on_record: (record: string[], context) => {
        if (!isBlank(record) && ++nonBlank > limits.maxRows + 1) throw tooManyRows(limits.maxRows);
        rows.push({ row: context.lines, cells: record });
        return null;
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const line = (error as { lines?: number }).lines;
    throw new AppError('IMPORT_INVALID', [
      { row: line, message: 'Dòng CSV không hợp lệ (thiếu dấu ngoặc kép đóng?).', text: '' },
    ]);
  }
  return splitHeader(rows);
}

/** Reads the first sheet of an XLSX, or a UTF-8 CSV, told apart by their first bytes (never by the file name). */
export async function readSpreadsheet(buffer: Buffer, limits: SheetLimits): Promise<Sheet> {
  if (buffer.length >= 4 && buffer.readUInt32LE(0) === ZIP_MAGIC) return readXlsx(buffer, limits);
  if (buffer.length >= 4 && buffer.readUInt32LE(0) === OLE_MAGIC) {
    throw unsupported(
      'Tệp Excel cũ (.xls) chưa được hỗ trợ: hãy lưu lại thành .xlsx hoặc CSV UTF-8.',
      'Old Excel files (.xls) are not supported: save as .xlsx or UTF-8 CSV.',
    );
  }
  return readCsv(buffer, limits);
}
