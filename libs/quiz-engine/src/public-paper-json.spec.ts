import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { QuestionSnapshot } from '#contracts';
import { drawPaper, toPublicQuestion } from './paper.js';
import { publicPaperJson, startResponseBody } from './public-paper-json.js';

/** Questions of every type a paper shows, with texts that need escaping in JSON (quotes, backslashes, newlines). */
const question = (i: number, type: QuestionSnapshot['type'], text: string): QuestionSnapshot => ({
  questionId: `q${i}`,
  versionId: `q${i}-v1`,
  version: 1,
  bankId: 'b',
  type,
  text: `${text} ${i}`,
  ...(i % 3 === 0 ? { format: 'html' as const } : {}),
  ...(type === 'single' || type === 'multiple'
    ? {
        options: ['A', 'B "trích"', 'C\\D', 'Đ\ne'].map((t, k) => ({ id: `q${i}o${k}`, text: t, fraction: k ? 0 : 1 })),
      }
    : {}),
  ...(type === 'matching'
    ? {
        pairs: [
          { id: `q${i}p0`, prompt: 'Hà Nội', answer: 'Thủ đô' },
          { id: `q${i}p1`, prompt: 'Hải Phòng', answer: 'Thành phố cảng' },
        ],
      }
    : {}),
});

describe('publicPaperJson', () => {
  it('writes the same JSON as serializing each question through toPublicQuestion', () => {
    const types = ['single', 'multiple', 'truefalse', 'short', 'numerical', 'matching', 'essay'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...types), { minLength: 1, maxLength: 12 }),
        fc.string(),
        fc.string({ minLength: 1 }),
        (kinds, text, seed) => {
          const pool = kinds.map((type, i) => question(i, type, text));
          const drawn = drawPaper([{ category: 'x', count: pool.length }], [pool], new Set(), seed);
          if (!drawn.ok) throw new Error('draw failed');
          const byId = new Map(pool.map((q) => [q.questionId, q]));
          expect(publicPaperJson(drawn.paper, byId)).toBe(
            JSON.stringify(drawn.paper.map((item) => toPublicQuestion(byId.get(item.questionId)!, item))),
          );
        },
      ),
    );
  });

  it("joins into a start's body as the paper's questions, beside the head's fields", () => {
    const pool = [question(1, 'single', 'Câu "một"'), question(2, 'matching', 'Nối\n')];
    const drawn = drawPaper([{ category: 'x', count: 2 }], [pool], new Set(), 'seed');
    if (!drawn.ok) throw new Error('draw failed');
    const byId = new Map(pool.map((q) => [q.questionId, q]));
    const head = { attemptId: 'a', resumed: false, answers: { q1: { optionIds: ['q1o0'] } }, predictionQuestion: 'Đ?' };
    const body = startResponseBody(head, Buffer.from(publicPaperJson(drawn.paper, byId)));
    expect(JSON.parse(body.toString('utf8'))).toEqual({
      ...head,
      questions: drawn.paper.map((item) => toPublicQuestion(byId.get(item.questionId)!, item)),
    });
  });
});
