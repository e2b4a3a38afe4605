import {
  QUESTION_TYPES,
  type ChoiceOption,
  type MatchingPair,
  type NumericalAnswer,
  type QuestionInput,
  type ShortAnswer,
} from '#contracts';

/** The longest text a question (or any one of its fields) may have: a 100 KB question is an error, not a crash. */
export const MAX_QUESTION_CHARS = 100_000;
export const MAX_TITLE_CHARS = 255;
export const MAX_TAG_CHARS = 50;
const TEXT_FORMATS = ['plain', 'html', 'markdown', 'moodle'] as const;

/** Fractions are kept to 7 decimals, as Moodle stores them (decimal(12,7)): 1/3 written as 33.33333% reads back equal. */
export const roundFraction = (f: number): number => (Number.isFinite(f) ? Math.round(f * 1e7) / 1e7 + 0 : f);

/** -0 becomes 0 (they compare unequal in deep equality and mean the same). */
const zeroed = (n: number): number => (typeof n === 'number' ? n + 0 : n);
const clean = (s: string): string => s.replace(/\r\n?/g, '\n').normalize('NFC').trim();
const optional = (s: string | undefined | null): string | undefined => {
  if (typeof s !== 'string') return undefined;
  const c = clean(s);
  return c === '' ? undefined : c;
};

/** 'a / b/' → 'a/b': segments trimmed, empty segments dropped; '' when nothing is left. */
export function cleanCategoryPath(path: string | undefined | null): string {
  if (typeof path !== 'string') return '';
  return path
    .normalize('NFC')
    .split('/')
    .map((s) => s.trim())
    .filter(Boolean)
    .join('/');
}

function withFeedback<T extends object>(base: T, feedback: string | undefined): T & { feedback?: string } {
  const fb = optional(feedback);
  return fb === undefined ? base : { ...base, feedback: fb };
}

/**
 * The canonical form of a question: NFC text everywhere, trimmed, CRLF → LF, category path cleaned, empty optional
 * fields and the fields another type uses dropped, fractions rounded to 7 decimals. Values are not checked here
 * (validateQuestion does): a NaN stays NaN so the error can be reported.
 */
export function normalizeQuestion(q: QuestionInput): QuestionInput {
  const out: QuestionInput = { type: q.type, text: typeof q.text === 'string' ? clean(q.text) : q.text };
  const title = optional(q.title);
  if (title !== undefined) out.title = title;
  if (q.format !== undefined) out.format = q.format;
  const category = cleanCategoryPath(q.category);
  if (category) out.category = category;
  if (q.difficulty !== undefined && q.difficulty !== null) out.difficulty = q.difficulty;
  const tags = [...new Set((q.tags ?? []).map((t) => (typeof t === 'string' ? clean(t) : t)).filter((t) => t !== ''))];
  if (tags.length) out.tags = tags;
  const generalFeedback = optional(q.generalFeedback);
  if (generalFeedback !== undefined) out.generalFeedback = generalFeedback;
  const externalId = optional(q.externalId);
  if (externalId !== undefined) out.externalId = externalId;
  switch (q.type) {
    case 'single':
    case 'multiple':
      out.options = (q.options ?? []).map((o: ChoiceOption) =>
        withFeedback({ text: clean(String(o.text ?? '')), fraction: roundFraction(o.fraction) }, o.feedback),
      );
      break;
    case 'truefalse': {
      out.correct = q.correct;
      const t = optional(q.trueFeedback);
      const f = optional(q.falseFeedback);
      if (t !== undefined) out.trueFeedback = t;
      if (f !== undefined) out.falseFeedback = f;
      break;
    }
    case 'short':
      out.answers = ((q.answers ?? []) as ShortAnswer[]).map((a) =>
        withFeedback({ text: clean(String(a.text ?? '')), fraction: roundFraction(a.fraction) }, a.feedback),
      );
      if (q.caseSensitive) out.caseSensitive = true;
      break;
    case 'numerical':
      out.answers = ((q.answers ?? []) as NumericalAnswer[]).map((a) =>
        withFeedback(
          { value: zeroed(a.value), tolerance: zeroed(a.tolerance ?? 0), fraction: roundFraction(a.fraction) },
          a.feedback,
        ),
      );
      break;
    case 'matching': {
      const pairs = (q.pairs ?? []).map((p: MatchingPair) => ({
        prompt: clean(String(p.prompt ?? '')),
        answer: clean(String(p.answer ?? '')),
      }));
      out.pairs = pairs;
      // The choices offered are a set: a distractor repeated, or equal to a right answer, adds nothing.
      const answers = new Set(pairs.map((p) => p.answer));
      const distractors = [...new Set((q.distractors ?? []).map((d) => (typeof d === 'string' ? clean(d) : d)))];
      const kept = distractors.filter((d) => typeof d !== 'string' || !answers.has(d));
      if (kept.length) out.distractors = kept;
      break;
    }
    default:
      break;
  }
  // A file is referenced by its name (@@PLUGINFILE@@/name): two files of one name cannot both be reached.
  const files = (q.files ?? []).filter((f, i, all) => all.findIndex((g) => g.name === f.name) === i);
  if (files.length) out.files = files.map((f) => ({ name: f.name, mimeType: f.mimeType, base64: f.base64 }));
  return out;
}

type Problem = { field: string; message: string };

const isFraction = (f: unknown): f is number => typeof f === 'number' && Number.isFinite(f) && f >= -1 && f <= 1;
const isFull = (f: number) => Math.abs(f - 1) < 1e-6;

function checkLength(problems: Problem[], field: string, value: unknown, label: string): void {
  if (typeof value === 'string' && value.length > MAX_QUESTION_CHARS) {
    problems.push({
      field,
      message: `${label} dài ${value.length.toLocaleString('vi-VN')} ký tự, vượt quá giới hạn ${MAX_QUESTION_CHARS.toLocaleString('vi-VN')} ký tự.`,
    });
  }
}

function checkChoices(q: QuestionInput, problems: Problem[]): void {
  const options = q.options ?? [];
  if (options.length < 2) problems.push({ field: 'options', message: 'Câu hỏi trắc nghiệm cần ít nhất 2 phương án.' });
  options.forEach((o, i) => {
    if (typeof o.text !== 'string' || o.text.trim() === '') {
      problems.push({ field: `options[${i}].text`, message: `Phương án ${i + 1} không có nội dung.` });
    }
    checkLength(problems, `options[${i}].text`, o.text, `Phương án ${i + 1}`);
    checkLength(problems, `options[${i}].feedback`, o.feedback, `Phản hồi của phương án ${i + 1}`);
    if (!isFraction(o.fraction)) {
      problems.push({
        field: `options[${i}].fraction`,
        message: `Điểm của phương án ${i + 1} phải từ -100% đến 100%.`,
      });
    }
  });
  if (options.length < 2 || !options.every((o) => isFraction(o.fraction))) return;
  if (q.type === 'single' && !options.some((o) => isFull(o.fraction))) {
    problems.push({ field: 'options', message: 'Câu hỏi một đáp án cần có một phương án đúng (100%).' });
  }
  if (q.type === 'multiple') {
    const sum = options.reduce((s, o) => s + (o.fraction > 0 ? o.fraction : 0), 0);
    if (Math.abs(sum - 1) > 0.001) {
      problems.push({
        field: 'options',
        message: `Tổng điểm các phương án đúng phải bằng 100% (hiện là ${Math.round(sum * 1000) / 10}%).`,
      });
    }
  }
}

function checkAnswers(q: QuestionInput, problems: Problem[]): void {
  const answers = q.answers ?? [];
  if (answers.length < 1) {
    problems.push({ field: 'answers', message: 'Câu hỏi cần ít nhất một đáp án được chấp nhận.' });
    return;
  }
  answers.forEach((a, i) => {
    const n = i + 1;
    if (!(typeof a.fraction === 'number' && a.fraction >= 0 && a.fraction <= 1)) {
      problems.push({ field: `answers[${i}].fraction`, message: `Điểm của đáp án ${n} phải từ 0% đến 100%.` });
    }
    checkLength(problems, `answers[${i}].feedback`, a.feedback, `Phản hồi của đáp án ${n}`);
    if (q.type === 'short') {
      const text = (a as ShortAnswer).text;
      if (typeof text !== 'string' || text.trim() === '') {
        problems.push({ field: `answers[${i}].text`, message: `Đáp án ${n} không có nội dung.` });
      }
      checkLength(problems, `answers[${i}].text`, text, `Đáp án ${n}`);
    } else {
      const { value, tolerance } = a as NumericalAnswer;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        problems.push({ field: `answers[${i}].value`, message: `Đáp án ${n} phải là một số.` });
      }
      if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
        problems.push({ field: `answers[${i}].tolerance`, message: `Sai số của đáp án ${n} phải là số không âm.` });
      }
    }
  });
  if (!answers.some((a) => typeof a.fraction === 'number' && isFull(a.fraction))) {
    problems.push({ field: 'answers', message: 'Cần ít nhất một đáp án đúng hoàn toàn (100%).' });
  }
}

function checkPairs(q: QuestionInput, problems: Problem[]): void {
  const pairs = q.pairs ?? [];
  if (pairs.length < 2) problems.push({ field: 'pairs', message: 'Câu hỏi ghép đôi cần ít nhất 2 cặp.' });
  pairs.forEach((p, i) => {
    if (typeof p.prompt !== 'string' || p.prompt.trim() === '') {
      problems.push({ field: `pairs[${i}].prompt`, message: `Vế trái của cặp ${i + 1} đang trống.` });
    }
    if (typeof p.answer !== 'string' || p.answer.trim() === '') {
      problems.push({ field: `pairs[${i}].answer`, message: `Vế phải của cặp ${i + 1} đang trống.` });
    }
    checkLength(problems, `pairs[${i}].prompt`, p.prompt, `Vế trái của cặp ${i + 1}`);
    checkLength(problems, `pairs[${i}].answer`, p.answer, `Vế phải của cặp ${i + 1}`);
  });
  (q.distractors ?? []).forEach((d, i) => {
    if (typeof d !== 'string' || d.trim() === '') {
      problems.push({ field: `distractors[${i}]`, message: `Đáp án nhiễu ${i + 1} đang trống.` });
    }
    checkLength(problems, `distractors[${i}]`, d, `Đáp án nhiễu ${i + 1}`);
  });
}

/**
 * The rules every question meets, whether authored or imported (Moodle's own rules where Moodle has one). Returns
 * every problem found, with a Vietnamese message; an empty list means the question is valid.
 */
export function validateQuestion(q: QuestionInput): Problem[] {
  const problems: Problem[] = [];
  if (!(QUESTION_TYPES as readonly string[]).includes(q.type)) {
    return [{ field: 'type', message: `Loại câu hỏi "${String(q.type)}" không được hỗ trợ.` }];
  }
  if (typeof q.text !== 'string' || q.text.trim() === '') {
    problems.push({ field: 'text', message: 'Nội dung câu hỏi không được để trống.' });
  }
  checkLength(problems, 'text', q.text, 'Nội dung câu hỏi');
  if (typeof q.title === 'string' && q.title.length > MAX_TITLE_CHARS) {
    problems.push({ field: 'title', message: `Tiêu đề câu hỏi không được dài quá ${MAX_TITLE_CHARS} ký tự.` });
  }
  checkLength(problems, 'generalFeedback', q.generalFeedback, 'Phần giải thích');
  if (q.format !== undefined && !(TEXT_FORMATS as readonly string[]).includes(q.format)) {
    problems.push({ field: 'format', message: `Định dạng văn bản "${String(q.format)}" không hợp lệ.` });
  }
  if (q.difficulty !== undefined && ![1, 2, 3].includes(q.difficulty)) {
    problems.push({ field: 'difficulty', message: 'Mức độ phải là 1 (dễ), 2 (trung bình) hoặc 3 (khó).' });
  }
  (q.tags ?? []).forEach((t, i) => {
    if (typeof t !== 'string' || t.trim() === '')
      problems.push({ field: `tags[${i}]`, message: 'Thẻ không được để trống.' });
    else if (t.length > MAX_TAG_CHARS) {
      problems.push({ field: `tags[${i}]`, message: `Thẻ "${t.slice(0, 60)}…" dài quá ${MAX_TAG_CHARS} ký tự.` });
    }
  });
  switch (q.type) {
    case 'single':
    case 'multiple':
      checkChoices(q, problems);
      break;
    case 'truefalse':
      if (typeof q.correct !== 'boolean') {
        problems.push({ field: 'correct', message: 'Câu hỏi Đúng/Sai cần cho biết đáp án là Đúng hay Sai.' });
      }
      checkLength(problems, 'trueFeedback', q.trueFeedback, 'Phản hồi khi chọn Đúng');
      checkLength(problems, 'falseFeedback', q.falseFeedback, 'Phản hồi khi chọn Sai');
      break;
    case 'short':
    case 'numerical':
      checkAnswers(q, problems);
      break;
    case 'matching':
      checkPairs(q, problems);
      break;
    default:
      break;
  }
  (q.files ?? []).forEach((f, i) => {
    if (typeof f.name !== 'string' || f.name.trim() === '' || /[/\\]/.test(f.name)) {
      problems.push({ field: `files[${i}].name`, message: `Tên tệp đính kèm ${i + 1} không hợp lệ.` });
    }
    if (typeof f.base64 !== 'string' || !/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(f.base64)) {
      problems.push({
        field: `files[${i}].base64`,
        message: `Nội dung tệp đính kèm ${i + 1} không phải base64 hợp lệ.`,
      });
    }
  });
  return problems;
}
