import type { AnswerValue, QuestionSnapshot } from '#contracts';
import { toPublicQuestion, type PaperItem, type PublicQuestion } from './paper.js';

/**
 * How much of a submitted attempt its owner may see, each level adding to the one before: nothing, the score, their
 * own answers marked right or wrong, then the correct answers and the feedback (the answer key).
 */
export const REVIEW_LEVELS = ['none', 'score', 'answers', 'solutions'] as const;
export type ReviewLevel = (typeof REVIEW_LEVELS)[number];

export function reviewRank(level: ReviewLevel): number {
  return REVIEW_LEVELS.indexOf(level);
}

/** One question of a reviewed paper, as drawn (same order of options), with the parts the level allows. */
export interface ReviewedQuestion extends PublicQuestion {
  answer: AnswerValue | null;
  correct: boolean;
  points: number;
  maxPoints: number;
  /** `solutions`: an answer worth full marks, in the shape of an answer (null for essays and descriptions). */
  correctAnswer?: AnswerValue | null;
  /** `solutions`, numerical: how far from `correctAnswer.value` still counts. */
  tolerance?: number;
  /** `solutions`: feedback on the options chosen, then the question's general feedback. */
  feedback?: string[];
}

/** Same threshold as scoring: a stored fraction this close to 1 is full marks. */
const FULL = 1 - 1e-9;

function best<T extends { fraction: number }>(items: readonly T[] | undefined): T | undefined {
  return [...(items ?? [])].sort((a, b) => b.fraction - a.fraction).find((x) => x.fraction > 0);
}

/** An answer worth full marks (or the most marks there are), in the shape a participant answers in. */
export function modelAnswer(q: QuestionSnapshot): { answer: AnswerValue | null; tolerance?: number } {
  switch (q.type) {
    case 'single': {
      const option = best(q.options);
      return { answer: option ? { optionIds: [option.id] } : null };
    }
    case 'multiple':
      return { answer: { optionIds: (q.options ?? []).filter((o) => o.fraction > 0).map((o) => o.id) } };
    case 'truefalse':
      return { answer: { optionIds: [q.correct ? 'true' : 'false'] } };
    case 'short': {
      const a = best(q.answers as { text: string; fraction: number }[] | undefined);
      return { answer: a ? { text: a.text } : null };
    }
    case 'numerical': {
      const a = best(q.answers as { value: number; tolerance: number; fraction: number }[] | undefined);
      return a ? { answer: { value: a.value }, tolerance: Math.abs(a.tolerance) } : { answer: null };
    }
    case 'matching':
      return { answer: { pairs: Object.fromEntries((q.pairs ?? []).map((p) => [p.id, p.answer])) } };
    case 'essay':
    case 'description':
      return { answer: null };
  }
}

function feedbackFor(q: QuestionSnapshot, answer: AnswerValue | null): string[] {
  const chosen = new Set(answer?.optionIds ?? []);
  const out: (string | undefined)[] = [];
  if (q.type === 'truefalse') {
    if (chosen.has('true')) out.push(q.trueFeedback);
    if (chosen.has('false')) out.push(q.falseFeedback);
  } else if (q.options) {
    for (const o of q.options) if (chosen.has(o.id)) out.push(o.feedback);
  }
  out.push(q.generalFeedback);
  return out.filter((f): f is string => typeof f === 'string' && f.trim() !== '');
}

/**
 * A submitted paper for its owner at `answers` or `solutions` level: each question as it was drawn, the saved answer
 * with its stored score (a regrade's result included), and at `solutions` the key and the feedback.
 */
export function reviewPaper(
  level: 'answers' | 'solutions',
  paper: readonly PaperItem[],
  questions: ReadonlyMap<string, QuestionSnapshot>,
  answers: ReadonlyMap<string, { value: AnswerValue; fraction: number }>,
  pointsPerQuestion: number,
): ReviewedQuestion[] {
  return paper.flatMap((item) => {
    const q = questions.get(item.questionId);
    if (!q) return [];
    const saved = answers.get(item.questionId);
    const scored = q.type !== 'essay' && q.type !== 'description';
    const out: ReviewedQuestion = {
      ...toPublicQuestion(q, item),
      answer: saved?.value ?? null,
      correct: (saved?.fraction ?? 0) >= FULL,
      points: Math.round((saved?.fraction ?? 0) * pointsPerQuestion * 1e6) / 1e6,
      maxPoints: scored ? pointsPerQuestion : 0,
    };
    if (level === 'solutions') {
      const model = modelAnswer(q);
      out.correctAnswer = model.answer;
      if (model.tolerance !== undefined) out.tolerance = model.tolerance;
      out.feedback = feedbackFor(q, out.answer);
    }
    return [out];
  });
}
