import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventEmitter2 } from '@nestjs/event-emitter';
import ExcelJS from 'exceljs';
import { PapersAhead } from '../../../libs/contest/src/index.js';
import { openConnections } from '../../../libs/core/src/index.js';
import { QUESTION_PUBLISHED_EVENT } from '../../../libs/question-bank/src/index.js';
import { seedContest, wrongOption } from '../../e2e/contest/contest-fixture.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';

type Question = { id: string; options?: { id: string; text: string }[] };

/**
 * Papers drawn ahead of time (#19): a round's pool is drawn before its opening rush and a first start takes one in the
 * statement that inserts the attempt. Every rule of a start holds as when the start draws its own paper, and a paper
 * nobody took is never seen.
 */
describe('papers drawn ahead of time', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedContest>>;
  let papersAhead: PapersAhead;
  let n = 0;

  const auth = (u: SeededUser) => ({ Authorization: `Bearer ${u.token}` });
  const person = () => createUser(t, { username: `pa${++n}`, roles: ['participant'], unitId: world.units['d1/w1']! });
  const start = (u: SeededUser, roundId: string) =>
    t.http.post(`/api/v1/rounds/${roundId}/attempts`).set(auth(u)).send({});
  const submit = (u: SeededUser, attemptId: string) =>
    t.http.post(`/api/v1/attempts/${attemptId}/submit`).set(auth(u)).send({}).expect(200);
  const pool = async (roundId: string) =>
    (
      await t.dataSource.query<{ id: string; paper: { questionId: string }[] }[]>(
        'SELECT id, paper FROM quiz_paper WHERE context_id = $1',
        [roundId],
      )
    ).map((p) => ({ id: p.id, questions: p.paper.map((q) => q.questionId) }));
  const attemptsOf = (roundId: string) =>
    t.dataSource.query<{ id: string; userId: string; seed: string; status: string }[]>(
      'SELECT id, user_id AS "userId", seed, status FROM quiz_attempt WHERE context_id = $1 ORDER BY attempt_no',
      [roundId],
    );

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedContest(t, 'Cuộc thi đề rút trước');
    papersAhead = t.app.get(PapersAhead);
  });
  afterAll(async () => t?.close());

  it('draws one paper per person of the contest still to start, and a start takes one exactly once', async () => {
    const people = await Promise.all(Array.from({ length: 8 }, person));
    const roundId = await world.newRound({ maxAttempts: 1 });
    const everyone = (await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM app_user'))[0]!.n;
    expect(await papersAhead.preparePapers(roundId)).toBe(everyone);
    // And the instance's database connections opened before the rush (connection-pool.spec.ts).
    expect(openConnections(t.dataSource)).toBe((t.dataSource.options as { poolSize: number }).poolSize);
    const drawn = new Set((await pool(roundId)).map((p) => p.id));

    const started = await Promise.all(people.map((u) => start(u, roundId).expect(201)));

    const attempts = await attemptsOf(roundId);
    expect(attempts).toHaveLength(8);
    // Each attempt took a paper of the pool (its seed is the paper's id), no two the same, and the paper left the pool.
    const seeds = attempts.map((a) => a.seed);
    expect(new Set(seeds).size).toBe(8);
    for (const seed of seeds) expect(drawn.has(seed)).toBe(true);
    const left = new Set((await pool(roundId)).map((p) => p.id));
    expect(left.size).toBe(everyone - 8);
    for (const seed of seeds) expect(left.has(seed)).toBe(false);
    // The paper each person is shown is the one their attempt holds.
    const papers = await t.dataSource.query<{ id: string; paper: { questionId: string }[] }[]>(
      'SELECT id, paper FROM quiz_attempt WHERE context_id = $1',
      [roundId],
    );
    for (const s of started) {
      const held = papers.find((p) => p.id === s.body.attemptId)!;
      expect((s.body.questions as Question[]).map((q) => q.id)).toEqual(held.paper.map((p) => p.questionId));
    }
    // Topping up again draws only what the starts used up.
    expect(await papersAhead.preparePapers(roundId)).toBe(everyone - 8);
  });

  it("draws for the people of a round's audience only", async () => {
    await createUser(t, { username: `pa${++n}`, roles: ['participant'], unitId: world.units.d2! });
    const roundId = await world.newRound({ audience: { unitIds: [world.units.d2] } });
    const [{ inAudience }] = await t.dataSource.query<{ inAudience: number }[]>(
      `SELECT count(*)::int AS "inAudience" FROM app_user u JOIN org_unit o ON o.id = u.unit_id
       WHERE o.path LIKE (SELECT path FROM org_unit WHERE id = $1) || '%'`,
      [world.units.d2],
    );
    const everyone = (await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM app_user'))[0]!.n;
    expect(inAudience).toBeGreaterThan(0);
    expect(inAudience).toBeLessThan(everyone);

    expect(await papersAhead.preparePapers(roundId)).toBe(inAudience);
  });

  it('keeps maxAttempts exact and one attempt in progress under many parallel starts of one person', async () => {
    const u = await person();
    const roundId = await world.newRound({ maxAttempts: 2 });
    await papersAhead.preparePapers(roundId);

    for (let attempt = 1; attempt <= 2; attempt++) {
      const burst = await Promise.all(Array.from({ length: 12 }, () => start(u, roundId)));
      expect(burst.map((r) => r.status)).toEqual(Array(12).fill(201));
      expect(new Set(burst.map((r) => r.body.attemptId)).size).toBe(1);
      const open = (await attemptsOf(roundId)).filter((a) => a.status === 'in_progress');
      expect(open).toHaveLength(1);
      await submit(u, open[0]!.id);
    }
    const third = await Promise.all(Array.from({ length: 12 }, () => start(u, roundId)));
    expect(third.map((r) => r.body.code)).toEqual(Array(12).fill('ATTEMPT_LIMIT_REACHED'));
    expect(await attemptsOf(roundId)).toHaveLength(2);
  });

  it('gives another free paper when the one this instance proposes was taken elsewhere', async () => {
    const people = await Promise.all(Array.from({ length: 2 }, person));
    const roundId = await world.newRound({});
    await papersAhead.preparePapers(roundId);
    // Taken by another instance's starts: the papers drawn last (which this instance proposes first) leave the pool
    // behind its back, all but the first two.
    const gone: { id: string }[] = await t.dataSource.query(
      `DELETE FROM quiz_paper WHERE context_id = $1 AND id NOT IN (
         SELECT id FROM quiz_paper WHERE context_id = $1 ORDER BY ctid LIMIT 2) RETURNING id`,
      [roundId],
    );
    expect(gone.length).toBeGreaterThanOrEqual(2);
    const free = new Set((await pool(roundId)).map((p) => p.id));

    const started = await Promise.all(people.map((u) => start(u, roundId).expect(201)));

    const attempts = await attemptsOf(roundId);
    expect(attempts.map((a) => a.seed).sort()).toEqual([...free].sort());
    for (const s of started) expect(s.body.questions).toHaveLength(5);
    expect(await pool(roundId)).toEqual([]);
  });

  it('lets a person start when the pool is empty: the start draws its own paper', async () => {
    const u = await person();
    const roundId = await world.newRound({});
    await papersAhead.preparePapers(roundId);
    await t.dataSource.query('DELETE FROM quiz_paper WHERE context_id = $1', [roundId]);

    const s = await start(u, roundId).expect(201);

    expect(s.body.questions).toHaveLength(5);
    const [attempt] = await attemptsOf(roundId);
    expect(attempt).toMatchObject({ id: s.body.attemptId, userId: u.id, status: 'in_progress' });
  });

  it('still shows unseen questions first to a person who took an earlier round: they take no pooled paper', async () => {
    const u = await person();
    const first = await world.newRound({ maxAttempts: 1 });
    const firstPaper = (await start(u, first).expect(201)).body.questions as Question[];
    const second = await world.newRound({ maxAttempts: 1 });
    const drawn = await papersAhead.preparePapers(second);

    const again = (await start(u, second).expect(201)).body.questions as Question[];

    // 12 questions, 5 seen: the 5 drawn now are all among the 7 unseen.
    const seen = new Set(firstPaper.map((q) => q.id));
    expect(again.filter((q) => seen.has(q.id))).toEqual([]);
    expect(await pool(second)).toHaveLength(drawn);
  });

  it('never hands out a paper drawn from questions since withdrawn, and redraws the pool from the current ones', async () => {
    const u = await person();
    const roundId = await world.newRound({ blueprint: [{ category: 'Thử nghiệm', count: 11 }] });
    const drawn = await papersAhead.preparePapers(roundId);
    // Withdrawn: the bank draws from published versions only (as the bank's own publish path announces a change).
    const [withdrawn] = await t.dataSource.query<{ id: string }[]>(
      'UPDATE question SET published_version_id = NULL WHERE id = (SELECT id FROM question WHERE bank_id = $1 ORDER BY seq LIMIT 1) RETURNING id',
      [world.world.bankId],
    );
    t.app.get(EventEmitter2).emit(QUESTION_PUBLISHED_EVENT, { bankId: world.world.bankId, questionIds: [] });

    const s = await start(u, roundId).expect(201);

    expect((s.body.questions as Question[]).map((q) => q.id)).not.toContain(withdrawn!.id);
    expect(await pool(roundId)).toHaveLength(drawn);
    expect(await papersAhead.preparePapers(roundId)).toBe(drawn - 1);
    const redrawn = await pool(roundId);
    expect(redrawn).toHaveLength(drawn - 1);
    for (const p of redrawn) expect(p.questions).not.toContain(withdrawn!.id);
    await t.dataSource.query(
      'UPDATE question SET published_version_id = (SELECT max(id::text)::uuid FROM question_version v WHERE v.question_id = question.id) WHERE id = $1',
      [withdrawn!.id],
    );
    t.app.get(EventEmitter2).emit(QUESTION_PUBLISHED_EVENT, { bankId: world.world.bankId, questionIds: [] });
  });

  it('fixes the deadline by the database clock at the real start, not when the paper was drawn', async () => {
    const u = await person();
    const roundId = await world.newRound({ durationSeconds: 600 });
    await papersAhead.preparePapers(roundId);
    const [{ drawnAt }] = await t.dataSource.query<{ drawnAt: Date }[]>(
      'SELECT max(drawn_at) AS "drawnAt" FROM quiz_paper WHERE context_id = $1',
      [roundId],
    );
    await t.dataSource.query('SELECT pg_sleep(1.1)');

    const s = await start(u, roundId).expect(201);

    const [a] = await t.dataSource.query<{ startedAt: Date; seconds: number }[]>(
      'SELECT started_at AS "startedAt", extract(epoch FROM deadline - started_at)::float8 AS seconds FROM quiz_attempt WHERE id = $1',
      [s.body.attemptId],
    );
    expect(a!.seconds).toBe(600);
    expect(a!.startedAt.getTime() - new Date(drawnAt!).getTime()).toBeGreaterThanOrEqual(1000);
    expect(new Date(s.body.deadline as string).getTime()).toBe(a!.startedAt.getTime() + 600_000);
  });

  it('leaves nothing of an untaken paper in the results, statistics, item analysis, ranking or exports', async () => {
    const [a, b] = [await person(), await person()];
    await Promise.all(Array.from({ length: 3 }, person));
    const roundId = await world.newRound({ maxAttempts: 1 });
    const drawn = await papersAhead.preparePapers(roundId);
    expect(drawn).toBeGreaterThan(2);
    for (const u of [a, b]) {
      const s = await start(u, roundId).expect(201);
      const q = (s.body.questions as Question[])[0]!;
      await t.http
        .put(`/api/v1/attempts/${s.body.attemptId}/answers/${q.id}`)
        .set(auth(u))
        .send({ optionIds: [wrongOption(q)] })
        .expect(200);
      await submit(u, s.body.attemptId);
    }
    const admin = auth(world.world.admin);

    await t.http.post(`/api/v1/rounds/${roundId}/close`).set(admin).expect(200);

    expect(await pool(roundId)).toEqual([]);
    expect(await attemptsOf(roundId)).toHaveLength(2);
    const board = await t.http.get(`/api/v1/rounds/${roundId}/leaderboard`).set(admin).expect(200);
    expect((board.body as { userId: string }[]).map((r) => r.userId).sort()).toEqual([a.id, b.id].sort());
    const stats = await t.http.get(`/api/v1/rounds/${roundId}/unit-stats`).set(admin).expect(200);
    const city = (stats.body as { unitId: string; participants: number; attempts: number }[]).find(
      (s) => s.unitId === world.units.city,
    )!;
    expect(city).toMatchObject({ participants: 2, attempts: 2 });
    const items = await t.http.get(`/api/v1/rounds/${roundId}/item-analysis`).set(admin).expect(200);
    // Two attempts of one answer each: only they are analysed.
    const responses = (items.body as { responses: number }[]).map((i) => i.responses);
    expect(responses.reduce((x, y) => x + y, 0)).toBe(2);
    const results = await t.http
      .get(`/api/v1/rounds/${roundId}/results.xlsx`)
      .set(admin)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(results.body as never);
    // A header and the two who took part.
    expect(book.worksheets[0]!.actualRowCount).toBe(3);
  });
});
