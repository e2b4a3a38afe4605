import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { QuestionSnapshot } from '#contracts';
import { drawPaper, toPublicQuestion } from './paper.js';

const q = (id: string, extra: Partial<QuestionSnapshot> = {}): QuestionSnapshot => ({
  questionId: id,
  versionId: `${id}-v1`,
  version: 1,
  bankId: 'b',
  type: 'single',
  text: `Câu ${id}`,
  options: [
    { id: `${id}a`, text: 'A', fraction: 1 },
    { id: `${id}b`, text: 'B', fraction: 0 },
    { id: `${id}c`, text: 'C', fraction: 0 },
    { id: `${id}d`, text: 'D', fraction: 0 },
  ],
  ...extra,
});
const pool = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => q(`${prefix}${i}`));

describe('drawPaper', () => {
  it('draws as many questions as each blueprint line asks, without repeats', () => {
    const r = drawPaper(
      [
        { category: 'A', count: 3 },
        { category: 'B', count: 2 },
      ],
      [pool('a', 10), pool('b', 5)],
      new Set(),
      's',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.paper).toHaveLength(5);
    expect(r.paper.filter((i) => i.questionId.startsWith('a'))).toHaveLength(3);
    expect(new Set(r.paper.map((i) => i.questionId)).size).toBe(5);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const args = [[{ category: 'A', count: 5 }], [pool('a', 30)], new Set<string>()] as const;
    expect(drawPaper(...args, 'x')).toEqual(drawPaper(...args, 'x'));
    expect(drawPaper(...args, 'x')).not.toEqual(drawPaper(...args, 'y'));
  });

  it('does not depend on the order the pool arrives in', () => {
    const p = pool('a', 20);
    expect(drawPaper([{ category: 'A', count: 5 }], [p], new Set(), 's')).toEqual(
      drawPaper([{ category: 'A', count: 5 }], [[...p].reverse()], new Set(), 's'),
    );
  });

  it('draws questions the person has not seen before first', () => {
    const p = pool('a', 10);
    const seen = new Set(p.slice(0, 7).map((x) => x.questionId));
    const r = drawPaper([{ category: 'A', count: 3 }], [p], seen, 's');
    expect(r.ok && r.paper.every((i) => !seen.has(i.questionId))).toBe(true);
    const r2 = drawPaper([{ category: 'A', count: 5 }], [p], seen, 's');
    expect(r2.ok && r2.paper.filter((i) => !seen.has(i.questionId))).toHaveLength(3);
  });

  it('never draws one question twice when blueprint lines overlap (a category and its subcategory)', () => {
    const shared = pool('a', 4);
    const r = drawPaper(
      [
        { category: 'A', count: 2 },
        { category: 'A/B', count: 2 },
      ],
      [shared, shared],
      new Set(),
      's',
    );
    expect(r.ok && new Set(r.paper.map((i) => i.questionId)).size).toBe(4);
    expect(
      drawPaper(
        [
          { category: 'A', count: 3 },
          { category: 'A/B', count: 2 },
        ],
        [shared, shared],
        new Set(),
        's',
      ),
    ).toEqual({
      ok: false,
      entry: 1,
      available: 1,
    });
  });

  it('reports the blueprint line that the pool cannot satisfy', () => {
    expect(drawPaper([{ category: 'A', count: 11 }], [pool('a', 10)], new Set(), 's')).toEqual({
      ok: false,
      entry: 0,
      available: 10,
    });
  });

  it('shuffles question and option order per seed while keeping every option (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 20 }), (seed, count) => {
        const p = pool('a', 20);
        const r = drawPaper([{ category: 'A', count }], [p], new Set(), seed);
        if (!r.ok) throw new Error('unsatisfiable');
        expect(r.paper).toHaveLength(count);
        for (const item of r.paper)
          expect([...item.optionOrder].sort()).toEqual(['a', 'b', 'c', 'd'].map((x) => `${item.questionId}${x}`));
      }),
    );
  });

  it('shuffles options differently across attempts', () => {
    const orders = new Set<string>();
    for (let s = 0; s < 20; s++) {
      const r = drawPaper([{ category: 'A', count: 1 }], [[q('x')]], new Set(), `seed${s}`);
      if (r.ok) orders.add(r.paper[0]!.optionOrder.join());
    }
    expect(orders.size).toBeGreaterThan(5);
  });
});

describe('toPublicQuestion', () => {
  it('shows options in the drawn order without fractions or feedback', () => {
    const question = q('x', { generalFeedback: 'bí mật' });
    const pub = toPublicQuestion(question, {
      questionId: 'x',
      versionId: 'x-v1',
      optionOrder: ['xc', 'xa', 'xd', 'xb'],
    });
    expect(pub).toEqual({
      id: 'x',
      type: 'single',
      text: 'Câu x',
      options: [
        { id: 'xc', text: 'C' },
        { id: 'xa', text: 'A' },
        { id: 'xd', text: 'D' },
        { id: 'xb', text: 'B' },
      ],
    });
    expect(JSON.stringify(pub)).not.toMatch(/fraction|bí mật/);
  });

  it('offers true/false as the options "true" and "false" without revealing the key', () => {
    const pub = toPublicQuestion(
      { ...q('t'), type: 'truefalse', options: undefined, correct: true },
      { questionId: 't', versionId: 'v', optionOrder: [] },
    );
    expect(pub.options?.map((o) => o.id)).toEqual(['true', 'false']);
    expect(JSON.stringify(pub)).not.toContain('correct');
  });

  it('gives matching prompts and shuffled choices without the pairing', () => {
    const m: QuestionSnapshot = {
      ...q('m'),
      type: 'matching',
      options: undefined,
      pairs: [
        { id: 'p1', prompt: '1945', answer: 'Cách mạng tháng Tám' },
        { id: 'p2', prompt: '1954', answer: 'Điện Biên Phủ' },
      ],
    };
    const r = drawPaper([{ category: 'M', count: 1 }], [[m]], new Set(), 's');
    if (!r.ok) throw new Error();
    const pub = toPublicQuestion(m, r.paper[0]!);
    expect(pub.pairs?.map((p) => p.id).sort()).toEqual(['p1', 'p2']);
    expect([...(pub.choices ?? [])].sort()).toEqual(['Cách mạng tháng Tám', 'Điện Biên Phủ']);
    expect(JSON.stringify(pub.pairs)).not.toContain('answer');
  });

  it("offers a matching question's distractors among its choices, and no prompt for them", () => {
    const m: QuestionSnapshot = {
      ...q('m'),
      type: 'matching',
      options: undefined,
      pairs: [
        { id: 'p1', prompt: '1945', answer: 'Cách mạng tháng Tám' },
        { id: 'p2', prompt: '1954', answer: 'Điện Biên Phủ' },
      ],
      distractors: ['Đổi mới', 'Bạch Đằng'],
    };
    const r = drawPaper([{ category: 'M', count: 1 }], [[m]], new Set(), 's');
    if (!r.ok) throw new Error();
    const pub = toPublicQuestion(m, r.paper[0]!);
    expect(pub.pairs).toHaveLength(2);
    expect([...(pub.choices ?? [])].sort()).toEqual(['Bạch Đằng', 'Cách mạng tháng Tám', 'Điện Biên Phủ', 'Đổi mới']);
    // A paper drawn before the question had distractors still shows them (the choices come from the version).
    expect(toPublicQuestion(m, { ...r.paper[0]!, choiceOrder: undefined }).choices).toHaveLength(4);
  });
});
