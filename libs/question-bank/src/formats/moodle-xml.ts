import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ChoiceOption, NumericalAnswer, QuestionInput, ShortAnswer } from '#contracts';
import { giftCategoryPath } from './gift.js';
import { commaWarning, readNumber } from './numbers.js';
import { emptyResult, snippet, type ParsedQuestion, type ParseResult } from './types.js';

/*
 * Moodle XML (question/format/xml): multichoice, truefalse, shortanswer, numerical, matching, essay, description and
 * category pseudo-questions; CDATA; embedded files (<file encoding="base64">) referenced as @@PLUGINFILE@@/name;
 * idnumber → externalId; tags (difficulty-N → difficulty); fractions in percent. A DOCTYPE is refused before parsing,
 * so no entity can be declared (no billion laughs, no external entities).
 */

type Node = Record<string, unknown>;
type Format = NonNullable<QuestionInput['format']>;

const ARRAYS = new Set(['question', 'answer', 'subquestion', 'file', 'tag']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '__cdata',
  processEntities: true,
  // Decodes numeric character references (&#233;) too; only predefined entities exist since a DOCTYPE is refused.
  htmlEntities: true,
  isArray: (name) => ARRAYS.has(name),
});

const FORMATS: Record<string, Format> = {
  html: 'html',
  moodle_auto_format: 'moodle',
  plain_text: 'plain',
  markdown: 'markdown',
};
const FORMAT_NAMES: Record<Format, string> = {
  html: 'html',
  moodle: 'moodle_auto_format',
  plain: 'plain_text',
  markdown: 'markdown',
};

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  pdf: 'application/pdf',
};
export const mimeOf = (name: string): string =>
  MIME[/\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';

class QuestionError extends Error {}

/** The character content of a node: plain text, CDATA sections, or both. */
function chars(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return node.map(chars).join('');
  const n = node as Node;
  return chars(n['#text']) + chars(n.__cdata);
}

/** <x><text>…</text></x> → '…' */
const textOf = (node: unknown): string => {
  if (node === undefined || node === null || typeof node !== 'object') return chars(node).trim();
  return chars((node as Node).text).trim();
};
const attr = (node: unknown, name: string): string | undefined => {
  if (!node || typeof node !== 'object') return undefined;
  const v = (node as Node)[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
};
const list = (node: unknown): Node[] => (Array.isArray(node) ? (node as Node[]) : node ? [node as Node] : []);
const flag = (node: unknown): boolean => ['1', 'true'].includes(chars(node).trim().toLowerCase());

function readFraction(node: Node): number {
  const raw = attr(node, 'fraction') ?? '0';
  const read = readNumber(raw);
  if (!read.ok) throw new QuestionError(`Điểm (fraction) "${raw}" không phải là số.`);
  return read.value / 100;
}

function feedbackOf(node: Node): { feedback?: string } {
  const fb = textOf(node.feedback);
  return fb ? { feedback: fb } : {};
}

function filesIn(q: Node): NonNullable<QuestionInput['files']> {
  const files: NonNullable<QuestionInput['files']> = [];
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    for (const [key, value] of Object.entries(node as Node)) {
      if (key === 'file') {
        for (const f of list(value)) {
          const name = attr(f, 'name') ?? '';
          if (attr(f, 'encoding') !== 'base64') continue;
          if (!files.some((x) => x.name === name)) {
            files.push({ name, mimeType: mimeOf(name), base64: chars(f).replace(/\s+/g, '') });
          }
        }
      } else if (!key.startsWith('@_')) visit(value);
    }
  };
  visit(q);
  return files;
}

function readQuestion(q: Node, type: string, warnings: string[]): QuestionInput {
  const base: QuestionInput = { type: 'description', text: textOf(q.questiontext) };
  const format = FORMATS[attr(q.questiontext, 'format') ?? ''];
  if (format) base.format = format;
  const title = textOf(q.name);
  if (title) base.title = title;
  const gf = textOf(q.generalfeedback);
  if (gf) base.generalFeedback = gf;
  const idnumber = chars(q.idnumber).trim();
  if (idnumber) base.externalId = idnumber;
  const tags: string[] = [];
  for (const tag of list((q.tags as Node | undefined)?.tag)) {
    const t = textOf(tag);
    const d = /^difficulty-(\d+)$/i.exec(t);
    if (d) base.difficulty = Number(d[1]) as 1 | 2 | 3;
    else if (t) tags.push(t);
  }
  if (tags.length) base.tags = tags;
  const files = filesIn(q);
  if (files.length) base.files = files;
  const answers = list(q.answer);

  switch (type) {
    case 'description':
      return base;
    case 'essay':
      return { ...base, type: 'essay' };
    case 'multichoice': {
      const options: ChoiceOption[] = answers.map((a) => ({
        text: textOf(a),
        fraction: readFraction(a),
        ...feedbackOf(a),
      }));
      const single = q.single === undefined ? true : flag(q.single);
      return { ...base, type: single ? 'single' : 'multiple', options };
    }
    case 'truefalse': {
      const t = answers.find((a) => textOf(a).toLowerCase() === 'true');
      const f = answers.find((a) => textOf(a).toLowerCase() === 'false');
      if (!t || !f) throw new QuestionError('Câu hỏi Đúng/Sai cần hai đáp án "true" và "false".');
      const out: QuestionInput = { ...base, type: 'truefalse', correct: readFraction(t) === 1 };
      const tf = feedbackOf(t).feedback;
      const ff = feedbackOf(f).feedback;
      if (tf) out.trueFeedback = tf;
      if (ff) out.falseFeedback = ff;
      return out;
    }
    case 'shortanswer': {
      const short: ShortAnswer[] = answers.map((a) => ({
        text: textOf(a),
        fraction: readFraction(a),
        ...feedbackOf(a),
      }));
      return { ...base, type: 'short', answers: short, ...(flag(q.usecase) ? { caseSensitive: true } : {}) };
    }
    case 'numerical': {
      const commas: string[] = [];
      const numerical: NumericalAnswer[] = [];
      for (const a of answers) {
        const raw = textOf(a);
        const fraction = readFraction(a);
        if (raw === '*') {
          // Moodle's catch-all "any other answer" row: it may only carry feedback, never marks.
          if (fraction > 0) throw new QuestionError('Đáp án "*" (mọi câu trả lời) không được có điểm.');
          warnings.push('Đáp án "*" (phản hồi cho mọi câu trả lời khác) không được hỗ trợ và đã bị bỏ qua.');
          continue;
        }
        const value = readNumber(raw);
        if (!value.ok) throw new QuestionError(`Đáp án của câu hỏi số không hợp lệ: ${value.message}`);
        if (value.comma) commas.push(raw);
        const tolRaw = chars(a.tolerance).trim() || '0';
        const tol = readNumber(tolRaw);
        if (!tol.ok) throw new QuestionError(`Sai số không hợp lệ: ${tol.message}`);
        if (tol.comma) commas.push(tolRaw);
        numerical.push({ value: value.value, tolerance: tol.value, fraction, ...feedbackOf(a) });
      }
      if (commas.length) warnings.push(commaWarning(commas));
      if (q.units !== undefined && list((q.units as Node).unit).length) {
        warnings.push('Đơn vị đo của câu hỏi số không được hỗ trợ và đã bị bỏ qua.');
      }
      return { ...base, type: 'numerical', answers: numerical };
    }
    case 'matching': {
      const pairs: NonNullable<QuestionInput['pairs']> = [];
      const distractors: string[] = [];
      for (const s of list(q.subquestion)) {
        const prompt = textOf(s);
        const answer = textOf(s.answer instanceof Array ? s.answer[0] : s.answer);
        // Moodle's extra wrong answer: a subquestion with empty text and an answer (Moodle skips one with neither).
        if (!prompt) {
          if (answer) distractors.push(answer);
        } else pairs.push({ prompt, answer });
      }
      return { ...base, type: 'matching', pairs, ...(distractors.length ? { distractors } : {}) };
    }
    default:
      throw new QuestionError(`Loại câu hỏi Moodle "${type}" chưa được hỗ trợ: hãy bỏ các câu này khỏi tệp.`);
  }
}

export function parseMoodleXml(text: string): ParseResult {
  const result = emptyResult();
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    const line = text.slice(0, text.search(/<!DOCTYPE|<!ENTITY/i)).split('\n').length;
    result.errors.push({ line, message: 'Tệp XML không được chứa khai báo DOCTYPE hoặc ENTITY.' });
    return result;
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    result.errors.push({
      line: valid.err.line,
      message: `Tệp XML không hợp lệ ở dòng ${valid.err.line}: ${valid.err.msg}`,
    });
    return result;
  }
  const doc = parser.parse(text) as Node;
  const quiz = doc.quiz as Node | undefined;
  if (!quiz || typeof quiz !== 'object') {
    result.errors.push({ message: 'Tệp XML không phải tệp câu hỏi Moodle (thiếu thẻ <quiz>).' });
    return result;
  }
  // The parser keeps no positions: the n-th <question> element starts at the n-th "<question" tag.
  const starts: number[] = [];
  const tag = /<question[\s>]/g;
  let line = 1;
  let last = 0;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    for (let i = text.indexOf('\n', last); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    last = m.index;
    starts.push(line);
  }
  const categories = new Set<string>();
  let category: string | undefined;
  list(quiz.question).forEach((q, index) => {
    const at = starts[index];
    const type = attr(q, 'type') ?? '';
    if (type === 'category') {
      const path = giftCategoryPath(textOf(q.category));
      category = path || undefined;
      if (path) categories.add(path);
      return;
    }
    const warnings: string[] = [];
    try {
      const parsed: ParsedQuestion = { ...readQuestion(q, type, warnings), ...(at ? { line: at } : {}) };
      if (category) parsed.category = category;
      result.questions.push(parsed);
    } catch (e) {
      if (!(e instanceof QuestionError)) throw e;
      result.errors.push({
        ...(at ? { line: at } : {}),
        message: `Câu hỏi ở dòng ${at ?? '?'}: ${e.message}`,
        text: snippet(textOf(q.questiontext)),
      });
    }
    for (const w of warnings) result.warnings.push({ ...(at ? { line: at } : {}), message: w });
  });
  result.categories = [...categories];
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Export

// XML 1.0 cannot carry these control characters at all, escaped or not.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const cdata = (s: string) => `<![CDATA[${s.replace(INVALID_XML, '').replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
const esc = (s: string) =>
  s.replace(INVALID_XML, '').replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
const textEl = (s: string | undefined) => `<text>${s ? cdata(s) : ''}</text>`;
const pct = (f: number) => `${Number((f * 100).toFixed(5))}`;
const feedbackEl = (s: string | undefined) => `<feedback format="html">${textEl(s)}</feedback>`;

const TYPE_NAMES: Record<QuestionInput['type'], string> = {
  single: 'multichoice',
  multiple: 'multichoice',
  truefalse: 'truefalse',
  short: 'shortanswer',
  numerical: 'numerical',
  matching: 'matching',
  essay: 'essay',
  description: 'description',
};

function writeQuestion(q: QuestionInput): string {
  const out: string[] = [`  <question type="${TYPE_NAMES[q.type]}">`];
  out.push(`    <name>${textEl(q.title)}</name>`);
  const fmt = q.format ? ` format="${FORMAT_NAMES[q.format]}"` : '';
  const files = (q.files ?? [])
    .map((f) => `<file name="${esc(f.name)}" path="/" encoding="base64">${esc(f.base64)}</file>`)
    .join('');
  out.push(`    <questiontext${fmt}>${textEl(q.text)}${files}</questiontext>`);
  out.push(`    <generalfeedback format="html">${textEl(q.generalFeedback)}</generalfeedback>`);
  out.push(`    <idnumber>${q.externalId ? esc(q.externalId) : ''}</idnumber>`);
  const tags = [...(q.difficulty !== undefined ? [`difficulty-${q.difficulty}`] : []), ...(q.tags ?? [])];
  if (tags.length) out.push(`    <tags>${tags.map((t) => `<tag>${textEl(t)}</tag>`).join('')}</tags>`);
  switch (q.type) {
    case 'single':
    case 'multiple':
      out.push(`    <single>${q.type === 'single'}</single>`, '    <shuffleanswers>true</shuffleanswers>');
      out.push('    <answernumbering>abc</answernumbering>');
      for (const o of q.options ?? []) {
        out.push(
          `    <answer fraction="${pct(o.fraction)}" format="html">${textEl(o.text)}${feedbackEl(o.feedback)}</answer>`,
        );
      }
      break;
    case 'truefalse':
      out.push(`    <answer fraction="${q.correct ? 100 : 0}"><text>true</text>${feedbackEl(q.trueFeedback)}</answer>`);
      out.push(
        `    <answer fraction="${q.correct ? 0 : 100}"><text>false</text>${feedbackEl(q.falseFeedback)}</answer>`,
      );
      break;
    case 'short':
      out.push(`    <usecase>${q.caseSensitive ? 1 : 0}</usecase>`);
      for (const a of (q.answers ?? []) as ShortAnswer[]) {
        out.push(
          `    <answer fraction="${pct(a.fraction)}" format="moodle_auto_format">${textEl(a.text)}${feedbackEl(a.feedback)}</answer>`,
        );
      }
      break;
    case 'numerical':
      for (const a of (q.answers ?? []) as NumericalAnswer[]) {
        out.push(
          `    <answer fraction="${pct(a.fraction)}"><text>${a.value}</text><tolerance>${a.tolerance}</tolerance>${feedbackEl(a.feedback)}</answer>`,
        );
      }
      break;
    case 'matching':
      out.push('    <shuffleanswers>true</shuffleanswers>');
      for (const p of q.pairs ?? []) {
        out.push(
          `    <subquestion format="html">${textEl(p.prompt)}<answer>${textEl(p.answer)}</answer></subquestion>`,
        );
      }
      for (const d of q.distractors ?? []) {
        out.push(`    <subquestion format="html"><text></text><answer>${textEl(d)}</answer></subquestion>`);
      }
      break;
    case 'essay':
    case 'description':
      break;
  }
  out.push('  </question>');
  return out.join('\n');
}

/** A Moodle XML quiz file; a category pseudo-question precedes each change of category ($course$/top/…). */
export function exportMoodleXml(questions: QuestionInput[]): string {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>', '<quiz>'];
  let category: string | undefined;
  for (const q of questions) {
    if ((q.category || undefined) !== category) {
      category = q.category || undefined;
      parts.push(
        `  <question type="category">\n    <category>${textEl(`$course$/top${category ? `/${category}` : ''}`)}</category>\n  </question>`,
      );
    }
    parts.push(writeQuestion(q));
  }
  parts.push('</quiz>', '');
  return parts.join('\n');
}
