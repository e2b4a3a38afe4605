import type { ChoiceOption, MatchingPair, NumericalAnswer, QuestionInput, ShortAnswer } from '#contracts';
import { cleanCategoryPath } from '../question-rules.js';
import { commaWarning, readNumericalSpec } from './numbers.js';
import { emptyResult, snippet, type ParsedQuestion, type ParseResult } from './types.js';

/*
 * GIFT, as Moodle reads it (question/format/gift/format.php), with Moodle's mistakes fixed:
 * - a numerical answer that is not a number is an error (Moodle's `$ans = '*'` typo makes it "any answer is right");
 * - weights may have three digits and a sign (`~%100%`, `~%-100%`; Moodle's regex reads `%100%` as 0);
 * - an answer block may contain blank lines when the next line continues it (`~`, `=`, `#`, `}`), and a block left
 *   open is reported at the line where its question started instead of swallowing the rest of the file;
 * - `$CATEGORY:` followed by a question without a blank line keeps the question.
 * Comment lines just above a question may carry `[id:X]` (external id), `[tag:difficulty-N]` and `[tag:x]`.
 */

const PH = {
  '\\': '\uE000',
  ':': '\uE001',
  '#': '\uE002',
  '=': '\uE003',
  '{': '\uE004',
  '}': '\uE005',
  '~': '\uE006',
  n: '\uE007',
} as const;
const UNPH: Record<string, string> = {
  '\uE000': '\\',
  '\uE001': ':',
  '\uE002': '#',
  '\uE003': '=',
  '\uE004': '{',
  '\uE005': '}',
  '\uE006': '~',
  '\uE007': '\n',
};
const protect = (s: string) => s.replace(/\\([\\:#={}~n])/g, (_m, c: keyof typeof PH) => PH[c]);
const unprotect = (s: string) => s.replace(/[\uE000-\uE007]/g, (c) => UNPH[c]!);

const FORMAT_MARKER = /^\s*\[(html|markdown|plain|moodle)\]/;
const WEIGHT = /^%\s*([+-]?\d+(?:[.,]\d+)?)\s*%/;
const WEIGHT_LIKE = /^%[^%\n]{0,16}%/;
const CONTINUES_BLOCK = /^\s*[~=#}%]/;

type Format = NonNullable<QuestionInput['format']>;

interface Meta {
  externalId?: string;
  difficulty?: number;
  tags: string[];
}

class QuestionError extends Error {}

function readMeta(comment: string, meta: Meta): void {
  for (const m of comment.matchAll(/\[(id|tag):([^\]]*)\]/g)) {
    const value = m[2]!.trim();
    if (m[1] === 'id') meta.externalId = value;
    else {
      const d = /^difficulty-(\d+)$/i.exec(value);
      if (d) meta.difficulty = Number(d[1]);
      else if (value) meta.tags.push(value);
    }
  }
}

/** Moodle's context prefixes are not part of the path: "$course$/top/Pháp luật" → "Pháp luật". */
export function giftCategoryPath(raw: string): string {
  let path = raw.trim().replace(/^\$(course|system|module|cat|coursecategory)\$\/?/i, '');
  path = path.replace(/^top(\/|$)/, '');
  return cleanCategoryPath(path);
}

/** Braces opened minus closed on a line (escaped braces do not count); also whether a `}` closed nothing. */
function braceDelta(line: string, depth: number): { depth: number; stray: boolean; opened: number } {
  let stray = false;
  let opened = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 123 /* { */) {
      depth++;
      opened++;
    } else if (c === 125 /* } */) {
      if (depth === 0) stray = true;
      else depth--;
    }
  }
  return { depth, stray, opened };
}

function stripFormat(text: string): { text: string; format?: Format } {
  const m = FORMAT_MARKER.exec(text);
  if (!m) return { text };
  return { text: text.slice(m[0].length), format: m[1] as Format };
}

const clean = (s: string) => unprotect(stripFormat(s).text).trim();

function splitFeedback(s: string): { text: string; feedback?: string } {
  const hash = s.indexOf('#');
  if (hash === -1) return { text: clean(s) };
  const feedback = clean(s.slice(hash + 1));
  return { text: clean(s.slice(0, hash)), ...(feedback ? { feedback } : {}) };
}

/** Splits an answer list at each `~` or `=` marker; text before the first marker is returned apart. */
function splitMarked(s: string, markers: RegExp): { lead: string; items: { marker: string; body: string }[] } {
  const items: { marker: string; body: string }[] = [];
  let lead = '';
  let current: { marker: string; body: string } | null = null;
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || markers.test(s[i]!)) {
      const chunk = s.slice(start, i);
      if (current) current.body = chunk;
      else lead = chunk;
      if (i === s.length) break;
      current = { marker: s[i]!, body: '' };
      items.push(current);
      start = i + 1;
    }
  }
  return { lead, items };
}

function readWeight(body: string, warnings: string[]): { weight?: number; rest: string } {
  const m = WEIGHT.exec(body);
  if (m) {
    if (m[1]!.includes(',')) warnings.push(`Đã đọc trọng số "${m[1]}%" là ${m[1]!.replace(',', '.')}%.`);
    return { weight: Number(m[1]!.replace(',', '.')) / 100, rest: body.slice(m[0].length) };
  }
  if (WEIGHT_LIKE.test(body)) {
    throw new QuestionError(`Trọng số "${WEIGHT_LIKE.exec(body)![0]}" không hợp lệ: hãy viết dạng %50% hoặc %-100%.`);
  }
  return { rest: body };
}

function parseChoices(inner: string, warnings: string[]): Pick<QuestionInput, 'type' | 'options'> {
  const single = inner.includes('=');
  const { lead, items } = splitMarked(inner, /[~=]/);
  if (lead.trim()) throw new QuestionError(`Phương án "${snippet(clean(lead))}" phải bắt đầu bằng ~ hoặc =.`);
  const options: ChoiceOption[] = items.map(({ marker, body }) => {
    let fraction = 0;
    let rest = body;
    if (marker === '=') fraction = 1;
    else {
      const w = readWeight(body, warnings);
      rest = w.rest;
      if (w.weight !== undefined) fraction = w.weight;
    }
    const { text, feedback } = splitFeedback(rest);
    return { text, fraction, ...(feedback ? { feedback } : {}) };
  });
  return { type: single ? 'single' : 'multiple', options };
}

/** Moodle writes an extra wrong answer as a pair with an empty left side (`= -> distractor`) and reads it back. */
function parseMatching(inner: string): Pick<QuestionInput, 'pairs' | 'distractors'> {
  const { lead, items } = splitMarked(inner, /=/);
  if (lead.trim()) throw new QuestionError(`Cặp ghép "${snippet(clean(lead))}" phải bắt đầu bằng =.`);
  const pairs: MatchingPair[] = [];
  const distractors: string[] = [];
  for (const { body } of items) {
    const arrow = body.indexOf('->');
    if (arrow === -1) throw new QuestionError(`Cặp ghép "${snippet(clean(body))}" thiếu dấu -> giữa hai vế.`);
    const prompt = clean(body.slice(0, arrow));
    const answer = unprotect(body.slice(arrow + 2)).trim();
    if (prompt === '') distractors.push(answer);
    else pairs.push({ prompt, answer });
  }
  return distractors.length ? { pairs, distractors } : { pairs };
}

function parseShort(inner: string, warnings: string[]): Pick<QuestionInput, 'answers'> {
  const { lead, items } = splitMarked(inner, /=/);
  const bodies = [...(lead.trim() ? [lead] : []), ...items.map((i) => i.body)];
  return {
    answers: bodies.map((body): ShortAnswer => {
      const w = readWeight(body.trim(), warnings);
      const { text, feedback } = splitFeedback(w.rest);
      return { text, fraction: w.weight ?? 1, ...(feedback ? { feedback } : {}) };
    }),
  };
}

function parseNumerical(inner: string, warnings: string[]): Pick<QuestionInput, 'answers'> {
  let body = inner.slice(1);
  const tilde = body.indexOf('~');
  if (tilde !== -1) {
    warnings.push('Phản hồi cho câu trả lời sai (phần sau dấu ~) của câu hỏi số không được hỗ trợ và đã bị bỏ qua.');
    body = body.slice(0, tilde);
  }
  const { lead, items } = splitMarked(body, /=/);
  const bodies = [...(lead.trim() ? [lead] : []), ...items.map((i) => i.body)];
  if (!bodies.length) throw new QuestionError('Câu hỏi số chưa có đáp án (ví dụ {#3:0.5} hoặc {#1..5}).');
  const commas: string[] = [];
  const answers = bodies.map((raw): NumericalAnswer => {
    const w = readWeight(raw.trim(), warnings);
    const { text, feedback } = splitFeedback(w.rest);
    const read = readNumericalSpec(text);
    if (!read.ok) throw new QuestionError(`Đáp án của câu hỏi số không hợp lệ: ${read.message}`);
    commas.push(...read.spec.commaNumbers);
    return {
      value: read.spec.value,
      tolerance: read.spec.tolerance,
      fraction: w.weight ?? 1,
      ...(feedback ? { feedback } : {}),
    };
  });
  if (commas.length) warnings.push(commaWarning(commas));
  return { answers };
}

function parseTrueFalse(inner: string): Pick<QuestionInput, 'correct' | 'trueFeedback' | 'falseFeedback'> {
  const [ans, wrong, right] = inner.split('#', 3).map((s, i) => (i === 0 ? s.trim() : clean(s))) as [
    string,
    string | undefined,
    string | undefined,
  ];
  const correct = ans === 'T' || ans === 'TRUE';
  const out: Pick<QuestionInput, 'correct' | 'trueFeedback' | 'falseFeedback'> = { correct };
  const trueFb = correct ? right : wrong;
  const falseFb = correct ? wrong : right;
  if (trueFb) out.trueFeedback = trueFb;
  if (falseFb) out.falseFeedback = falseFb;
  return out;
}

/** One question block (comments removed, escapes protected) into a question; throws QuestionError. */
function parseQuestion(block: string, warnings: string[]): QuestionInput {
  let text = block.trim();
  let title: string | undefined;
  if (text.startsWith('::')) {
    const end = text.indexOf('::', 2);
    if (end === -1)
      throw new QuestionError('Tiêu đề mở bằng :: nhưng không có :: đóng (dấu : trong tiêu đề viết là \\:).');
    title = unprotect(text.slice(2, end)).trim();
    text = text.slice(end + 2).trim();
  }
  const open = text.indexOf('{');
  const close = text.indexOf('}');
  let questionText: string;
  let inner: string | null = null;
  if (open === -1 && close === -1) questionText = text;
  else if (open === -1 || close < open) {
    throw new QuestionError('Có dấu } nhưng thiếu dấu { mở phần đáp án (dấu } trong nội dung viết là \\}).');
  } else if (close === -1) {
    throw new QuestionError('Thiếu dấu } đóng phần đáp án (tệp bị cắt cụt hoặc quên đóng ngoặc).');
  } else {
    if (text.indexOf('{', open + 1) !== -1) {
      throw new QuestionError('Câu hỏi có nhiều hơn một phần đáp án {…} (dấu { trong nội dung viết là \\{).');
    }
    inner = text.slice(open + 1, close).trim();
    const after = text.slice(close + 1);
    // Text after the answers makes a missing-word question: the answers' place becomes a blank.
    questionText = after.trim() ? `${text.slice(0, open)}_____${after}` : text.slice(0, open);
  }
  const { text: bodyText, format } = stripFormat(questionText.trim());
  const q: QuestionInput = { type: 'description', text: unprotect(bodyText).trim() };
  if (title) q.title = title;
  if (format) q.format = format;
  if (inner === null) return q;
  const gf = inner.lastIndexOf('####');
  if (gf !== -1) {
    const generalFeedback = clean(inner.slice(gf + 4));
    if (generalFeedback) q.generalFeedback = generalFeedback;
    inner = inner.slice(0, gf).trim();
  }
  if (inner === '') return { ...q, type: 'essay' };
  if (inner.startsWith('#')) return { ...q, type: 'numerical', ...parseNumerical(inner, warnings) };
  if (inner.includes('~')) return { ...q, ...parseChoices(inner, warnings) };
  if (inner.includes('=') && inner.includes('->')) return { ...q, type: 'matching', ...parseMatching(inner) };
  const tf = inner.split('#', 1)[0]!.trim();
  if (['T', 'TRUE', 'F', 'FALSE'].includes(tf)) return { ...q, type: 'truefalse', ...parseTrueFalse(inner) };
  return { ...q, type: 'short', ...parseShort(inner, warnings) };
}

export function parseGift(text: string): ParseResult {
  const result = emptyResult();
  const lines = text.split('\n');
  const categories = new Set<string>();
  let category: string | undefined;
  let meta: Meta = { tags: [] };
  let i = 0;

  const addQuestion = (blockLines: string[], start: number) => {
    const raw = blockLines.join('\n');
    const warnings: string[] = [];
    try {
      const q = parseQuestion(protect(raw), warnings);
      const parsed: ParsedQuestion = { ...q, line: start };
      if (category) parsed.category = category;
      if (meta.externalId) parsed.externalId = meta.externalId;
      if (meta.difficulty !== undefined) parsed.difficulty = meta.difficulty as 1 | 2 | 3;
      if (meta.tags.length) parsed.tags = [...meta.tags];
      result.questions.push(parsed);
    } catch (e) {
      if (!(e instanceof QuestionError)) throw e;
      result.errors.push({ line: start, message: `Câu hỏi bắt đầu ở dòng ${start}: ${e.message}`, text: snippet(raw) });
    }
    for (const w of warnings) result.warnings.push({ line: start, message: w, text: snippet(raw) });
    meta = { tags: [] };
  };

  while (i < lines.length) {
    const trimmed = lines[i]!.trim();
    if (trimmed === '') {
      i++;
      continue;
    }
    if (trimmed.startsWith('//')) {
      readMeta(trimmed, meta);
      i++;
      continue;
    }
    if (/^\$CATEGORY:/.test(trimmed)) {
      const path = giftCategoryPath(trimmed.slice('$CATEGORY:'.length));
      category = path || undefined;
      if (path) categories.add(path);
      meta = { tags: [] };
      i++;
      continue;
    }
    const start = i + 1;
    const block: string[] = [];
    let depth = 0;
    let stray = false;
    for (;;) {
      const line = lines[i]!;
      // Moodle drops comment lines anywhere in a question.
      if (!line.trim().startsWith('//')) {
        const d = braceDelta(line, depth);
        depth = d.depth;
        stray ||= d.stray;
        block.push(line);
      }
      i++;
      if (i >= lines.length) break;
      if (lines[i]!.trim() !== '') {
        if (depth === 0 && /^\s*\$CATEGORY:/.test(lines[i]!)) break;
        continue;
      }
      if (depth === 0) break;
      // A blank line inside an open answer block: keep going only if the next line carries on the answers.
      let j = i;
      while (j < lines.length && lines[j]!.trim() === '') j++;
      if (j < lines.length && CONTINUES_BLOCK.test(lines[j]!)) {
        i = j;
        continue;
      }
      break;
    }
    if (depth > 0 && !stray) {
      const where = i >= lines.length ? ' (tệp kết thúc khi phần đáp án còn mở: tệp bị cắt cụt?)' : '';
      result.errors.push({
        line: start,
        message: `Câu hỏi bắt đầu ở dòng ${start}: thiếu dấu } đóng phần đáp án${where}.`,
        text: snippet(block.join('\n')),
      });
      meta = { tags: [] };
      continue;
    }
    addQuestion(block, start);
  }
  result.categories = [...categories];
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Export

/** Moodle's repchar: the reserved characters escaped, new lines written as \n so a question stays on its lines. */
export const giftEscape = (s: string): string =>
  s
    .replace(/\r/g, '')
    .replace(/[\\#=~{}:]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');

const pct = (f: number): string => `${Number((f * 100).toFixed(5))}`;

/** Text that would read as a format marker or a weight gets an explicit marker or weight in front. */
function answerText(text: string, qFormat: Format | undefined): string {
  const marker = FORMAT_MARKER.test(text) ? `[${qFormat ?? 'moodle'}]` : '';
  return marker + giftEscape(text);
}

function writeQuestion(q: QuestionInput): string {
  const meta: string[] = [];
  if (q.externalId) meta.push(`[id:${q.externalId}]`);
  if (q.difficulty !== undefined) meta.push(`[tag:difficulty-${q.difficulty}]`);
  for (const t of q.tags ?? []) meta.push(`[tag:${t}]`);
  let out = meta.length ? `// ${meta.join(' ')}\n` : '';
  // A question whose text starts with // would read as a comment: an empty title in front keeps it a question.
  if (q.title) out += `::${giftEscape(q.title)}::`;
  else if (q.text.startsWith('//')) out += '::::';
  if (q.format) out += `[${q.format}]`;
  out += giftEscape(q.text);
  const fmt = q.format;
  const gf = q.generalFeedback ? `\t####${answerText(q.generalFeedback, fmt)}\n` : '';
  const fb = (f: string | undefined) => (f ? `#${answerText(f, fmt)}` : '');
  switch (q.type) {
    case 'description':
      return `${out}\n`;
    case 'essay':
      return `${out}{${q.generalFeedback ? `####${answerText(q.generalFeedback, fmt)}` : ''}}\n`;
    case 'truefalse': {
      const right = q.correct ? q.trueFeedback : q.falseFeedback;
      const wrong = q.correct ? q.falseFeedback : q.trueFeedback;
      let body = q.correct ? 'TRUE' : 'FALSE';
      if (wrong) body += `#${answerText(wrong, fmt)}`;
      else if (right) body += '#';
      if (right) body += `#${answerText(right, fmt)}`;
      if (q.generalFeedback) body += `####${answerText(q.generalFeedback, fmt)}`;
      return `${out}{${body}}\n`;
    }
    case 'single':
    case 'multiple': {
      // Only the first full-mark option of a single choice is written "=": a second "=" with no "~" anywhere would
      // read back as a short-answer question.
      const firstFull = q.type === 'single' ? (q.options ?? []).findIndex((o) => o.fraction === 1) : -1;
      const lines = (q.options ?? []).map((o, i) => {
        const weighted = o.fraction !== 0 || o.text.startsWith('%');
        const prefix = i === firstFull ? '=' : weighted ? `~%${pct(o.fraction)}%` : '~';
        return `\t${prefix}${answerText(o.text, fmt)}${fb(o.feedback)}\n`;
      });
      return `${out}{\n${lines.join('')}${gf}}\n`;
    }
    case 'short': {
      const lines = ((q.answers ?? []) as ShortAnswer[]).map((a) => {
        const weight = a.fraction !== 1 || a.text.startsWith('%') ? `%${pct(a.fraction)}%` : '';
        return `\t=${weight}${answerText(a.text, fmt)}${fb(a.feedback)}\n`;
      });
      return `${out}{\n${lines.join('')}${gf}}\n`;
    }
    case 'numerical': {
      const lines = ((q.answers ?? []) as NumericalAnswer[]).map(
        (a) => `\t=%${pct(a.fraction)}%${a.value}:${a.tolerance}${fb(a.feedback)}\n`,
      );
      return `${out}{#\n${lines.join('')}${gf}}\n`;
    }
    case 'matching': {
      const lines = (q.pairs ?? []).map((p) => `\t=${answerText(p.prompt, fmt)} -> ${giftEscape(p.answer)}\n`);
      // As Moodle writes a distractor: a pair whose left side is empty.
      for (const d of q.distractors ?? []) lines.push(`\t= -> ${giftEscape(d)}\n`);
      return `${out}{\n${lines.join('')}${gf}}\n`;
    }
  }
}

/**
 * GIFT text for questions, grouped under `$CATEGORY:` lines as they come (an empty `$CATEGORY:` returns to the top).
 * GIFT cannot carry embedded files, the case-sensitivity of short answers, the general feedback of a description, a
 * matching prompt or short answer containing "->", nor a question text starting with a format marker like [html]
 * when the question has no format: those are the format's limits, not this writer's.
 */
export function exportGift(questions: QuestionInput[]): string {
  const parts: string[] = [];
  let category: string | undefined;
  for (const q of questions) {
    if ((q.category || undefined) !== category) {
      category = q.category || undefined;
      parts.push(`$CATEGORY: ${category ?? ''}\n`);
    }
    parts.push(writeQuestion(q));
  }
  return parts.join('\n');
}
