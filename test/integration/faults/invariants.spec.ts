import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { QuestionSnapshot } from '../../../libs/contracts/src/index.js';
import type { LiveAnswerRecord, LivePlayerRecord } from '../../../libs/live-contest/src/index.js';
import { emptyContestLog, Participant, RetryingClient, seedFaultRound } from '../../support/faults/contest-faults.js';
import {
  checkConnections,
  checkContest,
  checkLive,
  type ContestLog,
  type Invariant,
  type LiveLog,
  type LiveStoreView,
} from '../../support/invariants.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const names = (violations: { invariant: Invariant }[]) => [...new Set(violations.map((v) => v.invariant))].sort();

/** The checker every fault test ends on must be able to fail: each invariant is shown catching a planted fault. */
describe('the fault tests’ invariant checker: contest rounds and connections', () => {
  let t: TestApp;
  let db: pg.Client;
  let log: ContestLog;
  let attemptId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = new pg.Client({ connectionString: t.database.url });
    await db.connect();
    const round = await seedFaultRound(t.app, t.baseUrl, db, { participants: 2, prefix: 'kiem' });
    log = emptyContestLog();
    const client = new RetryingClient(() => [t.baseUrl]);
    const [first, second] = round.participants.map((p) => new Participant(p, round.roundId, client, log));
    for (const p of [first!, second!]) {
      await p.start();
      await p.answerAll(2);
    }
    await first!.submit();
    attemptId = first!.attemptId;
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  /** The invariants broken with `plant` applied (inside a transaction the checker reads through, rolled back). */
  async function planted(plant: string, extra: Partial<ContestLog> = {}): Promise<Invariant[]> {
    await db.query('BEGIN');
    try {
      if (plant) await db.query(plant, [attemptId]);
      return names(await checkContest(db, { ...log, ...extra }));
    } finally {
      await db.query('ROLLBACK');
    }
  }

  it('finds nothing on an honest round', async () => {
    expect(await checkContest(db, log)).toEqual([]);
    expect(await checkConnections(db)).toEqual([]);
  });

  it('catches an acknowledged answer that is not stored, or stored with another value', async () => {
    const oneQuestion = `(SELECT question_id FROM quiz_answer WHERE attempt_id = $1 ORDER BY question_id LIMIT 1)`;
    expect(await planted(`DELETE FROM quiz_answer WHERE attempt_id = $1 AND question_id = ${oneQuestion}`)).toContain(
      'acknowledged-answer-missing',
    );
    expect(
      await planted(
        `UPDATE quiz_answer SET value = '{"optionIds": ["khac"]}' WHERE attempt_id = $1 AND question_id = ${oneQuestion}`,
      ),
    ).toContain('acknowledged-answer-missing');
  });

  it('catches a second attempt no client was given', async () => {
    expect(
      await planted(
        `INSERT INTO quiz_attempt (context_id, user_id, attempt_no, status, deadline, max_score, points_per_question,
           seed, paper, submitted_at, score, correct_count, answered_count)
         SELECT context_id, user_id, attempt_no + 1, 'submitted', deadline, max_score, points_per_question, seed, paper,
           now(), 0, 0, 0
         FROM quiz_attempt WHERE id = $1`,
      ),
    ).toEqual(['duplicate']);
  });

  it('catches a score that is not the recomputation, and one the participant was told differently', async () => {
    expect(await planted(`UPDATE quiz_attempt SET score = score + 1 WHERE id = $1`)).toEqual(['score-mismatch']);
    expect(
      await planted(`UPDATE quiz_answer SET fraction = 1 - fraction, correct = NOT correct WHERE attempt_id = $1`),
    ).toEqual(['score-mismatch']);
    expect(await planted('', { submits: log.submits.map((s) => ({ ...s, score: s.score + 1 })) })).toEqual([
      'score-mismatch',
    ]);
  });

  it('catches a submission or a save after the deadline + grace', async () => {
    expect(
      await planted(`UPDATE quiz_attempt SET submitted_at = deadline + interval '1 minute' WHERE id = $1`),
    ).toEqual(['past-deadline']);
    expect(await planted(`UPDATE quiz_answer SET saved_at = now() + interval '1 day' WHERE attempt_id = $1`)).toEqual([
      'past-deadline',
    ]);
  });

  it('catches a key in a response before submission', async () => {
    const paper = log.received.find((r) => r.attemptId === attemptId)!.body as { questions: object[] };
    const leaked = {
      ...paper,
      questions: [{ ...paper.questions[0], options: [{ id: 'a', text: 'Đúng', fraction: 1 }] }, ...paper.questions],
    };
    expect(await planted('', { received: [{ attemptId, body: leaked }] })).toEqual(['key-before-close']);
  });

  it('catches a connection left idle in a transaction', async () => {
    const leaky = new pg.Client({ connectionString: t.database.url });
    await leaky.connect();
    try {
      await leaky.query('BEGIN');
      await leaky.query('SELECT 1');
      // The checker tolerates a second (the gap between two statements of a live transaction); this one stays.
      await new Promise((r) => setTimeout(r, 1500));
      expect(names(await checkConnections(db))).toEqual(['idle-in-transaction']);
    } finally {
      await leaky.end();
    }
  });
});

describe('the fault tests’ invariant checker: live games', () => {
  const question = (n: number): QuestionSnapshot =>
    ({
      questionId: `q${n}`,
      versionId: `v${n}`,
      version: 1,
      bankId: 'b',
      type: 'single',
      text: `Câu ${n}`,
      options: [
        { id: `q${n}-dung`, text: 'Đúng', fraction: 1 },
        { id: `q${n}-sai`, text: 'Sai', fraction: 0 },
      ],
    }) as unknown as QuestionSnapshot;
  const player = (id: string, seq: number, score: number, correctCount: number): LivePlayerRecord => ({
    id,
    seq,
    nickname: id,
    tokenHash: '',
    score,
    streak: 0,
    correctCount,
    correctTimeMs: 0,
    extraMs: 0,
    kicked: false,
    last: null,
  });
  const record = (clientAnswerId: string, correct: boolean, elapsedMs = 1000): LiveAnswerRecord => ({
    clientAnswerId,
    correct,
    points: correct ? 1000 : 0,
    elapsedMs,
  });

  /** Two players, two questions (accuracy, streaks): A right twice (1000 + 1100), B wrong then right (1000). */
  function honest(): {
    view: LiveStoreView;
    log: LiveLog;
    final: { id: string; score: number; correctCount: number }[];
  } {
    const view: LiveStoreView = {
      config: {
        gameId: 'g',
        pin: '123456',
        title: 'Thử',
        hostUserId: null,
        scoring: 'accuracy',
        streaks: true,
        questionTimeMs: 20_000,
        maxPlayers: 10,
        questions: [question(0), question(1)],
      },
      players: [player('A', 1, 2100, 2), player('B', 2, 1000, 1)],
      answers: new Map([
        [
          0,
          new Map([
            ['A', record('A-0', true)],
            ['B', record('B-0', false)],
          ]),
        ],
        [
          1,
          new Map([
            ['A', record('A-1', true)],
            ['B', record('B-1', true)],
          ]),
        ],
      ]),
    };
    const ack = (playerId: string, index: number, right: boolean) => ({
      playerId,
      index,
      clientAnswerId: `${playerId}-${index}`,
      answer: { optionIds: [`q${index}-${right ? 'dung' : 'sai'}`] },
      duplicate: false,
    });
    const received: LiveLog['received'] = [];
    const totals = { A: [1000, 2100], B: [0, 1000] } as const;
    for (const index of [0, 1])
      for (const id of ['A', 'B'] as const) {
        received.push({ playerId: id, event: 'question:show', payload: { index, options: [{ id: 'x', text: 'x' }] } });
        received.push({
          playerId: id,
          event: 'question:result',
          payload: { index, answered: true, correct: true, points: 0, total: totals[id][index], rank: 1, streak: 0 },
        });
        received.push({
          playerId: id,
          event: 'leaderboard:update',
          payload: { index, top: [], answer: { optionIds: [] } },
        });
      }
    return {
      view,
      log: { answers: [ack('A', 0, true), ack('B', 0, false), ack('A', 1, true), ack('B', 1, true)], received },
      final: [
        { id: 'A', score: 2100, correctCount: 2 },
        { id: 'B', score: 1000, correctCount: 1 },
      ],
    };
  }
  const check = (h: ReturnType<typeof honest>) => checkLive(h.view, h.log, { graceMs: 400, final: h.final });

  it('finds nothing in an honest game', async () => {
    expect(await check(honest())).toEqual([]);
  });

  it('catches an acknowledged answer the store does not hold', async () => {
    const h = honest();
    h.view.answers.get(1)!.delete('B');
    expect(names(await check(h))).toContain('acknowledged-answer-missing');
  });

  it('catches two answers counted for one player and question', async () => {
    const h = honest();
    h.log.answers.push({ ...h.log.answers[0]!, clientAnswerId: 'A-0-bis' });
    expect(names(await check(h))).toContain('duplicate');
  });

  it('catches totals that are not the replay of the recorded answers, and a wrongly scored answer', async () => {
    const h = honest();
    h.view.players[0]!.score += 100;
    expect(names(await check(h))).toEqual(['score-mismatch']);
    const g = honest();
    g.view.answers.get(0)!.set('B', record('B-0', true));
    expect(names(await check(g))).toEqual(['score-mismatch']);
  });

  it('catches an answer recorded after the player’s deadline + grace', async () => {
    const h = honest();
    h.view.answers.get(0)!.set('B', record('B-0', false, 20_401));
    expect(names(await check(h))).toEqual(['past-deadline']);
  });

  it('catches a key in a message before the player’s question closed', async () => {
    const h = honest();
    // The key of question 1 broadcast before A got the result of question 1.
    h.log.received.splice(4, 0, {
      playerId: 'A',
      event: 'leaderboard:update',
      payload: { index: 1, top: [], answer: { optionIds: ['q1-dung'] } },
    });
    expect(names(await check(h))).toEqual(['key-before-close']);
    const g = honest();
    g.log.received[0] = {
      playerId: 'A',
      event: 'question:show',
      payload: { index: 0, options: [{ id: 'q0-dung', text: 'Đúng', fraction: 1 }] },
    };
    expect(names(await check(g))).toEqual(['key-before-close']);
  });
});
