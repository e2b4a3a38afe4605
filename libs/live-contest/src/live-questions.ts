import type { LiveAnswerKey, LiveQuestionShow, QuestionSnapshot, QuestionType } from '#contracts';

/** The question types a live game plays: answered with a tap (options) or a number. */
export const LIVE_QUESTION_TYPES: readonly QuestionType[] = ['single', 'multiple', 'truefalse', 'numerical'];

const TRUE_FALSE_OPTIONS = [
  { id: 'true', text: 'Đúng' },
  { id: 'false', text: 'Sai' },
];

/** What players see of a question: text and option texts only, never fractions or keys. */
export function publicQuestion(
  q: QuestionSnapshot,
  index: number,
  total: number,
  timing: { deadline: number; serverNow: number; timeLimitMs: number },
): LiveQuestionShow {
  const options =
    q.type === 'truefalse'
      ? TRUE_FALSE_OPTIONS
      : q.type === 'numerical'
        ? []
        : (q.options ?? []).map((o) => ({ id: o.id, text: o.text }));
  return { index, total, text: q.text, type: q.type, options, ...timing };
}

/** The right answer, revealed after the question closes. */
export function answerKey(q: QuestionSnapshot): LiveAnswerKey {
  switch (q.type) {
    case 'truefalse':
      return { optionIds: [String(q.correct === true)] };
    case 'single':
    case 'multiple':
      return { optionIds: (q.options ?? []).filter((o) => o.fraction > 0).map((o) => o.id) };
    case 'numerical':
      return {
        texts: ((q.answers ?? []) as { value: number; tolerance: number; fraction: number }[])
          .filter((a) => a.fraction >= 1)
          .map((a) => (a.tolerance ? `${a.value} ± ${a.tolerance}` : String(a.value))),
      };
    default:
      return {};
  }
}

/** Whether an answer has the shape the question asks for (an option id of this question, or a finite number). */
export function answerFits(q: QuestionSnapshot, answer: { optionIds?: string[]; value?: number }): boolean {
  if (q.type === 'numerical') return typeof answer.value === 'number' && Number.isFinite(answer.value);
  const ids = answer.optionIds;
  if (!ids || ids.length === 0) return false;
  if (q.type !== 'multiple' && ids.length !== 1) return false;
  const known = q.type === 'truefalse' ? new Set(['true', 'false']) : new Set((q.options ?? []).map((o) => o.id));
  return ids.every((id) => known.has(id)) && new Set(ids).size === ids.length;
}
