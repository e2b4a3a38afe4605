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

/** The ids of the options players see, in their order. */
function optionIdsOf(q: QuestionSnapshot): string[] {
  if (q.type === 'truefalse') return TRUE_FALSE_OPTIONS.map((o) => o.id);
  if (q.type === 'numerical') return [];
  return (q.options ?? []).map((o) => o.id);
}

/**
 * The options an answer chose, kept with it for the host's chart: indexes into the options players see, joined by '.'
 * (a few bytes per answer, not the ids); undefined for a number typed.
 */
export function answerChoice(q: QuestionSnapshot, optionIds: string[] | undefined): string | undefined {
  if (q.type === 'numerical' || !optionIds?.length) return undefined;
  const ids = optionIdsOf(q);
  return optionIds
    .map((id) => ids.indexOf(id))
    .filter((i) => i >= 0)
    .sort((a, b) => a - b)
    .join('.');
}

/** How many answers chose each option, in the options' order ([] for a number typed). */
export function answerDistribution(q: QuestionSnapshot, answers: Iterable<{ choice?: string }>): number[] {
  const counts = optionIdsOf(q).map(() => 0);
  if (counts.length === 0) return counts;
  for (const { choice } of answers) {
    if (!choice) continue;
    for (const part of choice.split('.')) {
      const i = Number(part);
      if (i >= 0 && i < counts.length) counts[i]!++;
    }
  }
  return counts;
}
