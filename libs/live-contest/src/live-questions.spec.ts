import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { QuestionSnapshot } from '#contracts';
import { answerChoice, answerDistribution } from './live-questions.js';

const question = (type: QuestionSnapshot['type'], options = ['a', 'b', 'c', 'd']): QuestionSnapshot =>
  ({
    questionId: 'q',
    versionId: 'v',
    bankId: 'b',
    type,
    text: 'Câu hỏi?',
    options: options.map((id, i) => ({ id, text: id.toUpperCase(), fraction: i === 0 ? 1 : 0 })),
    correct: true,
  }) as unknown as QuestionSnapshot;

describe('the answer distribution', () => {
  it('keeps an answer as the indexes of its options, in order, and counts each option once per answer', () => {
    const q = question('multiple');
    expect(answerChoice(q, ['c', 'a'])).toBe('0.2');
    expect(answerChoice(question('single'), ['d'])).toBe('3');
    const answers = [{ choice: '0.2' }, { choice: '2' }, { choice: '3' }, {}];
    expect(answerDistribution(q, answers)).toEqual([1, 0, 2, 1]);
  });

  it('reads true/false as its two options, true first, as players see them', () => {
    const q = question('truefalse', []);
    expect(answerChoice(q, ['false'])).toBe('1');
    expect(answerDistribution(q, [{ choice: '1' }, { choice: '0' }, { choice: '1' }])).toEqual([1, 2]);
  });

  it('keeps nothing for a number typed: no bars', () => {
    const q = question('numerical', []);
    expect(answerChoice(q, undefined)).toBeUndefined();
    expect(answerDistribution(q, [{ choice: undefined }])).toEqual([]);
  });

  it('ignores an option id the question does not have and an index out of range', () => {
    const q = question('single');
    expect(answerChoice(q, ['zzz'])).toBe('');
    expect(answerDistribution(q, [{ choice: '' }, { choice: '9' }, { choice: '1' }])).toEqual([0, 1, 0, 0]);
  });

  it('counts as many choices as the answers made, whatever they chose', () => {
    fc.assert(
      fc.property(fc.array(fc.subarray(['a', 'b', 'c', 'd'], { minLength: 1 })), (picks) => {
        const q = question('multiple');
        const counts = answerDistribution(
          q,
          picks.map((ids) => ({ choice: answerChoice(q, ids) })),
        );
        expect(counts.reduce((s, n) => s + n, 0)).toBe(picks.reduce((s, ids) => s + ids.length, 0));
        for (const [i, id] of ['a', 'b', 'c', 'd'].entries())
          expect(counts[i]).toBe(picks.filter((ids) => ids.includes(id)).length);
      }),
    );
  });
});
