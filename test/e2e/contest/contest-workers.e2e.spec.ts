import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../libs/core/src/index.js';
import { startApiProcess, waitFor, type ApiProcess } from '../../support/api-process.js';
import { onNewConnection as requestOnNewConnection } from '../../support/faults/contest-faults.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { describeNeeding, REDIS_URL } from '../../support/requirements.js';
import { createUser, startTestApp, type SeededUser } from '../../support/test-app.js';
import { rightOption, seedContest, wrongOption } from './contest-fixture.js';

type Question = { id: string; options?: { id: string; text: string }[] };

/** The worker processes of a cluster's primary (Linux: /proc lists a process's children per thread). */
const workersOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

/**
 * One request on a connection of its own, so node:cluster may hand it to either worker. A connection handed to a
 * worker at the moment it is killed is lost with it: 5 s without an answer is an error, and the caller retries.
 */
const onNewConnection = (baseUrl: string, method: string, path: string, token: string, body?: unknown) =>
  requestOnNewConnection(baseUrl, method, path, token, body, 5_000);

describe('API_WORKERS: several API processes on one port', () => {
  it('refuses more than one worker without Redis, where live games could not be shared', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', API_WORKERS: '2' })).toThrow(/API_WORKERS above 1 needs REDIS_URL/);
    expect(() => loadConfig({ NODE_ENV: 'test', API_WORKERS: '0' })).toThrow(/API_WORKERS/);
    expect(loadConfig({ NODE_ENV: 'test', API_WORKERS: '2', REDIS_URL: 'redis://127.0.0.1:6379' }).apiWorkers).toBe(2);
    expect(loadConfig({ NODE_ENV: 'test' }).apiWorkers).toBe(1);
  });
});

describeNeeding({ REDIS_URL })('API_WORKERS=2 with Redis', () => {
  let database: TestDatabase;
  let api: ApiProcess | null = null;
  let roundId: string;
  let people: SeededUser[];

  beforeAll(async () => {
    database = await createTestDatabase();
    // The round and the accounts are made in-process; that app is closed before the workers serve.
    const seeder = await startTestApp({}, { database });
    try {
      const { newRound } = await seedContest(seeder, 'Cuộc thi nhiều tiến trình');
      roundId = await newRound({ blueprint: [{ category: 'Thử nghiệm', count: 8 }] });
      people = await Promise.all(
        [1, 2, 3].map((i) =>
          createUser(seeder, { username: `worker${i}x${Date.now() % 1e5}`, roles: ['participant'], unitId: null }),
        ),
      );
    } finally {
      await seeder.close();
    }
    api = await startApiProcess(database.url, { API_WORKERS: '2', REDIS_URL: REDIS_URL! });
    await waitFor('two workers', async () => workersOf(api!.child.pid!).length === 2);
  });

  afterAll(async () => {
    await api?.kill('SIGKILL');
    await database?.drop();
  });

  it('answers from both workers, connection by connection', async () => {
    // Each worker boots on its own: once both listen, new connections reach both.
    const seen = new Set<unknown>();
    await waitFor('answers from two workers', async () => {
      const replies = await Promise.all(
        Array.from({ length: 8 }, () => onNewConnection(api!.baseUrl, 'GET', '/api/v1/health/live', '')),
      );
      for (const r of replies) seen.add(r.body.instance);
      return seen.size >= 2;
    });
    expect(seen.size).toBe(2);
  });

  it('serves one attempt from both workers: every answer saved, the score exact', async () => {
    for (const [n, p] of people.entries()) {
      const start = await onNewConnection(api!.baseUrl, 'POST', `/api/v1/rounds/${roundId}/attempts`, p.token, {});
      expect(start.status).toBe(201);
      const questions = start.body.questions as Question[];
      // Each answer on a new connection: the workers take turns, and each must know the attempt's paper.
      const saves = await Promise.all(
        questions.map((q, i) =>
          onNewConnection(
            api!.baseUrl,
            'PUT',
            `/api/v1/attempts/${String(start.body.attemptId)}/answers/${q.id}`,
            p.token,
            {
              optionIds: [i <= n + 2 ? rightOption(q) : wrongOption(q)],
            },
          ),
        ),
      );
      expect(saves.map((s) => s.status)).toEqual(questions.map(() => 200));
      const again = await onNewConnection(api!.baseUrl, 'POST', `/api/v1/rounds/${roundId}/attempts`, p.token, {});
      expect(again.body).toMatchObject({ attemptId: start.body.attemptId, resumed: true });
      expect(Object.keys(again.body.answers as object)).toHaveLength(questions.length);
      const result = await onNewConnection(
        api!.baseUrl,
        'POST',
        `/api/v1/attempts/${String(start.body.attemptId)}/submit`,
        p.token,
        {},
      );
      expect(result.body).toMatchObject({ correctCount: n + 3 });
    }
  });

  it('starts a new worker when one dies, and keeps serving meanwhile', async () => {
    const [victim, survivor] = workersOf(api!.child.pid!);
    process.kill(victim!, 'SIGKILL');
    await waitFor('an answer from the survivor', async () =>
      (await onNewConnection(api!.baseUrl, 'GET', '/api/v1/health', '')).status === 200 ? true : null,
    );
    const now = await waitFor('a replacement worker', async () => {
      const pids = workersOf(api!.child.pid!);
      return pids.length === 2 && !pids.includes(victim!) ? pids : null;
    });
    expect(now).toContain(survivor);
    await waitFor('the replacement to serve', async () =>
      (await Promise.all([1, 2, 3, 4].map(() => onNewConnection(api!.baseUrl, 'GET', '/api/v1/health', '')))).every(
        (r) => r.status === 200,
      ),
    );
  });

  it('stops every worker and itself on SIGTERM', async () => {
    const pids = workersOf(api!.child.pid!);
    await api!.kill('SIGTERM');
    expect(api!.child.exitCode).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
