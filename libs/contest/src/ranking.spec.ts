import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  compareAttempts,
  countedAttempt,
  DEFAULT_RANKING,
  explainRank,
  fullOrder,
  predictionTrueValue,
  rankAttempts,
  rankingOrderSql,
  type RankedAttempt,
} from './ranking.js';

const t0 = Date.parse('2026-03-02T08:00:00+07:00');
const at = (id: string, over: Partial<RankedAttempt> = {}): RankedAttempt => ({
  attemptId: id,
  userId: `u-${id}`,
  score: 10,
  prediction: 100,
  durationMs: 60_000,
  submittedAt: new Date(t0 + 120_000),
  startedAt: new Date(t0),
  ...over,
});

describe('ranking order', () => {
  const cmp = compareAttempts(DEFAULT_RANKING, 120);

  it('ranks the higher score first', () => {
    expect(cmp(at('a', { score: 9 }), at('b', { score: 10 }))).toBeGreaterThan(0);
  });
  it('ranks the closer prediction first when scores tie', () => {
    expect(cmp(at('a', { prediction: 100 }), at('b', { prediction: 125 }))).toBeGreaterThan(0);
    expect(cmp(at('a', { prediction: 140 }), at('b', { prediction: 100 }))).toBe(
      0 - cmp(at('b', { prediction: 100 }), at('a', { prediction: 140 })),
    );
  });
  it('treats an over- and under-estimate at the same distance alike', () => {
    const rows = rankAttempts([at('a', { prediction: 110 }), at('b', { prediction: 130 })], DEFAULT_RANKING, 120);
    expect(rows.map((r) => r.rank)).toEqual([1, 1]);
  });
  it('ranks the shorter time first when score and prediction tie', () => {
    expect(cmp(at('a', { durationMs: 61_000 }), at('b', { durationMs: 60_000 }))).toBeGreaterThan(0);
  });
  it('ranks the earlier submission first when everything else ties', () => {
    expect(cmp(at('a', { submittedAt: new Date(t0 + 5) }), at('b', { submittedAt: new Date(t0 + 4) }))).toBeGreaterThan(
      0,
    );
  });
  it('ranks someone who made no prediction after everyone who did', () => {
    expect(cmp(at('a', { prediction: null }), at('b', { prediction: 9_999_999 }))).toBeGreaterThan(0);
  });
  it('follows a configured order (time before score)', () => {
    const c = compareAttempts(['duration', 'score'], 120);
    expect(c(at('a', { score: 10, durationMs: 90_000 }), at('b', { score: 5, durationMs: 30_000 }))).toBeGreaterThan(0);
  });
  it('completes a partial order with the remaining default keys', () => {
    expect(fullOrder(['duration'])).toEqual(['duration', 'score', 'prediction', 'submittedAt']);
    expect(fullOrder(undefined)).toEqual([...DEFAULT_RANKING]);
    expect(fullOrder(['score', 'score'])).toEqual([...DEFAULT_RANKING]);
  });
  it('writes the same order as SQL', () => {
    expect(rankingOrderSql(DEFAULT_RANKING, 'c')).toBe(
      'c.score DESC, c.prediction_distance ASC NULLS LAST, c.duration_ms ASC, c.submitted_at ASC',
    );
  });

  const arb = fc.record({
    attemptId: fc.uuid(),
    userId: fc.uuid(),
    score: fc.integer({ min: 0, max: 30 }),
    prediction: fc.option(fc.integer({ min: 0, max: 1000 })),
    durationMs: fc.integer({ min: 0, max: 600_000 }),
    submittedAt: fc.integer({ min: 0, max: 1e6 }).map((x) => new Date(t0 + x)),
    startedAt: fc.constant(new Date(t0)),
  });
  const arbOrder = fc.shuffledSubarray([...DEFAULT_RANKING]);

  it('is a total order: antisymmetric and transitive (property)', () => {
    fc.assert(
      fc.property(arb, arb, arb, arbOrder, fc.option(fc.nat({ max: 1000 })), (a, b, c, order, tv) => {
        const cmpx = compareAttempts(order, tv);
        expect(Math.sign(cmpx(a, b))).toBe(-Math.sign(cmpx(b, a)) || 0);
        if (cmpx(a, b) <= 0 && cmpx(b, c) <= 0) expect(cmpx(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('gives ranks that never decrease down the list and equal ranks only to full ties (property)', () => {
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 40 }), arbOrder, (rows, order) => {
        const ranked = rankAttempts(rows, order, 500);
        ranked.forEach((r, i) => {
          expect(r.rank).toBeLessThanOrEqual(i + 1);
          if (i > 0) expect(r.rank).toBeGreaterThanOrEqual(ranked[i - 1]!.rank);
          if (i > 0 && r.rank !== ranked[i - 1]!.rank) expect(r.rank).toBe(i + 1);
        });
      }),
    );
  });
});

describe('counted attempt', () => {
  const attempts = [
    at('first', { score: 5, startedAt: new Date(t0) }),
    at('best', { score: 9, startedAt: new Date(t0 + 1000) }),
    at('last', { score: 7, startedAt: new Date(t0 + 2000) }),
  ];
  it.each([
    ['best', 'best'],
    ['first', 'first'],
    ['last', 'last'],
  ] as const)('takes the %s attempt', (rule, id) => {
    expect(countedAttempt(attempts, rule, DEFAULT_RANKING, null)?.attemptId).toBe(id);
  });
  it('takes, between equal best scores, the one that ranks first (faster)', () => {
    const two = [at('slow', { score: 9, durationMs: 90_000 }), at('fast', { score: 9, durationMs: 30_000 })];
    expect(countedAttempt(two, 'best', DEFAULT_RANKING, null)?.attemptId).toBe('fast');
  });
  it('has nothing to count without attempts', () => {
    expect(countedAttempt([], 'best', DEFAULT_RANKING, null)).toBeNull();
  });
});

describe('prediction true value', () => {
  const counted = [
    { score: 30, maxScore: 30 },
    { score: 29, maxScore: 30 },
    { score: 30, maxScore: 30 },
    { score: 0, maxScore: 0 },
  ];
  it('counts people with full marks for perfect_scorers', () => {
    expect(predictionTrueValue('perfect_scorers', counted)).toBe(2);
  });
  it('counts people who took part for participants', () => {
    expect(predictionTrueValue('participants', counted)).toBe(4);
  });
});

describe('explainRank', () => {
  it('says why, in Vietnamese', () => {
    expect(
      explainRank({ rank: 3, score: 28, maxScore: 30, prediction: 120, predictionDistance: 4, durationMs: 95_500 }),
    ).toBe('Hạng 3: 28/30 điểm, dự đoán 120, lệch 4 so với kết quả thực, thời gian làm bài 95,5 giây.');
  });
});
