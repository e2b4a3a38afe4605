import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startApiProcess, waitFor, type ApiProcess } from '../../support/api-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { createUser, startTestApp, type SeededUser } from '../../support/test-app.js';
import { rightOption, seedContest, wrongOption } from './contest-fixture.js';

type Question = { id: string; type: string; text: string; options?: { id: string; text: string }[] };
type Answer = { optionIds: string[] };

/**
 * The API process is killed (SIGKILL: no drain, no shutdown hook) in the middle of a round, then another one is
 * started on the same database. Everything a participant was told is saved must still be there.
 */
describe('an API restart in the middle of a round', () => {
  let database: TestDatabase;
  let db: pg.Client;
  const processes: ApiProcess[] = [];
  let longRound: string;
  let shortRound: string;
  let racers: SeededUser[];
  let late: SeededUser;

  const auth = (u: SeededUser) => ({ Authorization: `Bearer ${u.token}` });
  const attemptRow = async (id: string) =>
    (
      await db.query(
        `SELECT status, finished_by, score, correct_count, answered_count, submitted_at, deadline,
           now() > deadline + interval '2 seconds' AS expired
         FROM quiz_attempt WHERE id = $1`,
        [id],
      )
    ).rows[0] as {
      status: string;
      finished_by: string | null;
      score: number | null;
      correct_count: number | null;
      answered_count: number | null;
      submitted_at: Date | null;
      deadline: Date;
      expired: boolean;
    };

  beforeAll(async () => {
    database = await createTestDatabase();
    // Units, the bank, the rounds and the accounts are made in-process, then that app is closed: from here on only
    // the API processes serve (tokens are signed with the key kept in the database, so they stay valid).
    const seeder = await startTestApp({}, { database });
    try {
      const { units, newRound: round } = await seedContest(seeder, 'Cuộc thi khởi động lại');
      longRound = await round({ blueprint: [{ category: 'Thử nghiệm', count: 8 }] });
      // The shortest attempt a round allows: its deadline passes while the API is down.
      shortRound = await round({ durationSeconds: 10 });
      racers = [];
      for (let i = 0; i < 4; i++)
        racers.push(
          await createUser(seeder, {
            username: `dua${i}x${Date.now() % 1e5}`,
            roles: ['participant'],
            unitId: units.d1!,
          }),
        );
      late = await createUser(seeder, {
        username: `muon${Date.now() % 1e5}`,
        roles: ['participant'],
        unitId: units.d1!,
      });
    } finally {
      await seeder.close();
    }
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    for (const p of processes) await p.kill('SIGKILL');
    await db?.end();
    await database?.drop();
  });

  it('keeps every acknowledged answer, resumes the same attempts and lets the sweep finish the expired one', async () => {
    const first = await startApiProcess(database.url);
    processes.push(first);

    // The short attempt: three answers saved (two right), then the participant walks away.
    const s = await first.http.post(`/api/v1/rounds/${shortRound}/attempts`).set(auth(late)).send({}).expect(201);
    const shortAttempt = s.body.attemptId as string;
    for (const [i, q] of (s.body.questions as Question[]).slice(0, 3).entries())
      await first.http
        .put(`/api/v1/attempts/${shortAttempt}/answers/${q.id}`)
        .set(auth(late))
        .send({ optionIds: [i < 2 ? rightOption(q) : wrongOption(q)] })
        .expect(200);

    // Four participants answer as fast as they can; the process is killed while their saves are in flight.
    const started = await Promise.all(
      racers.map(async (u) => {
        const res = await first.http.post(`/api/v1/rounds/${longRound}/attempts`).set(auth(u)).send({}).expect(201);
        return {
          user: u,
          attemptId: res.body.attemptId as string,
          deadline: res.body.deadline as string,
          questions: res.body.questions as Question[],
          sent: new Map<string, Answer>(),
          acked: new Map<string, Answer>(),
        };
      }),
    );
    let acked = 0;
    await Promise.all(
      started.map(async (p) => {
        for (const [i, q] of p.questions.entries()) {
          // Each question is answered once, so an unacknowledged save can never hide an acknowledged one.
          const answer = { optionIds: [i % 2 === 0 ? rightOption(q) : wrongOption(q)] };
          p.sent.set(q.id, answer);
          const res = await first.http
            .put(`/api/v1/attempts/${p.attemptId}/answers/${q.id}`)
            .set(auth(p.user))
            .send(answer)
            .then(
              (r) => r,
              () => null,
            );
          if (res?.status !== 200) return;
          p.acked.set(q.id, answer);
          if (++acked === 10) first.child.kill('SIGKILL');
        }
      }),
    );
    await first.kill();
    expect(acked).toBeGreaterThanOrEqual(10);
    // The short attempt was still open when the process died: whatever finishes it comes after the restart.
    expect((await attemptRow(shortAttempt)).status).toBe('in_progress');
    await waitFor('the short attempt’s deadline to pass', async () => (await attemptRow(shortAttempt)).expired);

    const second = await startApiProcess(database.url);
    processes.push(second);
    for (const p of started) {
      const again = await second.http
        .post(`/api/v1/rounds/${longRound}/attempts`)
        .set(auth(p.user))
        .send({})
        .expect(201);
      expect(again.body).toMatchObject({ attemptId: p.attemptId, deadline: p.deadline, resumed: true });
      expect((again.body.questions as Question[]).map((q) => q.id)).toEqual(p.questions.map((q) => q.id));
      const saved = again.body.answers as Record<string, Answer>;
      for (const [qid, answer] of p.acked) expect(saved[qid]).toEqual(answer);
      // A save in flight at the kill may or may not have committed; if it did, it is the answer that was sent.
      for (const [qid, answer] of Object.entries(saved)) expect(answer).toEqual(p.sent.get(qid));
      const rightSaved = p.questions.filter((q) => saved[q.id]?.optionIds[0] === rightOption(q)).length;
      const result = await second.http.post(`/api/v1/attempts/${p.attemptId}/submit`).set(auth(p.user)).send({});
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ score: rightSaved * 2, maxScore: 16, correctCount: rightSaved });
    }

    // Nobody touches the short attempt: the new process's deadline sweep finishes it, at its deadline.
    const swept = await waitFor('the sweep to finish the expired attempt', async () => {
      const row = await attemptRow(shortAttempt);
      return row.status === 'submitted' ? row : null;
    });
    expect(swept).toMatchObject({ finished_by: 'deadline', score: 4, correct_count: 2, answered_count: 3 });
    expect(swept.submitted_at!.getTime()).toBe(swept.deadline.getTime());
    const mine = await second.http.post(`/api/v1/attempts/${shortAttempt}/submit`).set(auth(late)).send({});
    expect(mine.body).toMatchObject({ score: 4, maxScore: 10, correctCount: 2 });
  }, 180_000);
});
