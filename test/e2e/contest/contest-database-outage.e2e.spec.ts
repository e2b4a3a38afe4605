import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { migrate } from '../../../apps/api/src/database.js';
import {
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../../../libs/core/src/database/embedded-postgres.js';
import { seedSmallTree } from '../../factories/units.js';
import { waitFor } from '../../support/api-process.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { rightOption, roundBody, seedPublishedBank, wrongOption } from './contest-fixture.js';

type Question = { id: string; type: string; text: string; options?: { id: string; text: string }[] };
type Res = { status: number; body: Record<string, unknown>; text: string };

/** A clean refusal while the database is away: 503, the stable code, a Vietnamese message, nothing from inside. */
function expectCleanUnavailable(res: Res) {
  expect([res.status, res.body.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
  expect(res.body.message).toBe('Hệ thống đang tạm thời gián đoạn. Vui lòng thử lại sau ít phút.');
  expect(typeof res.body.correlationId).toBe('string');
  expect(res.text).not.toMatch(/ECONN|postgres|pg_|at \w+ \(|\.js:\d+|SELECT|INSERT|127\.0\.0\.1/i);
}

/** A round's worth of world on a fresh app: a bank, an open round, one participant who started and saved answers. */
async function openRoundWithAnswers(t: TestApp) {
  const units = await seedSmallTree(t);
  const world = await seedPublishedBank(t, units.city!, 12);
  const auth = (u: SeededUser) => ({ Authorization: `Bearer ${u.token}` });
  const contestId = (
    await t.http.post('/api/v1/contests').set(auth(world.admin)).send({ title: 'Cuộc thi mất kết nối' }).expect(201)
  ).body.id as string;
  const roundId = (
    await t.http
      .post(`/api/v1/contests/${contestId}/rounds`)
      .set(auth(world.admin))
      .send(roundBody(world.bankId))
      .expect(201)
  ).body.id as string;
  const user = await createUser(t, { username: `mat${Date.now() % 1e5}`, roles: ['participant'], unitId: units.d1! });
  const started = await t.http.post(`/api/v1/rounds/${roundId}/attempts`).set(auth(user)).send({}).expect(201);
  const questions = started.body.questions as Question[];
  const attemptId = started.body.attemptId as string;
  const saved: Record<string, { optionIds: string[] }> = {};
  for (const [i, q] of questions.slice(0, 3).entries()) {
    saved[q.id] = { optionIds: [i < 2 ? rightOption(q) : wrongOption(q)] };
    await t.http.put(`/api/v1/attempts/${attemptId}/answers/${q.id}`).set(auth(user)).send(saved[q.id]!).expect(200);
  }
  return {
    roundId,
    attemptId,
    deadline: started.body.deadline as string,
    questions,
    saved,
    admin: world.admin,
    user,
    auth: auth(user),
  };
}

describe('PostgreSQL stopped for a while under a running app', () => {
  // Its own server: stopping the shared test server would break every other test file.
  const dataDir = path.resolve(import.meta.dirname, `../../../data/test-outage-${process.pid}-${Date.now()}`);
  let server: EmbeddedDatabase | null = null;
  let t: TestApp;

  beforeAll(async () => {
    server = await startEmbeddedPostgres({ dataDir, settings: { fsync: 'off', synchronous_commit: 'off' } });
    await ensureDatabase(server.serverUrl, 'haidang');
    const url = server.urlFor('haidang');
    await migrate(url);
    t = await startTestApp({}, { database: { url, name: 'haidang', drop: async () => undefined } });
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses requests cleanly while it is down and recovers by itself when it is back', async () => {
    const w = await openRoundWithAnswers(t);
    const port = server!.port;
    await server!.stop();
    server = null;

    const health = await t.http.get('/api/v1/health').timeout(30_000);
    expect([health.status, health.body]).toEqual([
      503,
      { status: 'unavailable', checks: { database: 'down' }, instance: t.config.instanceId },
    ]);
    const q = w.questions[3]!;
    const attempts: Res[] = [
      await t.http
        .put(`/api/v1/attempts/${w.attemptId}/answers/${q.id}`)
        .set(w.auth)
        .send({ optionIds: [rightOption(q)] })
        .timeout(30_000),
      await t.http.post(`/api/v1/rounds/${w.roundId}/attempts`).set(w.auth).send({}).timeout(30_000),
      await t.http.post(`/api/v1/attempts/${w.attemptId}/submit`).set(w.auth).send({}).timeout(30_000),
      await t.http
        .post('/api/v1/auth/login')
        .send({ username: w.user.username, password: w.user.password })
        .timeout(30_000),
      await t.http.get(`/api/v1/rounds/${w.roundId}/leaderboard`).set(w.auth).timeout(30_000),
    ];
    for (const res of attempts) expectCleanUnavailable(res);

    server = await startEmbeddedPostgres({ dataDir, port, settings: { fsync: 'off', synchronous_commit: 'off' } });
    // The same process, untouched: its pool reconnects on its own.
    await waitFor('readiness to turn green again', async () => (await t.http.get('/api/v1/health')).status === 200);
    const resumed = await t.http.post(`/api/v1/rounds/${w.roundId}/attempts`).set(w.auth).send({}).expect(201);
    expect(resumed.body).toMatchObject({ attemptId: w.attemptId, deadline: w.deadline, resumed: true });
    expect(resumed.body.answers).toEqual(w.saved);
    await t.http
      .put(`/api/v1/attempts/${w.attemptId}/answers/${q.id}`)
      .set(w.auth)
      .send({ optionIds: [rightOption(q)] })
      .expect(200);
    const result = await t.http.post(`/api/v1/attempts/${w.attemptId}/submit`).set(w.auth).send({}).expect(200);
    expect(result.body).toMatchObject({ score: 6, maxScore: 10, correctCount: 3 });
  }, 180_000);
});

describe('every connection of the app terminated by the server mid-round', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('answers each request with success or a clean 503, then succeeds, and loses no saved answer', async () => {
    const w = await openRoundWithAnswers(t);
    const q = w.questions[3]!;
    const save = () =>
      t.http
        .put(`/api/v1/attempts/${w.attemptId}/answers/${q.id}`)
        .set(w.auth)
        .send({ optionIds: [rightOption(q)] })
        .timeout(30_000);
    const admin = new pg.Client({ connectionString: t.database.url });
    await admin.connect();
    try {
      // Requests are in flight while the server cuts every connection of the app's database.
      const [killed, ...during] = await Promise.all([
        admin.query(
          // In the select list, not the WHERE clause: only rows of this database are ever terminated.
          'SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [t.database.name],
        ),
        ...Array.from({ length: 4 }, () => [
          save(),
          t.http.post(`/api/v1/rounds/${w.roundId}/attempts`).set(w.auth).send({}).timeout(30_000),
        ]).flat(),
      ]);
      expect(killed.rows.length).toBeGreaterThan(0);
      for (const res of during) if (res.status >= 300) expectCleanUnavailable(res);
      // pg_terminate_backend only signals: wait until every one of those backends is gone.
      const pids = killed.rows.map((r: { pid: number }) => r.pid);
      await waitFor(
        'the terminated backends to exit',
        async () =>
          (await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1)', [pids])).rows[0]
            .n === 0,
      );
    } finally {
      await admin.end();
    }

    // The pool still holds the dead connections: requests may fail until it has dropped them, never otherwise.
    const refusals: Res[] = [];
    await waitFor('a save to go through after the connections died', async () => {
      const res = await save();
      if (res.status === 200) return true;
      refusals.push(res);
      return false;
    });
    for (const res of refusals) expectCleanUnavailable(res);
    // Once through, it stays through: more requests than the pool has connections, all served.
    for (let i = 0; i < 12; i++) await t.http.get('/api/v1/health').timeout(30_000).expect(200);
    const resumed = await t.http.post(`/api/v1/rounds/${w.roundId}/attempts`).set(w.auth).send({}).expect(201);
    expect(resumed.body.answers).toEqual({ ...w.saved, [q.id]: { optionIds: [rightOption(q)] } });
    const result = await t.http.post(`/api/v1/attempts/${w.attemptId}/submit`).set(w.auth).send({}).expect(200);
    expect(result.body).toMatchObject({ score: 6, correctCount: 3 });
  });
});
