import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { answerPoints, applyRound, competitionRanks, type ScoredPlayer, streakBonus } from './scoring.js';

const player = (id: string, score = 0, seq = 0): ScoredPlayer => ({
  id,
  nickname: id,
  score,
  streak: 0,
  correctCount: 0,
  correctTimeMs: 0,
  seq,
  kicked: false,
});

describe('answer points', () => {
  it('gives 1000 at once, 500 at the deadline, 750 half-way in speed mode', () => {
    expect(answerPoints('speed', 1, 0, 20_000)).toBe(1000);
    expect(answerPoints('speed', 1, 10_000, 20_000)).toBe(750);
    expect(answerPoints('speed', 1, 20_000, 20_000)).toBe(500);
    expect(answerPoints('speed', 1, 25_000, 20_000)).toBe(500);
  });

  it('gives nothing for a wrong answer and the share for a partly right one', () => {
    expect(answerPoints('speed', 0, 0, 20_000)).toBe(0);
    expect(answerPoints('accuracy', 0.5, 19_000, 20_000)).toBe(500);
    expect(answerPoints('speed', 0.5, 0, 20_000)).toBe(500);
  });

  it('ignores time in accuracy mode', () => {
    expect(answerPoints('accuracy', 1, 1, 20_000)).toBe(answerPoints('accuracy', 1, 19_999, 20_000));
  });

  it('never costs a player with extra time points for using it', () => {
    expect(answerPoints('speed', 1, 30_000, 40_000)).toBe(answerPoints('speed', 1, 15_000, 20_000));
  });

  it('is always within 0..1000 and never rises with time (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.integer({ min: -1000, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1000, max: 300_000 }),
        (fraction, t1, dt, limit) => {
          const a = answerPoints('speed', fraction, t1, limit);
          const b = answerPoints('speed', fraction, t1 + dt, limit);
          return a >= 0 && a <= 1000 && b <= a;
        },
      ),
    );
  });
});

describe('streak bonus', () => {
  it('adds 100 per earlier correct answer in a row, at most 500', () => {
    expect([0, 1, 2, 3, 6, 7, 50].map(streakBonus)).toEqual([0, 0, 100, 200, 500, 500, 500]);
  });
});

describe('competition ranks', () => {
  it('shares a rank on equal scores and skips the next (1, 2, 2, 4)', () => {
    expect(competitionRanks([{ score: 9 }, { score: 5 }, { score: 5 }, { score: 1 }])).toEqual([1, 2, 2, 4]);
  });
});

/** The outcomes by player id, to read them by name. */
const byId = ({ standing, outcomes }: ReturnType<typeof applyRound>) => ({
  standing,
  outcomes: new Map(outcomes.map((o) => [o.id, o])),
});

describe('applying a round', () => {
  it('adds points and streak bonus, sorts by score, and leaves removed players out', () => {
    const a = player('a', 1000, 1);
    a.streak = 1;
    const b = player('b', 1500, 2);
    const c = player('c', 0, 3);
    const k = { ...player('k', 9000, 4), kicked: true };
    const answers = new Map([
      ['a', { correct: true, points: 800, elapsedMs: 4000 }],
      ['b', { correct: false, points: 0, elapsedMs: 1000 }],
      ['k', { correct: true, points: 1000, elapsedMs: 1 }],
    ]);
    const { standing, outcomes } = byId(applyRound([a, b, c, k], answers, true));
    expect(standing.map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(outcomes.get('a')).toMatchObject({ points: 900, total: 1900, rank: 1, streak: 2, correct: true });
    expect(outcomes.get('b')).toMatchObject({ points: 0, total: 1500, rank: 2, streak: 0, answered: true });
    expect(outcomes.get('c')).toMatchObject({ points: 0, total: 0, rank: 3, answered: false });
    expect(outcomes.has('k')).toBe(false);
  });

  it('breaks equal scores by faster correct answers in the order while keeping the same rank', () => {
    const slow = player('slow', 0, 1);
    const fast = player('fast', 0, 2);
    const answers = new Map([
      ['slow', { correct: true, points: 700, elapsedMs: 9000 }],
      ['fast', { correct: true, points: 700, elapsedMs: 3000 }],
    ]);
    const { standing, outcomes } = byId(applyRound([slow, fast], answers, false));
    expect(standing.map((p) => p.id)).toEqual(['fast', 'slow']);
    expect(outcomes.get('slow')!.rank).toBe(1);
    expect(outcomes.get('fast')!.rank).toBe(1);
  });

  it('keeps the sum of points equal to the sum of totals gained and ranks consistent with scores (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ s: fc.integer({ min: 0, max: 5000 }), p: fc.integer({ min: 0, max: 1500 }), ans: fc.boolean() }),
          {
            maxLength: 60,
          },
        ),
        (rows) => {
          const players = rows.map((r, i) => player(`p${i}`, r.s, i));
          const before = players.reduce((t, p) => t + p.score, 0);
          const answers = new Map(
            rows.flatMap((r, i) =>
              r.ans ? [[`p${i}`, { correct: r.p > 0, points: r.p, elapsedMs: 100 }] as const] : [],
            ),
          );
          const { standing, outcomes } = applyRound(players, answers, true);
          const gained = outcomes.reduce((t, o) => t + o.points, 0);
          const after = standing.reduce((t, p) => t + p.score, 0);
          if (after - before !== gained) return false;
          if (outcomes.some((o, i) => o.id !== standing[i]!.id || o.total !== standing[i]!.score)) return false;
          for (let i = 1; i < standing.length; i++) {
            const prev = outcomes[i - 1]!;
            const cur = outcomes[i]!;
            if (prev.total < cur.total || prev.rank > cur.rank) return false;
            if (prev.total === cur.total && prev.rank !== cur.rank) return false;
          }
          return true;
        },
      ),
    );
  });
});
