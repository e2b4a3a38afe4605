import type { AnswerValue, ErrorDetail, QuestionSnapshot } from '#contracts';
import { matchingChoices } from './paper.js';

/**
 * Scoring of one answer against one published question version. Pure and total: any input (even a malformed one)
 * gets a score, so a paper can always be scored; whether an answer may be *saved* is validateAnswerShape's job.
 */
export interface AnswerScore {
  /** Share of the question's points earned, always within [0, 1]. */
  fraction: number;
  /** Full marks. */
  correct: boolean;
  /** Essays: a person must grade them; until then they score 0. */
  needsManualGrading: boolean;
  /** False for question types that carry no points (description) or are graded by hand (essay). */
  autoScored: boolean;
}

const FULL = 1 - 1e-9;
const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const result = (fraction: number): AnswerScore => {
  const f = clamp01(fraction);
  return { fraction: f, correct: f >= FULL, needsManualGrading: false, autoScored: true };
};

/** How short answers and matching choices are compared: NFC, trimmed, inner white space folded. */
export function normalizeText(value: string, caseSensitive = false): string {
  const folded = value.normalize('NFC').trim().replace(/\s+/g, ' ');
  return caseSensitive ? folded : folded.toLocaleLowerCase('vi');
}

/** Moodle's short-answer wildcard: `*` matches any text, `\*` is a literal star. */
function shortAnswerMatches(pattern: string, given: string, caseSensitive: boolean): boolean {
  const p = normalizeText(pattern, caseSensitive);
  if (!p.includes('*')) return p === given;
  const regex = p
    .split(/(\\\*|\*)/)
    .map((part) => (part === '*' ? '.*' : part === '\\*' ? '\\*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`, 'su').test(given);
}

const uniqueStrings = (ids: unknown): string[] =>
  Array.isArray(ids) ? [...new Set(ids.filter((id): id is string => typeof id === 'string'))] : [];

export function scoreAnswer(question: QuestionSnapshot, answer: AnswerValue | null | undefined): AnswerScore {
  const a = answer ?? {};
  switch (question.type) {
    case 'single': {
      const ids = uniqueStrings(a.optionIds);
      if (ids.length !== 1) return result(0);
      return result(question.options?.find((o) => o.id === ids[0])?.fraction ?? 0);
    }
    case 'multiple': {
      // Wrong choices carry negative fractions, so ticking everything cannot earn marks; the sum is clamped.
      const ids = new Set(uniqueStrings(a.optionIds));
      if (ids.size === 0) return result(0);
      const sum = (question.options ?? []).reduce((acc, o) => (ids.has(o.id) ? acc + o.fraction : acc), 0);
      return result(sum);
    }
    case 'truefalse': {
      const ids = uniqueStrings(a.optionIds);
      if (ids.length !== 1 || (ids[0] !== 'true' && ids[0] !== 'false')) return result(0);
      return result((ids[0] === 'true') === question.correct ? 1 : 0);
    }
    case 'short': {
      if (typeof a.text !== 'string') return result(0);
      const caseSensitive = question.caseSensitive === true;
      const given = normalizeText(a.text, caseSensitive);
      if (given === '') return result(0);
      let best = 0;
      for (const ans of (question.answers ?? []) as { text?: unknown; fraction: number }[]) {
        if (typeof ans.text === 'string' && shortAnswerMatches(ans.text, given, caseSensitive))
          best = Math.max(best, ans.fraction);
      }
      return result(best);
    }
    case 'numerical': {
      if (typeof a.value !== 'number' || !Number.isFinite(a.value)) return result(0);
      let best = 0;
      for (const ans of (question.answers ?? []) as { value?: unknown; tolerance?: unknown; fraction: number }[]) {
        if (typeof ans.value !== 'number') continue;
        const tolerance = typeof ans.tolerance === 'number' ? Math.abs(ans.tolerance) : 0;
        // A tiny epsilon so 0.1 + 0.2 against 0.3 ± 0 is not lost to binary floating point.
        if (Math.abs(a.value - ans.value) <= tolerance + 1e-9 * Math.max(1, Math.abs(ans.value)))
          best = Math.max(best, ans.fraction);
      }
      return result(best);
    }
    case 'matching': {
      const pairs = question.pairs ?? [];
      if (pairs.length === 0 || !a.pairs || typeof a.pairs !== 'object') return result(0);
      let right = 0;
      for (const pair of pairs) {
        const given = (a.pairs as Record<string, unknown>)[pair.id];
        if (typeof given === 'string' && normalizeText(given) === normalizeText(pair.answer)) right++;
      }
      return result(right / pairs.length);
    }
    case 'essay':
      return { fraction: 0, correct: false, needsManualGrading: true, autoScored: false };
    case 'description':
      return { fraction: 0, correct: false, needsManualGrading: false, autoScored: false };
  }
}

/** Whether a question type earns points automatically (counts toward a paper's maximum score). */
export function isAutoScored(question: Pick<QuestionSnapshot, 'type'>): boolean {
  return question.type !== 'essay' && question.type !== 'description';
}

export const MAX_TEXT_ANSWER = 2000;
export const MAX_ESSAY_ANSWER = 20000;

const FIELD_BY_TYPE: Record<QuestionSnapshot['type'], keyof AnswerValue | null> = {
  single: 'optionIds',
  multiple: 'optionIds',
  truefalse: 'optionIds',
  short: 'text',
  numerical: 'value',
  matching: 'pairs',
  essay: 'text',
  description: null,
};

/**
 * Why an answer may not be saved for this question (empty when it may): the wrong field for the type, an option id
 * that is not one of this question's, a malformed value. An empty selection (`optionIds: []`) clears an answer.
 */
export function validateAnswerShape(question: QuestionSnapshot, answer: unknown): ErrorDetail[] {
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer))
    return [{ message: 'Câu trả lời phải là một đối tượng.' }];
  const expected = FIELD_BY_TYPE[question.type];
  if (expected === null) return [{ message: 'Câu mô tả không nhận câu trả lời.' }];
  const problems: ErrorDetail[] = [];
  const record = answer as Record<string, unknown>;
  for (const key of Object.keys(record))
    if (key !== expected) problems.push({ field: key, message: `Trường "${key}" không dùng cho loại câu hỏi này.` });
  if (!(expected in record)) problems.push({ field: expected, message: `Thiếu trường "${expected}".` });
  if (problems.length) return problems;
  const value = record[expected];
  switch (question.type) {
    case 'single':
    case 'multiple':
    case 'truefalse': {
      if (!Array.isArray(value) || value.some((id) => typeof id !== 'string'))
        return [{ field: 'optionIds', message: 'optionIds phải là danh sách mã phương án.' }];
      const ids = value as string[];
      if (new Set(ids).size !== ids.length)
        return [{ field: 'optionIds', message: 'Một phương án được chọn nhiều lần.' }];
      const known =
        question.type === 'truefalse' ? new Set(['true', 'false']) : new Set((question.options ?? []).map((o) => o.id));
      for (const id of ids)
        if (!known.has(id))
          problems.push({ field: 'optionIds', message: `Phương án "${id}" không thuộc câu hỏi này.` });
      if (question.type !== 'multiple' && ids.length > 1)
        problems.push({ field: 'optionIds', message: 'Câu hỏi này chỉ chọn một phương án.' });
      return problems;
    }
    case 'short':
    case 'essay': {
      const max = question.type === 'essay' ? MAX_ESSAY_ANSWER : MAX_TEXT_ANSWER;
      if (typeof value !== 'string') return [{ field: 'text', message: 'text phải là chuỗi ký tự.' }];
      if (value.length > max) return [{ field: 'text', message: `Câu trả lời dài quá ${max} ký tự.` }];
      return [];
    }
    case 'numerical':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return [{ field: 'value', message: 'value phải là một số hữu hạn.' }];
      return [];
    case 'matching': {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return [{ field: 'pairs', message: 'pairs phải là đối tượng {mã cặp: đáp án}.' }];
      const pairIds = new Set((question.pairs ?? []).map((p) => p.id));
      const choices = new Set(matchingChoices(question).map((c) => normalizeText(c)));
      for (const [pairId, given] of Object.entries(value as Record<string, unknown>)) {
        if (!pairIds.has(pairId))
          problems.push({ field: 'pairs', message: `Cặp "${pairId}" không thuộc câu hỏi này.` });
        else if (typeof given !== 'string' || !choices.has(normalizeText(given)))
          problems.push({ field: 'pairs', message: `Đáp án cho cặp "${pairId}" không nằm trong các lựa chọn.` });
      }
      return problems;
    }
  }
  return problems;
}
