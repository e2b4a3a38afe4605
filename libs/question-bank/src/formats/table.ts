import type { ChoiceOption, MatchingPair, NumericalAnswer, QuestionInput, QuestionType, ShortAnswer } from '#contracts';
import { cleanCategoryPath } from '../question-rules.js';
import { commaWarning, readNumericalSpec } from './numbers.js';
import { emptyResult, snippet, type ParsedQuestion, type ParseResult } from './types.js';
import {
  COLUMN_LABELS,
  columnFields,
  fold,
  headerKey,
  usableColumns,
  type ColumnField,
  type ColumnKey,
} from './columns.js';

/*
 * The question sheet shared by CSV and XLSX: one header row (Vietnamese, English aliases accepted, any order; see
 * columns.ts for the names recognized, Kahoot's and Quizizz's included), then one question per row. Rows above the
 * header (a template's title and instructions) are skipped. Without a "Loại" column (or with it blank), a row with
 * options is a single choice and one without is true/false or a short answer, by its key. Columns:
 *   Loại         Một đáp án | Nhiều đáp án | Đúng/Sai | Trả lời ngắn | Số | Ghép đôi | Tự luận | Mô tả
 *   Danh mục     a path: Pháp luật/Luật An ninh mạng
 *   Mức độ       1 | 2 | 3 (or Dễ | Trung bình | Khó)
 *   Mã, Tiêu đề  optional external id and title
 *   Câu hỏi      the text
 *   Phương án A… options of single/multiple choice; for matching, one pair per cell: "vế trái -> vế phải", and an
 *                extra wrong answer as "-> vế phải" (empty left side)
 *   Đáp án       choices: letters "A" or "A, C" (or option numbers "1, 3", or an option's text), with marks when
 *                needed "A(50%), C(50%), D(-100%)";
 *                Đúng/Sai; numerical: "1.5", "1.5 ± 0.1", "1.5:0.1", "1..2"; short answer: "Hà Nội | Ha Noi";
 *                several numerical or short answers are separated by "|" and may carry "(50%)" at their end
 *   Giải thích   general feedback
 *   Thẻ          tags separated by "," or ";"
 *   Phản hồi     feedback per option or answer: "A: … | B: …", "1: … | 2: …", "Đúng: … | Sai: …"
 *   Định dạng    html | markdown | plain | moodle (optional)
 *   Phân biệt hoa thường   "Có" for a case-sensitive short answer (optional)
 * In the "|" lists, "\|" is a literal bar and "\\" a literal backslash.
 */

type Key = ColumnKey;

export const OPTION_LABEL = (i: number) => `Phương án ${String.fromCharCode(65 + i)}`;
export const HEADER_ORDER: Key[] = ['type', 'category', 'difficulty', 'externalId', 'title', 'text'];
export const HEADER_TAIL: Key[] = ['answer', 'generalFeedback', 'tags', 'feedback', 'format', 'caseSensitive'];
export const headerLabel = (k: Key) => COLUMN_LABELS[k];

export const TYPE_LABELS: Record<QuestionType, string> = {
  single: 'Một đáp án',
  multiple: 'Nhiều đáp án',
  truefalse: 'Đúng/Sai',
  short: 'Trả lời ngắn',
  numerical: 'Số',
  matching: 'Ghép đôi',
  essay: 'Tự luận',
  description: 'Mô tả',
};
const TYPE_ALIASES: Record<string, QuestionType> = {};
for (const [type, label] of Object.entries(TYPE_LABELS) as [QuestionType, string][]) {
  TYPE_ALIASES[fold(label)] = type;
  TYPE_ALIASES[type] = type;
}
Object.assign(TYPE_ALIASES, {
  'trac nghiem': 'single',
  'chon mot': 'single',
  'mot lua chon': 'single',
  multichoice: 'single',
  'chon nhieu': 'multiple',
  'nhieu lua chon': 'multiple',
  'dung sai': 'truefalse',
  'true/false': 'truefalse',
  'true false': 'truefalse',
  'tra loi so': 'numerical',
  'dang so': 'numerical',
  number: 'numerical',
  shortanswer: 'short',
  'short answer': 'short',
  'dien tu': 'short',
  'ghep noi': 'matching',
  match: 'matching',
  'doan van': 'description',
  // Quizizz's and Kahoot's type names, compared as headers are (punctuation as spaces).
  'multiple choice': 'single',
  quiz: 'single',
  checkbox: 'multiple',
  'fill in the blank': 'short',
  'open ended': 'essay',
  'true or false': 'truefalse',
} satisfies Record<string, QuestionType>);
const typeOf = (cell: string): QuestionType | undefined => TYPE_ALIASES[fold(cell)] ?? TYPE_ALIASES[headerKey(cell)];

const DIFFICULTY: Record<string, 1 | 2 | 3> = {
  '1': 1,
  '2': 2,
  '3': 3,
  de: 1,
  'nhan biet': 1,
  'trung binh': 2,
  'thong hieu': 2,
  kho: 3,
  'van dung': 3,
  'van dung cao': 3,
  easy: 1,
  medium: 2,
  hard: 3,
};
const TRUE_WORDS = new Set(['dung', 'd', 'true', 't', '1', 'co', 'x', 'yes']);
const FALSE_WORDS = new Set(['sai', 's', 'false', 'f', '0', 'khong', 'no']);
const FORMATS = new Set(['html', 'markdown', 'plain', 'moodle']);
/** The words that make a row without options or type a true/false question (not "1", "x": those are answers). */
const TRUE_FALSE_KEYS = new Set(['dung', 'sai', 'true', 'false']);

export interface SheetRow {
  /** The row number a person sees in the spreadsheet (the header is usually row 1). */
  row: number;
  cells: string[];
}

class RowError extends Error {}

/** Splits a "|" list, honouring \| and \\. */
export function splitBars(s: string): string[] {
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && (s[i + 1] === '|' || s[i + 1] === '\\')) {
      current += s[i + 1];
      i++;
    } else if (c === '|') {
      items.push(current);
      current = '';
    } else current += c;
  }
  items.push(current);
  return items.map((x) => x.trim()).filter((x) => x !== '');
}
export const escapeBars = (s: string) => s.replace(/[\\|]/g, (c) => `\\${c}`);

const TRAILING_WEIGHT = /\s*\(\s*([+-]?\d+(?:[.,]\d+)?)\s*%\s*\)\s*$/;
function trailingWeight(item: string): { body: string; weight?: number } {
  const m = TRAILING_WEIGHT.exec(item);
  if (!m) return { body: item };
  return { body: item.slice(0, m.index), weight: Number(m[1]!.replace(',', '.')) / 100 };
}
const pct = (f: number) => `${Number((f * 100).toFixed(5))}%`;

/** An option named in the key: a letter (A), an option number (1, as Kahoot and Quizizz write), "Đáp án B", "C.". */
function optionIndex(ref: string): number | null {
  const bare = ref
    .replace(/^(?:đáp án|phương án|option|answer|choice)\s+/i, '')
    .replace(/^([A-Za-z]|\d{1,2})[.)]$/, '$1');
  if (/^[A-Za-z]$/.test(bare)) return bare.toUpperCase().charCodeAt(0) - 65;
  if (/^\d{1,2}$/.test(bare)) return Number(bare) - 1;
  return null;
}

function readChoices(options: string[], key: string, type: 'single' | 'multiple'): ChoiceOption[] {
  if (!key.trim())
    throw new RowError('Chưa có đáp án: ghi chữ cái của phương án đúng vào cột "Đáp án" (ví dụ A hoặc A, C).');
  const fractions = options.map(() => 0);
  // The right option's text itself, as some people write it.
  const byText = options.findIndex((o) => fold(o) === fold(key));
  const items =
    byText !== -1 && optionIndex(key.trim()) === null
      ? [String.fromCharCode(65 + byText)]
      : key
          .split(/[,;]/)
          .map((s) => s.trim())
          .filter(Boolean);
  const unweighted: number[] = [];
  let weighted = 0;
  const letters = () => options.map((_o, i) => String.fromCharCode(65 + i)).join(', ') || 'không có phương án';
  for (const item of items) {
    const m = /^(.*?)\s*(?:\(\s*([+-]?\d+(?:[.,]\d+)?)\s*%\s*\))?$/.exec(item)!;
    const index = optionIndex(m[1]!);
    if (index === null)
      throw new RowError(`Đáp án "${item}" không hợp lệ: ghi chữ cái của phương án, ví dụ A hoặc A, C hoặc A(50%).`);
    if (index < 0 || index >= options.length) {
      throw new RowError(`Đáp án "${m[1]!.toUpperCase()}" không ứng với phương án nào (chỉ có ${letters()}).`);
    }
    if (m[2] !== undefined) {
      fractions[index] = Number(m[2].replace(',', '.')) / 100;
      weighted++;
    } else unweighted.push(index);
  }
  if (type === 'multiple' && unweighted.length) {
    if (weighted) throw new RowError('Ghi điểm (%) cho tất cả các đáp án, hoặc không ghi cho đáp án nào.');
    for (const i of unweighted) fractions[i] = 1 / unweighted.length;
  } else for (const i of unweighted) fractions[i] = 1;
  return options.map((text, i) => ({ text, fraction: fractions[i]! }));
}

/** A row's type when the sheet does not say: options make a choice (or matching, "a -> b"), else the key decides. */
function inferType(filled: string[], key: string): QuestionType {
  if (filled.length) return filled.every((o) => o.includes('->')) ? 'matching' : 'single';
  if (TRUE_FALSE_KEYS.has(fold(key))) return 'truefalse';
  if (key.trim()) return 'short';
  throw new RowError('Không rõ loại câu hỏi: điền cột "Loại", hoặc các phương án và cột "Đáp án".');
}

function readFeedback(cell: string, type: QuestionType, count: number): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const item of splitBars(cell)) {
    const m = /^([^:]{1,6}):([\s\S]*)$/.exec(item);
    const raw = m?.[1]?.trim() ?? '';
    let k = raw.toUpperCase();
    if (type === 'truefalse') {
      const f = fold(raw);
      k = TRUE_WORDS.has(f) ? 'true' : FALSE_WORDS.has(f) ? 'false' : '';
    } else if (type === 'single' || type === 'multiple') {
      k = /^[A-Z]$/.test(k) && k.charCodeAt(0) - 65 < count ? k : '';
    } else if (type === 'short' || type === 'numerical') {
      k = /^\d+$/.test(k) && Number(k) >= 1 && Number(k) <= count ? k : '';
    } else k = '';
    if (!m || !k) {
      const expected =
        type === 'truefalse'
          ? '"Đúng: …" hoặc "Sai: …"'
          : type === 'short' || type === 'numerical'
            ? '"1: …" (số thứ tự đáp án)'
            : '"A: …" (chữ cái phương án)';
      throw new RowError(`Phản hồi "${snippet(item)}" không hợp lệ: viết dạng ${expected}, cách nhau bằng |.`);
    }
    byKey.set(k, m[2]!.trim());
  }
  return byKey;
}

function readRow(get: (k: Key) => string, options: string[], warnings: string[]): QuestionInput {
  const lastFilled = options.reduce((last, o, i) => (o ? i : last), -1);
  const gap = options.slice(0, lastFilled + 1).findIndex((o) => !o);
  if (gap !== -1) {
    throw new RowError(`${OPTION_LABEL(gap)} đang trống nhưng có phương án sau nó: các phương án phải liền nhau từ A.`);
  }
  const filled = options.slice(0, lastFilled + 1);
  const typeCell = get('type');
  const type = typeCell ? typeOf(typeCell) : inferType(filled, get('answer'));
  if (!type) {
    throw new RowError(
      `Loại câu hỏi "${typeCell}" không hợp lệ: dùng một trong ${Object.values(TYPE_LABELS).join(', ')}.`,
    );
  }
  const q: QuestionInput = { type, text: get('text') };
  const category = get('category');
  if (category) q.category = category;
  const difficulty = get('difficulty');
  if (difficulty) {
    const d = DIFFICULTY[fold(difficulty)];
    if (!d) throw new RowError(`Mức độ "${difficulty}" không hợp lệ: dùng 1 (dễ), 2 (trung bình) hoặc 3 (khó).`);
    q.difficulty = d;
  }
  const externalId = get('externalId');
  if (externalId) q.externalId = externalId;
  const title = get('title');
  if (title) q.title = title;
  const gf = get('generalFeedback');
  if (gf) q.generalFeedback = gf;
  const tags = get('tags')
    .split(/[,;]/)
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.length) q.tags = tags;
  const format = fold(get('format'));
  if (format) {
    if (!FORMATS.has(format))
      throw new RowError(`Định dạng "${get('format')}" không hợp lệ: dùng html, markdown, plain hoặc moodle.`);
    q.format = format as QuestionInput['format'];
  }
  const key = get('answer');
  const feedbackCell = get('feedback');
  const caseCell = fold(get('caseSensitive'));
  if (caseCell && !TRUE_WORDS.has(caseCell) && !FALSE_WORDS.has(caseCell)) {
    throw new RowError(`Cột "Phân biệt hoa thường" chỉ nhận "Có" hoặc "Không", không phải "${get('caseSensitive')}".`);
  }
  // Quizizz's fill-in-the-blank lists its accepted answers as options.
  const answersInOptions = type === 'short' && !key && filled.length > 0;
  const usesOptions = type === 'single' || type === 'multiple' || type === 'matching' || answersInOptions;
  if (!usesOptions && filled.length)
    warnings.push(`Câu hỏi loại "${TYPE_LABELS[type]}" không dùng các cột phương án: đã bỏ qua.`);
  if ((type === 'matching' || type === 'essay' || type === 'description') && key) {
    warnings.push(`Câu hỏi loại "${TYPE_LABELS[type]}" không dùng cột "Đáp án": đã bỏ qua.`);
  }

  switch (type) {
    case 'single':
    case 'multiple': {
      const fb = readFeedback(feedbackCell, type, filled.length);
      q.options = readChoices(filled, key, type).map((o, i) => {
        const f = fb.get(String.fromCharCode(65 + i));
        return f ? { ...o, feedback: f } : o;
      });
      break;
    }
    case 'truefalse': {
      const f = fold(key);
      if (!TRUE_WORDS.has(f) && !FALSE_WORDS.has(f)) {
        throw new RowError(`Đáp án của câu Đúng/Sai phải là "Đúng" hoặc "Sai", không phải "${key}".`);
      }
      q.correct = TRUE_WORDS.has(f);
      const fb = readFeedback(feedbackCell, type, 2);
      if (fb.get('true')) q.trueFeedback = fb.get('true');
      if (fb.get('false')) q.falseFeedback = fb.get('false');
      break;
    }
    case 'short': {
      const items = answersInOptions ? filled : splitBars(key);
      if (!items.length) throw new RowError('Chưa có đáp án: ghi các câu trả lời được chấp nhận, cách nhau bằng |.');
      const fb = readFeedback(feedbackCell, type, items.length);
      q.answers = items.map((item, i): ShortAnswer => {
        const { body, weight } = trailingWeight(item);
        const f = fb.get(String(i + 1));
        return { text: body.trim(), fraction: weight ?? 1, ...(f ? { feedback: f } : {}) };
      });
      if (TRUE_WORDS.has(caseCell)) q.caseSensitive = true;
      break;
    }
    case 'numerical': {
      const items = splitBars(key);
      if (!items.length) throw new RowError('Chưa có đáp án số (ví dụ 1.5 hoặc 1.5 ± 0.1 hoặc 1..2).');
      const fb = readFeedback(feedbackCell, type, items.length);
      const commas: string[] = [];
      q.answers = items.map((item, i): NumericalAnswer => {
        const { body, weight } = trailingWeight(item);
        const read = readNumericalSpec(body);
        if (!read.ok) throw new RowError(`Đáp án số không hợp lệ: ${read.message}`);
        commas.push(...read.spec.commaNumbers);
        const f = fb.get(String(i + 1));
        return {
          value: read.spec.value,
          tolerance: read.spec.tolerance,
          fraction: weight ?? 1,
          ...(f ? { feedback: f } : {}),
        };
      });
      if (commas.length) warnings.push(commaWarning(commas));
      break;
    }
    case 'matching': {
      const pairs: MatchingPair[] = [];
      const distractors: string[] = [];
      filled.forEach((cell, i) => {
        const arrow = cell.indexOf('->');
        if (arrow === -1) throw new RowError(`${OPTION_LABEL(i)} của câu ghép đôi phải có dạng "vế trái -> vế phải".`);
        const prompt = cell.slice(0, arrow).trim();
        const answer = cell.slice(arrow + 2).trim();
        // "-> x" (empty left side) is an extra wrong answer, as in GIFT.
        if (prompt) pairs.push({ prompt, answer });
        else distractors.push(answer);
      });
      q.pairs = pairs;
      if (distractors.length) q.distractors = distractors;
      break;
    }
    default:
      break;
  }
  if (feedbackCell && !['single', 'multiple', 'truefalse', 'short', 'numerical'].includes(type)) {
    warnings.push(`Câu hỏi loại "${TYPE_LABELS[type]}" không dùng cột "Phản hồi": đã bỏ qua.`);
  }
  return q;
}

/** How many rows may stand above the header (a template's title and instructions, as Kahoot's has). */
const HEADER_SEARCH_ROWS = 20;

/**
 * The header row and each of its columns' fields: the first of the top rows whose columns can be read as questions
 * (the organizer's mapping first, then the names recognized), else the first row.
 */
export function findHeader(
  rows: SheetRow[],
  mapping?: Map<string, ColumnField>,
): { header: SheetRow; fields: (ColumnField | null)[]; usable: boolean } | null {
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  for (const row of nonEmpty.slice(0, HEADER_SEARCH_ROWS)) {
    const fields = columnFields(row.cells, mapping);
    if (usableColumns(fields)) return { header: row, fields, usable: true };
  }
  const first = nonEmpty[0];
  return first ? { header: first, fields: columnFields(first.cells, mapping), usable: false } : null;
}

/**
 * Reads question rows. `strictColumns` (CSV) makes a row with a different number of cells than the header an error:
 * a shifted row would put answers under the wrong options. `mapping` names the fields of headers by their text.
 */
export function parseSheet(rows: SheetRow[], strictColumns: boolean, mapping?: Map<string, ColumnField>): ParseResult {
  const result = emptyResult();
  const found = findHeader(rows, mapping);
  if (!found) {
    result.errors.push({ message: 'Tệp không có dữ liệu: cần một dòng tiêu đề và các dòng câu hỏi.' });
    return result;
  }
  const { header, fields } = found;
  if (!found.usable) {
    result.errors.push({
      row: header.row,
      message:
        'Không nhận ra các cột của tệp: cần một cột câu hỏi (ví dụ "Câu hỏi") và các cột phương án, đáp án ' +
        '(ví dụ "Phương án A", "Đáp án") hoặc "Loại". Hãy ghép từng cột trong trình nhập, hoặc dùng tệp mẫu.',
      text: snippet(header.cells.join(' | ')),
    });
    return result;
  }
  const columns = new Map<Key, number>();
  const optionColumns: number[] = [];
  // Two columns read as the same field: the first is read, the other said to be unused.
  const unused = (cell: string, first: number) =>
    result.warnings.push({
      row: header.row,
      message: `Cột "${cell}" có cùng nội dung với cột "${header.cells[first]}" và đã bị bỏ qua.`,
    });
  const setAside: number[] = [];
  fields.forEach((field, i) => {
    const cell = header.cells[i]!;
    if (field === null) {
      if (cell.trim())
        result.warnings.push({ row: header.row, message: `Cột "${cell}" không được dùng và đã bị bỏ qua.` });
    } else if (field.startsWith('option')) {
      const n = Number(field.slice('option'.length)) - 1;
      if (optionColumns[n] === undefined) optionColumns[n] = i;
      else unused(cell, optionColumns[n]!);
    } else if (field === 'timeLimit' || field === 'image') setAside.push(i);
    else if (field !== 'ignore') {
      const taken = columns.get(field as Key);
      if (taken === undefined) columns.set(field as Key, i);
      else unused(cell, taken);
    }
  });
  const dataRows = rows.filter((r) => r.row > header.row && r.cells.some((c) => c.trim() !== ''));
  for (const i of setAside) {
    if (!dataRows.some((r) => (r.cells[i] ?? '').trim())) continue;
    const cell = header.cells[i]!;
    result.warnings.push({
      row: header.row,
      message:
        fields[i] === 'timeLimit'
          ? `Cột "${cell}" (thời gian) không được dùng: thời gian trả lời do vòng thi hoặc trò chơi quy định.`
          : `Cột "${cell}" (liên kết ảnh) không được dùng: ảnh không được tải về, hãy đính kèm ảnh khi soạn câu hỏi.`,
    });
  }
  const width = header.cells.length;
  const categories = new Set<string>();
  for (const r of dataRows) {
    if (strictColumns && r.cells.length !== width) {
      result.errors.push({
        row: r.row,
        message: `Dòng ${r.row} có ${r.cells.length} cột nhưng dòng tiêu đề có ${width} cột (thừa hoặc thiếu dấu phân cách?).`,
        text: snippet(r.cells.join(' | ')),
      });
      continue;
    }
    const get = (k: Key) => {
      const i = columns.get(k);
      return i === undefined ? '' : (r.cells[i] ?? '').trim();
    };
    const options: string[] = [];
    for (let i = 0; i < optionColumns.length; i++) {
      const col = optionColumns[i];
      options.push(col === undefined ? '' : (r.cells[col] ?? '').trim());
    }
    const warnings: string[] = [];
    try {
      const q: ParsedQuestion = { ...readRow(get, options, warnings), row: r.row };
      const category = cleanCategoryPath(q.category);
      if (category) categories.add(category);
      result.questions.push(q);
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      result.errors.push({ row: r.row, message: `Dòng ${r.row}: ${e.message}`, text: snippet(get('text')) });
    }
    for (const w of warnings) result.warnings.push({ row: r.row, message: `Dòng ${r.row}: ${w}` });
  }
  result.categories = [...categories];
  return result;
}

/** One question as sheet cells, in the order of `sheetHeaders(optionCount)`. */
export function questionCells(q: QuestionInput, optionCount: number): string[] {
  const options: string[] = new Array<string>(optionCount).fill('');
  let key = '';
  let feedback: string[] = [];
  const weighted = (text: string, fraction: number) =>
    fraction !== 1 || TRAILING_WEIGHT.test(text) ? `${text} (${pct(fraction)})` : text;
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const opts = q.options ?? [];
      opts.forEach((o, i) => (options[i] = o.text));
      const letter = (i: number) => String.fromCharCode(65 + i);
      const positive = opts.map((o, i) => ({ o, i })).filter(({ o }) => o.fraction !== 0);
      const even =
        q.type === 'multiple' && positive.every(({ o }) => Math.abs(o.fraction - 1 / positive.length) < 1e-7);
      if (q.type === 'single' || even) {
        key = positive
          .map(({ o, i }) => (q.type === 'single' && o.fraction !== 1 ? `${letter(i)}(${pct(o.fraction)})` : letter(i)))
          .join(', ');
      } else key = positive.map(({ o, i }) => `${letter(i)}(${pct(o.fraction)})`).join(', ');
      feedback = opts.flatMap((o, i) => (o.feedback ? [`${letter(i)}: ${escapeBars(o.feedback)}`] : []));
      break;
    }
    case 'truefalse':
      key = q.correct ? 'Đúng' : 'Sai';
      if (q.trueFeedback) feedback.push(`Đúng: ${escapeBars(q.trueFeedback)}`);
      if (q.falseFeedback) feedback.push(`Sai: ${escapeBars(q.falseFeedback)}`);
      break;
    case 'short': {
      const answers = (q.answers ?? []) as ShortAnswer[];
      key = answers.map((a) => escapeBars(weighted(a.text, a.fraction))).join(' | ');
      feedback = answers.flatMap((a, i) => (a.feedback ? [`${i + 1}: ${escapeBars(a.feedback)}`] : []));
      break;
    }
    case 'numerical': {
      const answers = (q.answers ?? []) as NumericalAnswer[];
      key = answers
        .map((a) => {
          const spec = a.tolerance ? `${a.value} ± ${a.tolerance}` : `${a.value}`;
          return a.fraction !== 1 ? `${spec} (${pct(a.fraction)})` : spec;
        })
        .join(' | ');
      feedback = answers.flatMap((a, i) => (a.feedback ? [`${i + 1}: ${escapeBars(a.feedback)}`] : []));
      break;
    }
    case 'matching':
      [...(q.pairs ?? []), ...(q.distractors ?? []).map((answer) => ({ prompt: '', answer }))].forEach(
        (p, i) => (options[i] = `${p.prompt} -> ${p.answer}`.trim()),
      );
      break;
    default:
      break;
  }
  return [
    TYPE_LABELS[q.type],
    q.category ?? '',
    q.difficulty !== undefined ? String(q.difficulty) : '',
    q.externalId ?? '',
    q.title ?? '',
    q.text,
    ...options,
    key,
    q.generalFeedback ?? '',
    (q.tags ?? []).join(', '),
    feedback.join(' | '),
    q.format ?? '',
    q.type === 'short' && q.caseSensitive ? 'Có' : '',
  ];
}

export function sheetHeaders(optionCount: number): string[] {
  return [
    ...HEADER_ORDER.map(headerLabel),
    ...Array.from({ length: optionCount }, (_v, i) => OPTION_LABEL(i)),
    ...HEADER_TAIL.map(headerLabel),
  ];
}

export const optionCountFor = (questions: QuestionInput[]): number =>
  Math.max(
    6,
    ...questions.map((q) =>
      q.type === 'matching' ? (q.pairs?.length ?? 0) + (q.distractors?.length ?? 0) : (q.options?.length ?? 0),
    ),
  );
