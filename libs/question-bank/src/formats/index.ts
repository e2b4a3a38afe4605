import { ERROR_MESSAGES, type QuestionInput } from '#contracts';
import { normalizeQuestion, validateQuestion } from '../question-rules.js';
import { parseAiken } from './aiken.js';
import { decodeText } from './decode.js';
import { exportGift, parseGift } from './gift.js';
import { exportMoodleXml, parseMoodleXml } from './moodle-xml.js';
import { parseCsv } from './csv.js';
import { exportXlsx, parseXlsx, xlsxTemplate } from './xlsx.js';
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

export { IMPORT_LIMITS, xlsxTemplate };
export type { ExportFormat, ImportFormat, ImportIssue, ParsedQuestion, ParseResult };

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

async function parseByFormat(bytes: Buffer, format: ImportFormat): Promise<ParseResult> {
  if (format === 'xlsx') return parseXlsx(bytes);
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
      return parseCsv(decoded.text);
  }
}

/**
 * Reads a question file. Never throws for bad input: every problem is in `errors` (by line or row), questions are
 * normalized (NFC, trimmed, category paths cleaned) and keep the line or row they came from. The syntax of the file is
 * checked here; the rules every question meets (validateQuestion) are checked by whoever stores them, or all at once
 * with validationIssues().
 */
export async function parseQuestionFile(bytes: Buffer, filename: string, format?: ImportFormat): Promise<ParseResult> {
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
  const result = await parseByFormat(bytes, chosen);
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
    return out;
  });
  const sortKey = (i: ImportIssue) => i.line ?? i.row ?? 0;
  result.errors.sort((a, b) => sortKey(a) - sortKey(b));
  result.warnings.sort((a, b) => sortKey(a) - sortKey(b));
  return result;
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
