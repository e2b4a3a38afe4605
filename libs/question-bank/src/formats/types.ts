import type { QuestionInput } from '#contracts';

export type ImportFormat = 'gift' | 'aiken' | 'moodlexml' | 'csv' | 'xlsx';
export type ExportFormat = 'gift' | 'moodlexml' | 'xlsx';

/** Warnings a client may act on, by a stable code (the others are messages to read). */
export const IMPORT_WARNING_CODES = ['SINGLE_SEVERAL_RIGHT', 'SINGLE_IMPORTED_AS_MULTIPLE'] as const;
export type ImportWarningCode = (typeof IMPORT_WARNING_CODES)[number];

/**
 * One problem found in a file, located by line (text formats) or row (spreadsheets). On an error, `code` is set on
 * the few problems that concern the whole file, so the HTTP layer can answer with that error code instead of
 * IMPORT_INVALID; on a warning, it names the warnings a client may act on.
 */
export interface ImportIssue {
  line?: number;
  row?: number;
  message: string;
  /** The offending snippet, at most 120 characters. */
  text?: string;
  code?: 'IMPORT_ENCODING' | 'IMPORT_TOO_LARGE' | 'IMPORT_UNSUPPORTED_FORMAT' | ImportWarningCode;
}

export interface ParsedQuestion extends QuestionInput {
  line?: number;
  row?: number;
}

export interface ParseResult {
  questions: ParsedQuestion[];
  /** Every category the file names (cleaned paths, in order of first appearance), including empty ones. */
  categories: string[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

export const IMPORT_LIMITS = {
  /** Larger than a 20,000-question GIFT file; Moodle XML with images may come close. */
  maxFileBytes: 20 * 1024 * 1024,
  maxQuestions: 20_000,
  maxQuestionChars: 100_000,
  /** What an XLSX may expand to once unzipped (a zip bomb is refused before anything is inflated for real). */
  maxXlsxUncompressedBytes: 50 * 1024 * 1024,
} as const;

export const emptyResult = (): ParseResult => ({ questions: [], categories: [], errors: [], warnings: [] });

/** A snippet for an issue: one line, at most 120 characters. */
export function snippet(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 119)}…` : oneLine;
}
