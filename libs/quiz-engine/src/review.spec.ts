import { describe, expect, it } from '@jest/globals';
import type { QuestionSnapshot } from '#contracts';
import { modelAnswer, reviewPaper } from './review.js';
import { scoreAnswer } from './scoring.js';

const base = { versionId: 'v', version: 1, bankId: 'b', text: 'Câu hỏi?' };
const q = (questionId: string, over: Partial<QuestionSnapshot>): QuestionSnapshot =>
  ({ ...base, questionId, ...over }) as QuestionSnapshot;

const QUESTIONS: QuestionSnapshot[] = [
  q('single', {
    type: 'single',
    options: [
      { id: 'a', text: 'Sai', fraction: 0, feedback: 'Chưa đúng.' },
      { id: 'b', text: 'Đúng', fraction: 1, feedback: 'Chính xác.' },
    ],
    generalFeedback: 'Xem Điều 8 Luật An ninh mạng.',
  }),
  q('multiple', {
    type: 'multiple',
    options: [
      { id: 'a', text: 'A', fraction: 0.5 },
      { id: 'b', text: 'B', fraction: -1 },
      { id: 'c', text: 'C', fraction: 0.5 },
    ],
  }),
  q('tf', { type: 'truefalse', correct: false, trueFeedback: 'Không phải.', falseFeedback: 'Đúng vậy.' }),
  q('short', {
    type: 'short',
    answers: [
      { text: 'Hà Nội*', fraction: 0.5 },
      { text: 'Hải Phòng', fraction: 1 },
    ],
  }),
  q('num', { type: 'numerical', answers: [{ value: 1945, tolerance: -1, fraction: 1 }] }),
  q('match', {
    type: 'matching',
    pairs: [
      { id: 'p1', prompt: '1930', answer: 'Thành lập Đảng' },
      { id: 'p2', prompt: '1945', answer: 'Cách mạng Tháng Tám' },
    ],
  }),
  q('essay', { type: 'essay' }),
];

describe('the model answer of a review', () => {
  it.each(QUESTIONS.filter((x) => x.type !== 'essay').map((x) => [x.type, x] as const))(
    'earns full marks for a %s question',
    (_type, question) => {
      expect(scoreAnswer(question, modelAnswer(question).answer).correct).toBe(true);
    },
  );

  it('gives the numerical tolerance as a distance and nothing for an essay', () => {
    expect(modelAnswer(QUESTIONS[4]!)).toEqual({ answer: { value: 1945 }, tolerance: 1 });
    expect(modelAnswer(QUESTIONS[6]!)).toEqual({ answer: null });
  });
});

describe('reviewing a paper', () => {
  const paper = QUESTIONS.map((x) => ({
    questionId: x.questionId,
    versionId: x.versionId,
    optionOrder: (x.options ?? []).map((o) => o.id).reverse(),
  }));
  const byId = new Map(QUESTIONS.map((x) => [x.questionId, x]));
  const answers = new Map([
    ['single', { value: { optionIds: ['a'] }, fraction: 0 }],
    ['tf', { value: { optionIds: ['false'] }, fraction: 1 }],
    ['multiple', { value: { optionIds: ['a'] }, fraction: 0.5 }],
  ]);

  it('marks the saved answers with their stored score and keeps the drawn option order, without the key', () => {
    const out = reviewPaper('answers', paper, byId, answers, 3);
    expect(out.map((r) => [r.id, r.correct, r.points, r.maxPoints])).toEqual([
      ['single', false, 0, 3],
      ['multiple', false, 1.5, 3],
      ['tf', true, 3, 3],
      ['short', false, 0, 3],
      ['num', false, 0, 3],
      ['match', false, 0, 3],
      ['essay', false, 0, 0],
    ]);
    expect(out[0]!.options!.map((o) => o.id)).toEqual(['b', 'a']);
    expect(out[3]!.answer).toBeNull();
    expect(JSON.stringify(out)).not.toMatch(/fraction|feedback|correctAnswer|Chính xác|Hải Phòng/);
  });

  it('adds the key and the feedback on the choice made at solutions level', () => {
    const out = reviewPaper('solutions', paper, byId, answers, 3);
    expect(out[0]).toMatchObject({
      correctAnswer: { optionIds: ['b'] },
      feedback: ['Chưa đúng.', 'Xem Điều 8 Luật An ninh mạng.'],
    });
    expect(out[1]!.correctAnswer).toEqual({ optionIds: ['a', 'c'] });
    expect(out[2]).toMatchObject({ correctAnswer: { optionIds: ['false'] }, feedback: ['Đúng vậy.'] });
    expect(out[3]!.correctAnswer).toEqual({ text: 'Hải Phòng' });
    expect(out[5]!.correctAnswer).toEqual({ pairs: { p1: 'Thành lập Đảng', p2: 'Cách mạng Tháng Tám' } });
    expect(out[6]).toMatchObject({ correctAnswer: null, feedback: [] });
  });
});
