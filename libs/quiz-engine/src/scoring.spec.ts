import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { QuestionSnapshot } from '#contracts';
import { normalizeText, scoreAnswer, validateAnswerShape } from './scoring.js';

const base = { questionId: 'q', versionId: 'v', version: 1, bankId: 'b', text: 'Câu hỏi' };
const single: QuestionSnapshot = {
  ...base,
  type: 'single',
  options: [
    { id: 'a', text: 'Đúng', fraction: 1 },
    { id: 'b', text: 'Sai', fraction: 0 },
    { id: 'c', text: 'Gần đúng', fraction: 0.5 },
    { id: 'd', text: 'Phạt', fraction: -0.5 },
  ],
};
const multiple: QuestionSnapshot = {
  ...base,
  type: 'multiple',
  options: [
    { id: 'a', text: 'A', fraction: 0.5 },
    { id: 'b', text: 'B', fraction: 0.5 },
    { id: 'c', text: 'C', fraction: -1 },
    { id: 'd', text: 'D', fraction: -0.25 },
  ],
};
const tf: QuestionSnapshot = { ...base, type: 'truefalse', correct: false };
const short: QuestionSnapshot = {
  ...base,
  type: 'short',
  answers: [
    { text: 'Hải Phòng', fraction: 1 },
    { text: 'thành phố hải phòng', fraction: 1 },
    { text: 'HP', fraction: 0.5 },
    { text: 'Bạch Đằng*', fraction: 0.75 },
  ],
};
const numerical: QuestionSnapshot = {
  ...base,
  type: 'numerical',
  answers: [
    { value: 1945, tolerance: 0, fraction: 1 },
    { value: 1950, tolerance: 5, fraction: 0.5 },
  ],
};
const matching: QuestionSnapshot = {
  ...base,
  type: 'matching',
  pairs: [
    { id: 'p1', prompt: '1945', answer: 'Cách mạng tháng Tám' },
    { id: 'p2', prompt: '1954', answer: 'Điện Biên Phủ' },
    { id: 'p3', prompt: '1975', answer: 'Thống nhất đất nước' },
    { id: 'p4', prompt: '938', answer: 'Bạch Đằng' },
  ],
};
const essay: QuestionSnapshot = { ...base, type: 'essay' };
const description: QuestionSnapshot = { ...base, type: 'description' };

describe('scoreAnswer', () => {
  describe('single choice', () => {
    it.each([
      [['a'], 1, true],
      [['b'], 0, false],
      [['c'], 0.5, false],
      [['d'], 0, false],
      [[], 0, false],
      [['a', 'b'], 0, false],
      [['zz'], 0, false],
    ])('scores %j as %d (correct: %s)', (optionIds, fraction, correct) => {
      expect(scoreAnswer(single, { optionIds })).toMatchObject({ fraction, correct, needsManualGrading: false });
    });
    it('scores a missing answer as zero', () => {
      expect(scoreAnswer(single, null)).toMatchObject({ fraction: 0, correct: false });
      expect(scoreAnswer(single, {})).toMatchObject({ fraction: 0, correct: false });
    });
  });

  describe('multiple choice', () => {
    it.each([
      [['a', 'b'], 1, true],
      [['a'], 0.5, false],
      [['a', 'b', 'd'], 0.75, false],
      [['a', 'b', 'c'], 0, false],
      [['a', 'b', 'c', 'd'], 0, false],
      [['c'], 0, false],
      [['a', 'a'], 0.5, false],
      [[], 0, false],
    ])('sums the chosen fractions of %j to %d, clamped to [0, 1]', (optionIds, fraction, correct) => {
      expect(scoreAnswer(multiple, { optionIds })).toMatchObject({ fraction, correct });
    });
  });

  describe('true/false', () => {
    it('accepts the option id matching the key', () => {
      expect(scoreAnswer(tf, { optionIds: ['false'] })).toMatchObject({ fraction: 1, correct: true });
      expect(scoreAnswer(tf, { optionIds: ['true'] })).toMatchObject({ fraction: 0, correct: false });
      expect(scoreAnswer({ ...tf, correct: true }, { optionIds: ['true'] }).correct).toBe(true);
    });
    it('gives nothing for both, neither or an unknown id', () => {
      for (const optionIds of [['true', 'false'], [], ['yes']]) expect(scoreAnswer(tf, { optionIds }).fraction).toBe(0);
    });
  });

  describe('short answer', () => {
    it.each([
      ['Hải Phòng', 1],
      ['  hải   phòng ', 1],
      ['HẢI PHÒNG', 1],
      ['Thành phố Hải Phòng', 1],
      ['hp', 0.5],
      ['Bạch Đằng giang', 0.75],
      ['Hà Nội', 0],
      ['', 0],
    ])('scores %j as %d', (text, fraction) => {
      expect(scoreAnswer(short, { text }).fraction).toBe(fraction);
    });
    it('treats composed and decomposed Vietnamese as the same text (NFC)', () => {
      expect(scoreAnswer(short, { text: 'Hải Phòng'.normalize('NFD') }).fraction).toBe(1);
    });
    it('compares case-sensitively only when the question says so', () => {
      const cs = { ...short, caseSensitive: true };
      expect(scoreAnswer(cs, { text: 'hải phòng' }).fraction).toBe(0);
      expect(scoreAnswer(cs, { text: 'Hải Phòng' }).fraction).toBe(1);
    });
    it('takes a literal star for \\* and regex characters literally', () => {
      const q: QuestionSnapshot = {
        ...base,
        type: 'short',
        answers: [
          { text: 'a\\*b', fraction: 1 },
          { text: '(x+y)', fraction: 1 },
        ],
      };
      expect(scoreAnswer(q, { text: 'a*b' }).fraction).toBe(1);
      expect(scoreAnswer(q, { text: 'aXb' }).fraction).toBe(0);
      expect(scoreAnswer(q, { text: '(x+y)' }).fraction).toBe(1);
      expect(scoreAnswer(q, { text: 'xxy' }).fraction).toBe(0);
    });
  });

  describe('numerical', () => {
    it.each([
      [1945, 1],
      [1945.0000000001, 1],
      [1946, 0.5],
      [1955, 0.5],
      [1944, 0],
      [1956, 0],
      [Number.NaN, 0],
      [Infinity, 0],
    ])('scores %d as %d (best matching answer)', (value, fraction) => {
      expect(scoreAnswer(numerical, { value }).fraction).toBe(fraction);
    });
    it('does not lose 0.1 + 0.2 = 0.3 to floating point', () => {
      const q: QuestionSnapshot = { ...base, type: 'numerical', answers: [{ value: 0.3, tolerance: 0, fraction: 1 }] };
      expect(scoreAnswer(q, { value: 0.1 + 0.2 }).correct).toBe(true);
    });
    it('gives nothing for a string value', () => {
      expect(scoreAnswer(numerical, { value: '1945' as unknown as number }).fraction).toBe(0);
    });
  });

  describe('matching', () => {
    it('gives the share of correctly matched pairs', () => {
      expect(
        scoreAnswer(matching, {
          pairs: { p1: 'Cách mạng tháng Tám', p2: 'Điện Biên Phủ', p3: 'Thống nhất đất nước', p4: 'Bạch Đằng' },
        }),
      ).toMatchObject({ fraction: 1, correct: true });
      expect(scoreAnswer(matching, { pairs: { p1: 'cách mạng  tháng tám', p2: 'Bạch Đằng' } }).fraction).toBe(0.25);
      expect(scoreAnswer(matching, { pairs: {} }).fraction).toBe(0);
    });

    it('accepts a distractor as a choice and scores it wrong', () => {
      const withDistractors: QuestionSnapshot = { ...matching, distractors: ['Đổi mới'] };
      expect(validateAnswerShape(withDistractors, { pairs: { p1: 'Đổi mới' } })).toEqual([]);
      expect(validateAnswerShape(matching, { pairs: { p1: 'Đổi mới' } })).toHaveLength(1);
      const all = { p1: 'Đổi mới', p2: 'Điện Biên Phủ', p3: 'Thống nhất đất nước', p4: 'Bạch Đằng' };
      expect(scoreAnswer(withDistractors, { pairs: all }).fraction).toBe(0.75);
    });
  });

  it('does not auto-score an essay and flags it for manual grading', () => {
    expect(scoreAnswer(essay, { text: 'Bài viết' })).toEqual({
      fraction: 0,
      correct: false,
      needsManualGrading: true,
      autoScored: false,
    });
  });
  it('gives a description no score and nothing to grade', () => {
    expect(scoreAnswer(description, {})).toMatchObject({ fraction: 0, correct: false, autoScored: false });
  });

  it('always returns a fraction in [0, 1], and correct exactly at full marks (property)', () => {
    const arbFraction = fc.double({ min: -1, max: 1, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(arbFraction, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat({ max: 9 })),
        fc.constantFrom('single', 'multiple') as fc.Arbitrary<'single' | 'multiple'>,
        (fractions, picks, type) => {
          const q: QuestionSnapshot = {
            ...base,
            type,
            options: fractions.map((fraction, i) => ({ id: `o${i}`, text: `${i}`, fraction })),
          };
          const s = scoreAnswer(q, { optionIds: picks.map((p) => `o${p}`) });
          expect(s.fraction).toBeGreaterThanOrEqual(0);
          expect(s.fraction).toBeLessThanOrEqual(1);
          expect(s.correct).toBe(s.fraction >= 1 - 1e-9);
        },
      ),
    );
  });

  it('never lowers a multiple-choice score by removing a negatively weighted choice (property)', () => {
    fc.assert(
      fc.property(fc.subarray(['a', 'b', 'c', 'd']), (chosen) => {
        const without = chosen.filter((id) => id !== 'c' && id !== 'd');
        if (without.length === 0) return;
        expect(scoreAnswer(multiple, { optionIds: without }).fraction).toBeGreaterThanOrEqual(
          scoreAnswer(multiple, { optionIds: chosen }).fraction,
        );
      }),
    );
  });

  it('does not depend on the order of chosen options (property)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(['a', 'b', 'c', 'd']), (chosen) => {
        expect(scoreAnswer(multiple, { optionIds: chosen }).fraction).toBe(
          scoreAnswer(multiple, { optionIds: [...chosen].sort() }).fraction,
        );
      }),
    );
  });

  it('scores a numerical answer 1 anywhere inside value ± tolerance (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (value, tolerance, t) => {
          const q: QuestionSnapshot = { ...base, type: 'numerical', answers: [{ value, tolerance, fraction: 1 }] };
          expect(scoreAnswer(q, { value: value + t * tolerance }).correct).toBe(true);
          expect(scoreAnswer(q, { value: value + tolerance + 1 }).correct).toBe(false);
        },
      ),
    );
  });

  it('is insensitive to case and white space for short answers (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.nat({ max: 3 }), (word, pad) => {
        const clean = normalizeText(word);
        fc.pre(clean !== '' && !clean.includes('*') && !clean.includes('\\'));
        const q: QuestionSnapshot = { ...base, type: 'short', answers: [{ text: word, fraction: 1 }] };
        const spaced = ' '.repeat(pad) + word.toLocaleUpperCase('vi') + ' '.repeat(pad);
        if (normalizeText(spaced) === clean) expect(scoreAnswer(q, { text: spaced }).correct).toBe(true);
      }),
    );
  });
});

describe('validateAnswerShape', () => {
  const problem = (q: QuestionSnapshot, a: unknown) => validateAnswerShape(q, a);

  it('accepts well-formed answers of every type', () => {
    expect(problem(single, { optionIds: ['a'] })).toEqual([]);
    expect(problem(single, { optionIds: [] })).toEqual([]);
    expect(problem(multiple, { optionIds: ['a', 'c'] })).toEqual([]);
    expect(problem(tf, { optionIds: ['true'] })).toEqual([]);
    expect(problem(short, { text: 'Hải Phòng' })).toEqual([]);
    expect(problem(numerical, { value: 1945.5 })).toEqual([]);
    expect(problem(matching, { pairs: { p1: 'Bạch Đằng', p2: 'điện biên phủ' } })).toEqual([]);
    expect(problem(essay, { text: 'Bài viết' })).toEqual([]);
  });

  it.each([
    ['an option id of another question', single, { optionIds: ['x-other'] }],
    ['two options on a single-choice question', single, { optionIds: ['a', 'b'] }],
    ['the same option twice', multiple, { optionIds: ['a', 'a'] }],
    ['a non-string option id', multiple, { optionIds: [1] }],
    ['optionIds that is not a list', single, { optionIds: 'a' }],
    ['a true/false answer other than true or false', tf, { optionIds: ['yes'] }],
    ['text on a choice question', single, { text: 'a' }],
    ['an extra field', single, { optionIds: ['a'], value: 1 }],
    ['no field at all', single, {}],
    ['a number as short-answer text', short, { text: 42 }],
    ['a huge short answer', short, { text: 'x'.repeat(2001) }],
    ['a numeric string', numerical, { value: '12' }],
    ['a non-finite number', numerical, { value: Number.POSITIVE_INFINITY }],
    ['a pair id of another question', matching, { pairs: { zz: 'Bạch Đằng' } }],
    ['a matching answer that is not one of the choices', matching, { pairs: { p1: 'Hà Nội' } }],
    ['pairs given as a list', matching, { pairs: ['Bạch Đằng'] }],
    ['any answer to a description', description, { text: 'x' }],
    ['null', single, null],
    ['an array', single, ['a']],
    ['a string', single, 'a'],
  ])('refuses %s', (_label, q, a) => {
    const problems = problem(q, a);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.message).toEqual(expect.any(String));
  });

  it('never throws on arbitrary JSON (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(single, multiple, tf, short, numerical, matching, essay, description),
        fc.jsonValue(),
        (q, a) => {
          const problems = validateAnswerShape(q, a);
          if (problems.length === 0) {
            const s = scoreAnswer(q, a as never);
            expect(s.fraction).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});
