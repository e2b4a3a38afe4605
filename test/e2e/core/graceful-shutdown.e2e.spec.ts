import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startApiProcess, waitFor, type ApiProcess } from '../../support/api-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { createUser, startTestApp, type SeededUser } from '../../support/test-app.js';
import { rightOption, seedContest } from '../contest/contest-fixture.js';
import { connected, Sockets } from '../live-contest/live-support.js';

type Question = { id: string; options?: { id: string; text: string }[] };
type Outcome = { status: number; connection: string | undefined } | { error: string };

const PARTICIPANTS = 32;

/** A request over the given agent that resolves with the answer or the socket error (never rejects). */
function send(agent: http.Agent, url: string, method: string, token: string, body?: unknown): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        res.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
      },
    );
    req.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    req.end(payload);
  });
}

/**
 * SIGTERM with answer saves in flight: readiness turns red while the API keeps serving for SHUTDOWN_DELAY_MS, then it
 * stops accepting connections and still answers every request it had received before the database pool closes.
 * The saves are held in flight by a lock on the answers table that the test releases only once the listener is closed.
 */
describe('SIGTERM with requests in flight', () => {
  let database: TestDatabase;
  let db: pg.Client;
  let api: ApiProcess | undefined;
  let roundId: string;
  const people: SeededUser[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const seeder = await startTestApp({}, { database });
    try {
      const { units, newRound } = await seedContest(seeder, 'Cuộc thi tắt máy êm');
      roundId = await newRound({ blueprint: [{ category: 'Thử nghiệm', count: 4 }] });
      for (let i = 0; i < PARTICIPANTS; i++)
        people.push(
          await createUser(seeder, {
            username: `tat${i}x${Date.now() % 1e5}`,
            roles: ['participant'],
            unitId: units.d1!,
          }),
        );
    } finally {
      await seeder.close();
    }
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await api?.kill('SIGKILL');
    await db?.query('ROLLBACK').catch(() => undefined);
    await db?.end();
    await database?.drop();
  });

  it('answers every save it received, keeps the acknowledged ones and is unready during the delay', async () => {
    // Long enough that the checks made during the delay cannot miss it; the test waits on events, not on this figure.
    api = await startApiProcess(database.url, { SHUTDOWN_DELAY_MS: '4000' });
    const agent = new http.Agent({ keepAlive: true, maxSockets: PARTICIPANTS + 8 });
    const started = await Promise.all(
      people.map(async (user) => {
        const res = await api!.http
          .post(`/api/v1/rounds/${roundId}/attempts`)
          .set('Authorization', `Bearer ${user.token}`)
          .send({})
          .expect(201);
        return { user, attemptId: res.body.attemptId as string, questions: res.body.questions as Question[] };
      }),
    );
    const save = (p: (typeof started)[number], q: Question) =>
      send(agent, `${api!.baseUrl}/api/v1/attempts/${p.attemptId}/answers/${q.id}`, 'PUT', p.user.token, {
        optionIds: [rightOption(q)],
      });

    // Every connection is open and warm (keep-alive) before the signal, as a load balancer's would be.
    for (const outcome of await Promise.all(started.map((p) => save(p, p.questions[0]!))))
      expect(outcome).toMatchObject({ status: 200 });

    // A live-game socket: at the close it must be told to go elsewhere (a transport close, after which socket.io
    // clients reconnect on their own), not be disconnected for good ("io server disconnect" stops them retrying).
    const sockets = new Sockets();
    const socket = sockets.connect(api.baseUrl);
    await connected(socket);
    const socketClosed = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    await db.query('BEGIN');
    await db.query('LOCK TABLE quiz_answer IN SHARE MODE');
    let settled = 0;
    const inFlight = started.map((p) =>
      save(p, p.questions[1]!).then((outcome) => {
        settled++;
        return outcome;
      }),
    );
    await waitFor('the saves to wait on the lock', async () => {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%quiz_answer%'`,
      );
      return rows[0]!.n > 0;
    });

    api.child.kill('SIGTERM');
    // During the delay: unready, yet still serving, and telling keep-alive clients to go elsewhere.
    await waitFor('readiness to turn red', async () => (await fetch(`${api!.baseUrl}/api/v1/health`)).status === 503);
    const during = await send(agent, `${api.baseUrl}/api/v1/health/live`, 'GET', 'none');
    expect(during).toMatchObject({ status: 200, connection: 'close' });

    // Then the listener closes while the held saves are still unanswered.
    await waitFor('the API to stop accepting connections', async () => {
      try {
        await fetch(`${api!.baseUrl}/api/v1/health/live`);
        return false;
      } catch {
        return true;
      }
    });
    expect(settled).toBe(0);
    expect(api.alive).toBe(true);
    expect(await socketClosed).toBe('transport close');
    sockets.closeAll();

    await db.query('COMMIT');
    const outcomes = await Promise.all(inFlight);
    expect(outcomes.filter((o) => !('status' in o) || o.status !== 200)).toEqual([]);
    await waitFor('the API to exit', async () => !api!.alive);
    expect(api.child.exitCode).toBe(0);
    agent.destroy();

    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM quiz_answer WHERE attempt_id = ANY($1::uuid[])`,
      [started.map((p) => p.attemptId)],
    );
    expect(rows[0]!.n).toBe(PARTICIPANTS * 2);
  }, 180_000);
});
