import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { analyseItems, correlation, type ItemResponse } from './item-analysis.js';

/** n attempts of varying ability answering q-good (follows ability) and q-bad (keyed wrong: the strong miss it). */
function round(n: number): ItemResponse[] {
  const out: ItemResponse[] = [];
  for (let i = 0; i < n; i++) {
    const strong = i < n / 2;
    for (let k = 0; k < 5; k++)
      out.push({ attemptId: `a${i}`, questionId: `filler${k}`, fraction: strong ? 1 : k < 1 ? 1 : 0 });
    out.push({ attemptId: `a${i}`, questionId: 'q-good', fraction: strong ? 1 : 0, optionIds: [strong ? 'A' : 'B'] });
    // The strong pick C (the real answer), which the key calls wrong; the weak pick A, the wrong key.
    out.push({ attemptId: `a${i}`, questionId: 'q-bad', fraction: strong ? 0 : 1, optionIds: [strong ? 'C' : 'A'] });
  }
  return out;
}
const keys = new Map([
  [
    'q-good',
    [
      { id: 'A', fraction: 1 },
      { id: 'B', fraction: 0 },
      { id: 'C', fraction: 0 },
    ],
  ],
  [
    'q-bad',
    [
      { id: 'A', fraction: 1 },
      { id: 'B', fraction: 0 },
      { id: 'C', fraction: 0 },
    ],
  ],
]);

describe('analyseItems', () => {
  it('computes facility as the mean fraction earned', () => {
    const stats = analyseItems(round(40), keys);
    expect(stats.find((s) => s.questionId === 'q-good')!.facility).toBeCloseTo(0.5);
  });

  it('gives a well-keyed question positive discrimination and does not flag it', () => {
    const good = analyseItems(round(40), keys).find((s) => s.questionId === 'q-good')!;
    expect(good.discrimination).toBeGreaterThan(0.9);
    expect(good.pointBiserial).toBeGreaterThan(0.5);
    expect(good.likelyWrongKey).toBe(false);
  });

  it('flags a likely wrong key: negative discrimination and a distractor the top group prefers', () => {
    const bad = analyseItems(round(40), keys).find((s) => s.questionId === 'q-bad')!;
    expect(bad.discrimination).toBeLessThan(0);
    expect(bad.likelyWrongKey).toBe(true);
    expect(bad.reasons).toHaveLength(2);
    expect(bad.options?.find((o) => o.id === 'C')).toMatchObject({ upper: 11, lower: 0 });
  });

  it('gives no discrimination (and no flag) with too few attempts to tell', () => {
    const stats = analyseItems(round(6), keys);
    for (const s of stats) {
      expect(s.discrimination).toBeNull();
      expect(s.likelyWrongKey).toBe(false);
    }
  });

  it('keeps facility within [0, 1] and discrimination within [-1, 1] (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 30 }), fc.nat({ max: 4 }), fc.double({ min: 0, max: 1, noNaN: true })), {
          maxLength: 200,
        }),
        (rows) => {
          const seen = new Set<string>();
          const responses = rows
            .filter(([a, q]) => !seen.has(`${a}/${q}`) && seen.add(`${a}/${q}`))
            .map(([a, q, f]) => ({ attemptId: `a${a}`, questionId: `q${q}`, fraction: f }));
          for (const s of analyseItems(responses)) {
            expect(s.facility).toBeGreaterThanOrEqual(0);
            expect(s.facility).toBeLessThanOrEqual(1 + 1e-12);
            if (s.discrimination !== null) expect(Math.abs(s.discrimination)).toBeLessThanOrEqual(1 + 1e-12);
          }
        },
      ),
    );
  });
});

describe('correlation', () => {
  it('is 1 for a perfect line, -1 reversed, null without variance', () => {
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(correlation([1, 2, 3], [6, 4, 2])).toBeCloseTo(-1);
    expect(correlation([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});
