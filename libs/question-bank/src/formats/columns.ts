/*
 * Which column of a question sheet holds what. People's own spreadsheets (and Kahoot's and Quizizz's templates) head
 * their columns in many ways: "Câu hỏi", "Nội dung câu hỏi", "Question - max 120 characters", "Phương án A",
 * "Đáp án A", "Answer 1", "Option 1", "Đáp án đúng", "Correct answer(s)"… Headers are compared without diacritics,
 * case and punctuation, and a header's explanation after " - ", "(" or ":" is ignored. When a file's headers are not
 * recognized, the organizer maps them (ColumnMapping), and the mapping wins over the recognizer.
 */

export const OPTION_COLUMNS = 10;

export const COLUMN_KEYS = [
  'type',
  'category',
  'difficulty',
  'externalId',
  'title',
  'text',
  'answer',
  'generalFeedback',
  'tags',
  'feedback',
  'format',
  'caseSensitive',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

/** A column's meaning: a question field, option N (1-based), a column read and set aside, or one not to read. */
export type ColumnField = ColumnKey | `option${number}` | 'timeLimit' | 'image' | 'ignore';

export const COLUMN_FIELDS: readonly ColumnField[] = [
  ...COLUMN_KEYS,
  ...Array.from({ length: OPTION_COLUMNS }, (_v, i) => `option${i + 1}` as const),
  'timeLimit',
  'image',
  'ignore',
];

/** Header text → field, as the organizer chose it (keys are compared as headers are: see headerKey). */
export type ColumnMapping = Record<string, ColumnField>;

/** "Đáp án" → "dap an": no diacritics, lower case, đ as d, runs of spaces and underscores as one space. */
export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim();

/** A header as compared: folded, punctuation as spaces ("Correct Answer(s)" → "correct answer s"). */
export const headerKey = (s: string): string =>
  fold(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The header's name without its explanation: "Question - max 120 characters" → "question". */
function headerName(s: string): string {
  const cut = s.search(/\s[-–—]\s|\(|:/);
  return cut > 0 ? headerKey(s.slice(0, cut)) : headerKey(s);
}

export const COLUMN_LABELS: Record<ColumnKey, string> = {
  type: 'Loại',
  category: 'Danh mục',
  difficulty: 'Mức độ',
  externalId: 'Mã',
  title: 'Tiêu đề',
  text: 'Câu hỏi',
  answer: 'Đáp án',
  generalFeedback: 'Giải thích',
  tags: 'Thẻ',
  feedback: 'Phản hồi',
  format: 'Định dạng',
  caseSensitive: 'Phân biệt hoa thường',
};

const ALIASES: Record<Exclude<ColumnField, `option${number}`>, string[]> = {
  type: ['loai cau hoi', 'kieu', 'kieu cau hoi', 'dang cau hoi', 'type', 'question type'],
  category: ['chuyen muc', 'chu de', 'linh vuc', 'mon', 'mon hoc', 'category', 'categories', 'topic', 'subject'],
  difficulty: ['do kho', 'cap do', 'difficulty', 'level'],
  externalId: ['ma cau hoi', 'id', 'external id', 'idnumber', 'question id'],
  title: ['ten cau hoi', 'title', 'name', 'question name'],
  text: ['noi dung', 'noi dung cau hoi', 'de bai', 'question', 'question text', 'text', 'questions'],
  answer: [
    'dap an dung',
    'phuong an dung',
    'dap an chinh xac',
    'cau tra loi dung',
    'answer',
    'answers',
    'correct',
    'correct answer',
    'correct answers',
    'correct option',
    'right answer',
    'key',
  ],
  generalFeedback: [
    'loi giai',
    'giai thich dap an',
    'huong dan',
    'general feedback',
    'explanation',
    'answer explanation',
  ],
  tags: ['the', 'tags', 'tag', 'nhan'],
  feedback: ['phan hoi', 'feedback'],
  format: ['dinh dang', 'format', 'text format'],
  caseSensitive: ['case sensitive', 'usecase'],
  timeLimit: [
    'thoi gian',
    'thoi gian tra loi',
    'gioi han thoi gian',
    'time',
    'time limit',
    'time in seconds',
    'time seconds',
    'seconds',
  ],
  image: ['hinh anh', 'anh', 'image', 'image link', 'image url', 'picture'],
  ignore: ['stt', 'so thu tu', 'no', 'number'],
};

const BY_HEADER = new Map<string, ColumnField>();
for (const [key, label] of Object.entries(COLUMN_LABELS)) BY_HEADER.set(headerKey(label), key as ColumnKey);
for (const [field, names] of Object.entries(ALIASES)) {
  for (const name of names) BY_HEADER.set(headerKey(name), field as ColumnField);
}

/** "Phương án A", "Đáp án B", "Lựa chọn 3", "Option 1", "Answer 2", "Choice C", or a lone letter A–J. */
const OPTION_HEADER =
  /^(?:phuong an|dap an|lua chon|cau tra loi|tra loi|pa|option|choice|answer|alternative)\s*([a-j]|\d{1,2})$|^([a-j])$/;

function optionField(key: string): ColumnField | undefined {
  const m = OPTION_HEADER.exec(key);
  if (!m) return undefined;
  const ref = (m[1] ?? m[2])!;
  const n = /^\d+$/.test(ref) ? Number(ref) : ref.charCodeAt(0) - 96;
  return n >= 1 && n <= OPTION_COLUMNS ? `option${n}` : undefined;
}

/** What a header means by name alone, or null. */
export function recognizeHeader(header: string): ColumnField | null {
  for (const key of [headerKey(header), headerName(header)]) {
    if (!key) continue;
    const field = BY_HEADER.get(key) ?? optionField(key);
    if (field) return field;
  }
  return null;
}

export const isColumnField = (f: unknown): f is ColumnField =>
  typeof f === 'string' && (COLUMN_FIELDS as readonly string[]).includes(f);

/** A mapping keyed as headers are compared; unknown fields are dropped. */
export function normalizeMapping(mapping: Record<string, unknown> | null | undefined): Map<string, ColumnField> {
  const out = new Map<string, ColumnField>();
  for (const [header, field] of Object.entries(mapping ?? {})) {
    const key = headerKey(header);
    if (key && isColumnField(field)) out.set(key, field);
  }
  return out;
}

/** Each header cell's field: the organizer's mapping first, then the recognizer; null for an unknown column. */
export function columnFields(headers: string[], mapping?: Map<string, ColumnField>): (ColumnField | null)[] {
  return headers.map((h) => {
    const key = headerKey(h);
    if (!key) return null;
    return mapping?.get(key) ?? recognizeHeader(h);
  });
}

/** Enough to read questions: a question text and something to answer with (or a type column). */
export const usableColumns = (fields: (ColumnField | null)[]): boolean =>
  fields.includes('text') &&
  fields.some((f) => f === 'type' || f === 'answer' || (f !== null && f.startsWith('option')));
