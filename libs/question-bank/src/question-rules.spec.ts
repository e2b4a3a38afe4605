import { describe, expect, it } from '@jest/globals';
import type { QuestionInput } from '#contracts';
import { cleanCategoryPath, normalizeQuestion, validateQuestion } from './question-rules.js';

const fields = (q: QuestionInput) => validateQuestion(q).map((p) => p.field);

describe('normalizeQuestion', () => {
  it('makes text NFC and trims it everywhere', () => {
    const nfd = ' Tiếng Việt '.normalize('NFD');
    const q = normalizeQuestion({
      type: 'single',
      text: nfd,
      title: ` ${nfd}`,
      tags: [nfd, ' ', 'Tiếng Việt'],
      options: [{ text: nfd, fraction: 1, feedback: '  ' }],
    });
    expect(q).toEqual({
      type: 'single',
      text: 'Tiếng Việt',
      title: 'Tiếng Việt',
      tags: ['Tiếng Việt'],
      options: [{ text: 'Tiếng Việt', fraction: 1 }],
    });
  });

  it("cleans category paths: 'a / b/' → 'a/b'", () => {
    expect(cleanCategoryPath(' a / b/ ')).toBe('a/b');
    expect(cleanCategoryPath('//')).toBe('');
    expect(normalizeQuestion({ type: 'essay', text: 'x', category: ' / ' }).category).toBeUndefined();
  });

  it('drops the fields another type uses and rounds fractions to 7 decimals', () => {
    const q = normalizeQuestion({
      type: 'multiple',
      text: 'x',
      correct: true,
      pairs: [],
      options: [
        { text: 'a', fraction: 1 / 3 },
        { text: 'b', fraction: 2 / 3 },
      ],
    });
    expect(q).toEqual({
      type: 'multiple',
      text: 'x',
      options: [
        { text: 'a', fraction: 0.3333333 },
        { text: 'b', fraction: 0.6666667 },
      ],
    });
  });

  it('keeps case sensitivity only when set and turns -0 into 0', () => {
    expect(normalizeQuestion({ type: 'short', text: 'x', caseSensitive: false, answers: [] })).toEqual({
      type: 'short',
      text: 'x',
      answers: [],
    });
    const n = normalizeQuestion({ type: 'numerical', text: 'x', answers: [{ value: -0, tolerance: -0, fraction: 1 }] });
    expect(Object.is((n.answers![0] as { value: number }).value, 0)).toBe(true);
  });
});

describe('validateQuestion', () => {
  it('accepts a valid question of every type', () => {
    const valid: QuestionInput[] = [
      {
        type: 'single',
        text: 'q',
        options: [
          { text: 'a', fraction: 1 },
          { text: 'b', fraction: 0 },
        ],
      },
      {
        type: 'multiple',
        text: 'q',
        options: [
          { text: 'a', fraction: 0.3333333 },
          { text: 'b', fraction: 0.3333333 },
          { text: 'c', fraction: 0.3333333 },
          { text: 'd', fraction: -1 },
        ],
      },
      { type: 'truefalse', text: 'q', correct: false },
      { type: 'short', text: 'q', answers: [{ text: 'a', fraction: 1 }] },
      { type: 'numerical', text: 'q', answers: [{ value: 1.5, tolerance: 0, fraction: 1 }] },
      {
        type: 'matching',
        text: 'q',
        pairs: [
          { prompt: 'a', answer: '1' },
          { prompt: 'b', answer: '2' },
        ],
      },
      { type: 'essay', text: 'q' },
      { type: 'description', text: 'q', difficulty: 3, tags: ['x'] },
    ];
    for (const q of valid) expect(validateQuestion(q)).toEqual([]);
  });

  it('needs a 100% option in a single-choice question and two options', () => {
    expect(
      fields({
        type: 'single',
        text: 'q',
        options: [
          { text: 'a', fraction: 0.5 },
          { text: 'b', fraction: 0 },
        ],
      }),
    ).toEqual(['options']);
    expect(fields({ type: 'single', text: 'q', options: [{ text: 'a', fraction: 1 }] })).toEqual(['options']);
  });

  it('needs the positive fractions of a multiple-choice question to add up to 100%', () => {
    const problems = validateQuestion({
      type: 'multiple',
      text: 'q',
      options: [
        { text: 'a', fraction: 0.5 },
        { text: 'b', fraction: 0.4 },
      ],
    });
    expect(problems).toEqual([{ field: 'options', message: expect.stringContaining('hiện là 90%') }]);
  });

  it('keeps fractions within -100%..100%', () => {
    expect(
      fields({
        type: 'multiple',
        text: 'q',
        options: [
          { text: 'a', fraction: 2 },
          { text: 'b', fraction: -1 },
        ],
      }),
    ).toEqual(['options[0].fraction']);
  });

  it('needs a boolean key for true/false', () => {
    expect(fields({ type: 'truefalse', text: 'q' })).toEqual(['correct']);
  });

  it('needs a full-mark answer for short and numerical questions, and finite numbers', () => {
    expect(fields({ type: 'short', text: 'q', answers: [{ text: 'a', fraction: 0.5 }] })).toEqual(['answers']);
    expect(fields({ type: 'short', text: 'q', answers: [] })).toEqual(['answers']);
    expect(
      fields({ type: 'numerical', text: 'q', answers: [{ value: Number.NaN, tolerance: -1, fraction: 1 }] }),
    ).toEqual(['answers[0].value', 'answers[0].tolerance']);
  });

  it('needs at least two complete matching pairs', () => {
    expect(fields({ type: 'matching', text: 'q', pairs: [{ prompt: 'a', answer: '' }] })).toEqual([
      'pairs',
      'pairs[0].answer',
    ]);
  });

  it('refuses an empty distractor; drops a repeated one and one equal to a right answer (the choices are a set)', () => {
    const pairs = [
      { prompt: 'a', answer: 'A' },
      { prompt: 'b', answer: 'B' },
    ];
    expect(fields({ type: 'matching', text: 'q', pairs, distractors: ['C', ' '] })).toEqual(['distractors[1]']);
    expect(
      normalizeQuestion({ type: 'matching', text: 'q', pairs, distractors: [' C', 'C', 'A', 'D'] }).distractors,
    ).toEqual(['C', 'D']);
    expect(normalizeQuestion({ type: 'matching', text: 'q', pairs, distractors: ['B'] })).not.toHaveProperty(
      'distractors',
    );
    expect(normalizeQuestion({ type: 'single', text: 'q', options: [], distractors: ['x'] })).not.toHaveProperty(
      'distractors',
    );
  });

  it('needs text, a difficulty of 1–3 and tags of at most 50 characters', () => {
    expect(fields({ type: 'essay', text: ' ', difficulty: 4 as 1, tags: ['x'.repeat(51)] })).toEqual([
      'text',
      'difficulty',
      'tags[0]',
    ]);
  });

  it('rejects a 100 KB question with a clear message instead of crashing', () => {
    const [problem] = validateQuestion({ type: 'essay', text: 'x'.repeat(100 * 1024) });
    expect(problem).toEqual({ field: 'text', message: expect.stringContaining('vượt quá giới hạn 100.000 ký tự') });
  });

  it('rejects an unknown type', () => {
    expect(fields({ type: 'cloze' as 'essay', text: 'q' })).toEqual(['type']);
  });
});
