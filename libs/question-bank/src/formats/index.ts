import { ERROR_MESSAGES, type QuestionInput } from '#contracts';
import { normalizeQuestion, validateQuestion } from '../question-rules.js';
import { parseAiken } from './aiken.js';
import { decodeText } from './decode.js';
import { exportGift, parseGift } from './gift.js';
import { exportMoodleXml, parseMoodleXml } from './moodle-xml.js';
import { parseCsv, readCsvRows } from './csv.js';
import { exportXlsx, parseXlsx, readXlsxRows, xlsxTemplate } from './xlsx.js';
import { COLUMN_FIELDS, normalizeMapping, type ColumnField, type ColumnMapping } from './columns.js';
import { findHeader, type SheetRow } from './table.js';
import {
  emptyResult,
  IMPORT_LIMITS,
  snippet,
  type ExportFormat,
  type ImportFormat,
  type ImportIssue,
  type ParsedQuestion,
  type ParseResult,
} from './types.js';

export { COLUMN_FIELDS, IMPORT_LIMITS, normalizeMapping, xlsxTemplate };
export type { ColumnField, ColumnMapping, ExportFormat, ImportFormat, ImportIssue, ParsedQuestion, ParseResult };

export interface ParseOptions {
  /** Spreadsheets: the organizer's column mapping (header text → field), over the names recognized. */
  mapping?: ColumnMapping | null;
  /** A single choice with several full-mark options is imported as a multiple-answer question (else a warning). */
  asMultiple?: boolean;
}

const BY_EXTENSION: Record<string, ImportFormat> = {
  gift: 'gift',
  xml: 'moodlexml',
  csv: 'csv',
  xlsx: 'xlsx',
};

const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;

/**
 * The format of an uploaded file, from its extension, or from its content when the extension says nothing (.txt):
 * a zip is a spreadsheet, `<quiz` is Moodle XML, `ANSWER: X` lines are Aiken, braces or `$CATEGORY:` are GIFT.
 */
export function detectFormat(filename: string, bytes: Buffer): ImportFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  if (BY_EXTENSION[ext]) return BY_EXTENSION[ext]!;
  if (isZip(bytes)) return 'xlsx';
  if (ext && !['txt', 'text', ''].includes(ext)) return null;
  const decoded = decodeText(bytes.subarray(0, 64 * 1024));
  const head = decoded.ok ? decoded.text : bytes.subarray(0, 64 * 1024).toString('latin1');
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<quiz[\s>]/.test(head)) return 'moodlexml';
  if (/^\s*ANSWER\s*:\s*[A-Za-z]\s*$/m.test(head)) return 'aiken';
  if (/[{}]|^\s*\$CATEGORY:|^\s*::/m.test(head)) return 'gift';
  return null;
}

const fileIssue = (code: NonNullable<ImportIssue['code']>, message: string): ParseResult => ({
  ...emptyResult(),
  errors: [{ code, message }],
});

async function parseByFormat(
  bytes: Buffer,
  format: ImportFormat,
  mapping?: Map<string, ColumnField>,
): Promise<ParseResult> {
  if (format === 'xlsx') return parseXlsx(bytes, mapping);
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ...emptyResult(), errors: [decoded.issue] };
  switch (format) {
    case 'gift':
      return parseGift(decoded.text);
    case 'aiken':
      return parseAiken(decoded.text);
    case 'moodlexml':
      return parseMoodleXml(decoded.text);
    case 'csv':
      return parseCsv(decoded.text, mapping);
  }
}

/**
 * Reads a question file. Never throws for bad input: every problem is in `errors` (by line or row), questions are
 * normalized (NFC, trimmed, category paths cleaned) and keep the line or row they came from. The syntax of the file is
 * checked here; the rules every question meets (validateQuestion) are checked by whoever stores them, or all at once
 * with validationIssues().
 */
export async function parseQuestionFile(
  bytes: Buffer,
  filename: string,
  format?: ImportFormat,
  options: ParseOptions = {},
): Promise<ParseResult> {
  if (bytes.length > IMPORT_LIMITS.maxFileBytes) {
    const mb = (n: number) => `${(n / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
    return fileIssue(
      'IMPORT_TOO_LARGE',
      `${ERROR_MESSAGES.IMPORT_TOO_LARGE.vi} Tệp nặng ${mb(bytes.length)}, tối đa ${mb(IMPORT_LIMITS.maxFileBytes)}.`,
    );
  }
  const chosen = format ?? detectFormat(filename, bytes);
  if (!chosen) {
    return fileIssue(
      'IMPORT_UNSUPPORTED_FORMAT',
      `${ERROR_MESSAGES.IMPORT_UNSUPPORTED_FORMAT.vi} Hãy dùng GIFT (.gift, .txt), Aiken (.txt), Moodle XML (.xml), CSV (.csv) hoặc Excel (.xlsx).`,
    );
  }
  const result = await parseByFormat(bytes, chosen, normalizeMapping(options.mapping));
  if (result.questions.length > IMPORT_LIMITS.maxQuestions) {
    return fileIssue(
      'IMPORT_TOO_LARGE',
      `${ERROR_MESSAGES.IMPORT_TOO_LARGE.vi} Tệp có ${result.questions.length.toLocaleString('vi-VN')} câu hỏi, tối đa ${IMPORT_LIMITS.maxQuestions.toLocaleString('vi-VN')} câu mỗi lần nhập.`,
    );
  }
  result.questions = result.questions.map((q) => {
    const out: ParsedQuestion = normalizeQuestion(q);
    if (q.line !== undefined) out.line = q.line;
    if (q.row !== undefined) out.row = q.row;
    return checkSeveralRight(out, result.warnings, !!options.asMultiple);
  });
  const sortKey = (i: ImportIssue) => i.line ?? i.row ?? 0;
  result.errors.sort((a, b) => sortKey(a) - sortKey(b));
  result.warnings.sort((a, b) => sortKey(a) - sortKey(b));
  return result;
}

const isFull = (f: number) => Math.abs(f - 1) < 1e-6;
const placeOf = (q: ParsedQuestion) => ({
  ...(q.line !== undefined ? { line: q.line } : {}),
  ...(q.row !== undefined ? { row: q.row } : {}),
});
const whereText = (q: ParsedQuestion) =>
  q.line !== undefined ? `Câu hỏi ở dòng ${q.line}` : q.row !== undefined ? `Dòng ${q.row}` : 'Câu hỏi';

/**
 * A single choice with two or more full-mark options is almost always a key mistake in a contest (or a Kahoot-style
 * "any of these"): warned about, or, when asked, made a multiple-answer question whose right options share the marks
 * in proportion (two 100 % options become 50 % each).
 */
function checkSeveralRight(q: ParsedQuestion, warnings: ImportIssue[], asMultiple: boolean): ParsedQuestion {
  if (q.type !== 'single') return q;
  const full = (q.options ?? []).filter((o) => typeof o.fraction === 'number' && isFull(o.fraction)).length;
  if (full < 2) return q;
  const text = snippet(typeof q.text === 'string' ? q.text : '');
  if (!asMultiple) {
    warnings.push({
      ...placeOf(q),
      code: 'SINGLE_SEVERAL_RIGHT',
      message: `${whereText(q)}: câu một đáp án có ${full} phương án đúng 100% (người thi chọn phương án nào trong số đó cũng đúng). Nếu đó là câu nhiều đáp án, hãy chọn nhập thành câu nhiều đáp án.`,
      text,
    });
    return q;
  }
  const positive = (q.options ?? []).reduce((sum, o) => sum + (o.fraction > 0 ? o.fraction : 0), 0);
  warnings.push({
    ...placeOf(q),
    code: 'SINGLE_IMPORTED_AS_MULTIPLE',
    message: `${whereText(q)}: câu một đáp án có ${full} phương án đúng 100% được nhập thành câu nhiều đáp án.`,
    text,
  });
  const multiple = normalizeQuestion({
    ...q,
    type: 'multiple',
    options: (q.options ?? []).map((o) => (o.fraction > 0 ? { ...o, fraction: o.fraction / positive } : o)),
  });
  return { ...multiple, ...placeOf(q) };
}

/** validateQuestion over every parsed question, as issues located by line or row. */
export function validationIssues(result: ParseResult): ImportIssue[] {
  const issues: ImportIssue[] = [];
  for (const q of result.questions) {
    for (const p of validateQuestion(q)) {
      const where =
        q.line !== undefined ? `Câu hỏi ở dòng ${q.line}` : q.row !== undefined ? `Dòng ${q.row}` : 'Câu hỏi';
      issues.push({
        ...(q.line !== undefined ? { line: q.line } : {}),
        ...(q.row !== undefined ? { row: q.row } : {}),
        message: `${where}: ${p.message}`,
        text: snippet(typeof q.text === 'string' ? q.text : ''),
      });
    }
  }
  return issues;
}

/** The file for questions in an export format (UTF-8 text for GIFT and Moodle XML). */
export async function exportQuestions(questions: QuestionInput[], format: ExportFormat): Promise<Buffer> {
  switch (format) {
    case 'gift':
      return Buffer.from(exportGift(questions), 'utf8');
    case 'moodlexml':
      return Buffer.from(exportMoodleXml(questions), 'utf8');
    case 'xlsx':
      return exportXlsx(questions);
  }
}

/** What the import wizard shows of a spreadsheet before its columns are mapped. */
export interface TablePreview {
  format: ImportFormat;
  /** false for GIFT, Aiken and Moodle XML: nothing to map. */
  tabular: boolean;
  headerRow: number | null;
  headers: string[];
  /** The first data rows (at most `limit`), cells as text, as wide as the header. */
  rows: string[][];
  /** Each header's field (the mapping given first, then the names recognized); null for a column not understood. */
  fields: (ColumnField | null)[];
  /** Whether the fields are enough to read questions (a question text, and options, a key or a type). */
  usable: boolean;
}

/** The header and first rows of a spreadsheet, with the field each column is read as. Never throws for bad input. */
export async function previewTable(
  bytes: Buffer,
  filename: string,
  mapping?: ColumnMapping | null,
  limit = 5,
): Promise<TablePreview | ParseResult> {
  const format = detectFormat(filename, bytes);
  if (!format) return parseQuestionFile(bytes, filename);
  const empty = { format, headerRow: null, headers: [], rows: [], fields: [], usable: false };
  if (format !== 'csv' && format !== 'xlsx') return { ...empty, tabular: false };
  if (bytes.length > IMPORT_LIMITS.maxFileBytes) return parseQuestionFile(bytes, filename);
  let rows: SheetRow[];
  if (format === 'xlsx') {
    const read = await readXlsxRows(bytes);
    if (!('rows' in read)) return read;
    rows = read.rows;
  } else {
    const decoded = decodeText(bytes);
    if (!decoded.ok) return { ...emptyResult(), errors: [decoded.issue] };
    const read = readCsvRows(decoded.text);
    if (!('rows' in read)) return read;
    rows = read.rows;
  }
  const found = findHeader(rows, normalizeMapping(mapping));
  if (!found) return { ...empty, tabular: true };
  const width = found.header.cells.length;
  const data = rows
    .filter((r) => r.row > found.header.row && r.cells.some((c) => c.trim() !== ''))
    .slice(0, limit)
    .map((r) => Array.from({ length: width }, (_v, i) => snippet(r.cells[i] ?? '')));
  return {
    format,
    tabular: true,
    headerRow: found.header.row,
    headers: found.header.cells,
    rows: data,
    fields: found.fields,
    usable: found.usable,
  };
}
