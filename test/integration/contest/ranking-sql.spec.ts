import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  COUNTED_ATTEMPTS,
  PREDICTION_TARGETS,
  RANKING_KEYS,
  rankRound,
  DemoContest,
  RoundClosing,
  type RankingRules,
} from '../../../libs/contest/src/index.js';
import { ImportService } from '../../../libs/question-bank/src/index.js';
import { seedSmallTree } from '../../factories/units.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** Few values on purpose: ties on score, prediction, duration and time are what the rules must settle. */
const PEOPLE = 8;
const MAX_SCORE = 10;
const T0 = Date.parse('2026-06-01T08:00:00.000Z');

interface RandomAttempt {
  person: number;
  score: number;
  prediction: number | null;
  durationMs: number;
  submittedSecond: number;
}

const attemptArb = fc.record({
  person: fc.integer({ min: 0, max: PEOPLE - 1 }),
  score: fc.constantFrom(0, 5, MAX_SCORE),
  prediction: fc.option(fc.integer({ min: 0, max: PEOPLE }), { nil: null }),
  durationMs: fc.constantFrom(60_000, 90_000, 120_000),
  submittedSecond: fc.integer({ min: 0, max: 3 }),
});

const rulesArb: fc.Arbitrary<RankingRules> = fc.record({
  countedAttempt: fc.constantFrom(...COUNTED_ATTEMPTS),
  // Any configured order, from none (the default) to all four keys in any order.
  ranking: fc.shuffledSubarray([...RANKING_KEYS]),
  predictionTarget: fc.constantFrom(null, ...PREDICTION_TARGETS),
});

describe('a round close ranks as ranking.ts says (PostgreSQL against the pure rules, random rounds)', () => {
  let t: TestApp;
  let roundId: string;
  const people: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const units = await seedSmallTree(t);
    const bank = await t.app.get(ImportService).seedDemoBank();
    roundId = (await t.app.get(DemoContest).seedDemoContest(bank!.bankId))!.roundId;
    for (let i = 0; i < PEOPLE; i++) {
      const rows: { id: string }[] = await t.dataSource.query(
        `INSERT INTO app_user (username, password_hash, full_name, unit_id, roles, birth_date)
         VALUES ($1, 'not-a-hash', $2, $3, '{participant}', '2000-01-01') RETURNING id`,
        [`xep-hang-${i}`, `Thí sinh ${i}`, units['d1/w1']],
      );
      people.push(rows[0]!.id);
    }
  });
  afterAll(async () => t?.close());

  /** The round reopened with these rules and only these attempts, all submitted, numbered in the order they started. */
  async function prepareRound(rules: RankingRules, random: RandomAttempt[]) {
    await t.dataSource.query('DELETE FROM quiz_attempt WHERE context_id = $1', [roundId]);
    await t.dataSource.query(
      `UPDATE contest_round SET status = 'open', prediction_value = NULL, closed_at = NULL, closes_at = now() + interval '1 day',
         counted_attempt = $2, ranking = $3, prediction_target = $4, prediction_question = $5 WHERE id = $1`,
      [roundId, rules.countedAttempt, rules.ranking, rules.predictionTarget, rules.predictionTarget && 'Bao nhiêu?'],
    );
    const numbered = new Map<number, number>();
    const attempts = random.map((a, i) => {
      const attemptNo = (numbered.get(a.person) ?? 0) + 1;
      numbered.set(a.person, attemptNo);
      const startedAt = new Date(T0 + i * 1000);
      return {
        attemptId: randomUUID(),
        userId: people[a.person]!,
        attemptNo,
        score: a.score,
        maxScore: MAX_SCORE,
        prediction: a.prediction,
        durationMs: a.durationMs,
        startedAt,
        submittedAt: new Date(T0 + 3_600_000 + a.submittedSecond * 1000),
      };
    });
    for (const a of attempts) {
      await t.dataSource.query(
        `INSERT INTO quiz_attempt (id, context_id, user_id, attempt_no, status, started_at, deadline, submitted_at,
           finished_by, duration_ms, score, max_score, points_per_question, correct_count, answered_count, prediction, seed, paper)
         VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, 'participant', $8, $9, $10, 1, 0, 0, $11, 'seed', '[]')`,
        [
          a.attemptId,
          roundId,
          a.userId,
          a.attemptNo,
          a.startedAt,
          new Date(a.startedAt.getTime() + 7_200_000),
          a.submittedAt,
          a.durationMs,
          a.score,
          a.maxScore,
          a.prediction,
        ],
      );
    }
    return attempts;
  }

  it('gives every person the same rank and counted attempt, and the same prediction value', async () => {
    await fc.assert(
      fc.asyncProperty(rulesArb, fc.array(attemptArb, { minLength: 1, maxLength: 14 }), async (rules, random) => {
        const attempts = await prepareRound(rules, random);
        const closed = await t.app.get(RoundClosing).closeRound(roundId, null);
        const expected = rankRound(attempts, rules);
        const frozen: { userId: string; rank: number; attemptId: string }[] = await t.dataSource.query(
          'SELECT user_id AS "userId", rank, attempt_id AS "attemptId" FROM round_ranking WHERE round_id = $1',
          [roundId],
        );
        expect(closed.predictionValue).toBe(expected.trueValue);
        const byPerson = (rows: { userId: string; rank: number; attemptId: string }[]) =>
          Object.fromEntries(rows.map((r) => [r.userId, { rank: r.rank, attemptId: r.attemptId }]));
        expect(byPerson(frozen)).toEqual(byPerson(expected.ranking));
      }),
      // Each run is a real close: report the first counterexample rather than spend minutes shrinking it.
      { numRuns: 40, endOnFailure: true },
    );
  });
});
