import type { QuestionType } from '#contracts';
import type { Schemas } from '../api/client';
import { parseDecimal } from '../lib/format';

export type QuestionInput = Schemas['QuestionInputDto'];
export type QuestionContent = Schemas['QuestionContentDto'];
export type TextFormat = NonNullable<QuestionInput['format']>;

/** An attached image: new ones carry their bytes (base64), stored ones their file id until re-sent. */
export interface EditorFile {
  name: string;
  mimeType: string;
  base64?: string;
  fileId?: string;
}

export interface EditorAnswer {
  text: string;
  value: string;
  tolerance: string;
  percent: string;
  feedback: string;
}

/**
 * The editor's form: numbers stay the strings a person typed (so "1,5" can be read, or rejected, explicitly), and
 * fractions are shown as percentages like Moodle does. `toQuestionInput` turns it into the API's body.
 */
export interface EditorValues {
  type: QuestionType;
  title: string;
  text: string;
  format: TextFormat;
  category: string;
  difficulty: '' | '1' | '2' | '3';
  tags: string[];
  generalFeedback: string;
  options: { text: string; percent: string; feedback: string }[];
  correct: 'true' | 'false';
  trueFeedback: string;
  falseFeedback: string;
  answers: EditorAnswer[];
  caseSensitive: boolean;
  pairs: { prompt: string; answer: string }[];
  /** Matching: extra wrong answers (objects, as a field array needs). */
  distractors: { text: string }[];
  files: EditorFile[];
}

const blankAnswer = (percent = '100'): EditorAnswer => ({ text: '', value: '', tolerance: '0', percent, feedback: '' });

export function emptyValues(category = ''): EditorValues {
  return {
    type: 'single',
    title: '',
    text: '',
    format: 'plain',
    category,
    difficulty: '',
    tags: [],
    generalFeedback: '',
    options: [
      { text: '', percent: '100', feedback: '' },
      { text: '', percent: '0', feedback: '' },
      { text: '', percent: '0', feedback: '' },
      { text: '', percent: '0', feedback: '' },
    ],
    correct: 'true',
    trueFeedback: '',
    falseFeedback: '',
    answers: [blankAnswer()],
    caseSensitive: false,
    pairs: [
      { prompt: '', answer: '' },
      { prompt: '', answer: '' },
      { prompt: '', answer: '' },
    ],
    distractors: [],
    files: [],
  };
}

const percentOf = (fraction: number) => String(Math.round(fraction * 1e5) / 1e3);

export function valuesFromContent(content: QuestionContent): EditorValues {
  const base = emptyValues(content.category ?? '');
  return {
    ...base,
    type: content.type,
    title: content.title ?? '',
    text: content.text,
    format: content.format ?? 'plain',
    difficulty: content.difficulty ? (String(content.difficulty) as '1' | '2' | '3') : '',
    tags: content.tags ?? [],
    generalFeedback: content.generalFeedback ?? '',
    options:
      content.options?.map((o) => ({ text: o.text, percent: percentOf(o.fraction), feedback: o.feedback ?? '' })) ??
      base.options,
    correct: content.correct === false ? 'false' : 'true',
    trueFeedback: content.trueFeedback ?? '',
    falseFeedback: content.falseFeedback ?? '',
    answers:
      content.answers?.map((a) => ({
        text: a.text ?? '',
        value: a.value === undefined ? '' : String(a.value).replace('.', ','),
        tolerance: a.tolerance === undefined ? '0' : String(a.tolerance).replace('.', ','),
        percent: percentOf(a.fraction),
        feedback: a.feedback ?? '',
      })) ?? base.answers,
    caseSensitive: content.caseSensitive ?? false,
    pairs: content.pairs?.map((p) => ({ prompt: p.prompt, answer: p.answer })) ?? base.pairs,
    distractors: content.distractors?.map((text) => ({ text })) ?? [],
    files: content.files?.map((f) => ({ name: f.name, mimeType: f.mimeType, fileId: f.fileId })) ?? [],
  };
}

/** Client-side checks mirror the API's rules; the API stays the judge and its field messages win. */
export const rules = {
  percent(raw: string): true | 'percent' {
    const n = parseDecimal(raw);
    return n !== null && n >= -100 && n <= 100 ? true : 'percent';
  },
  decimal(raw: string): true | 'number' {
    return parseDecimal(raw) !== null ? true : 'number';
  },
};

const optionalText = (s: string) => (s.trim() === '' ? undefined : s);
// Unparseable numbers become NaN: the preview shows them as missing and the form's own rules block saving.
const num = (raw: string) => parseDecimal(raw) ?? Number.NaN;
const fraction = (percent: string) => num(percent) / 100;

/** The body for POST /question-banks/:id/questions (and, with baseVersion, PUT /questions/:id). */
export function toQuestionInput(v: EditorValues, files: Schemas['QuestionFileDto'][] = []): QuestionInput {
  const input: QuestionInput = {
    type: v.type,
    text: v.text,
    format: v.format,
    title: optionalText(v.title),
    category: optionalText(v.category),
    difficulty: v.difficulty ? (Number(v.difficulty) as 1 | 2 | 3) : undefined,
    tags: v.tags.length ? v.tags : undefined,
    generalFeedback: optionalText(v.generalFeedback),
  };
  switch (v.type) {
    case 'single':
    case 'multiple':
      input.options = v.options.map((o) => ({
        text: o.text,
        fraction: fraction(o.percent),
        feedback: optionalText(o.feedback),
      }));
      break;
    case 'truefalse':
      input.correct = v.correct === 'true';
      input.trueFeedback = optionalText(v.trueFeedback);
      input.falseFeedback = optionalText(v.falseFeedback);
      break;
    case 'short':
      input.answers = v.answers.map((a) => ({
        text: a.text,
        fraction: fraction(a.percent),
        feedback: optionalText(a.feedback),
      }));
      if (v.caseSensitive) input.caseSensitive = true;
      break;
    case 'numerical':
      input.answers = v.answers.map((a) => ({
        value: num(a.value),
        tolerance: num(a.tolerance || '0'),
        fraction: fraction(a.percent),
        feedback: optionalText(a.feedback),
      }));
      break;
    case 'matching':
      input.pairs = v.pairs.map((p) => ({ prompt: p.prompt, answer: p.answer }));
      if (v.distractors.length) input.distractors = v.distractors.map((d) => d.text);
      break;
    case 'essay':
    case 'description':
      break;
  }
  if (files.length) input.files = files;
  return input;
}

/** API field paths ("answers.0.fraction") → the form's ("answers.0.percent"). */
export function formFieldFor(apiField: string): string {
  return apiField.replace(/\.fraction$/, '.percent');
}
