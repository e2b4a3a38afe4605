import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { ApiProcess } from '../../support/api-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { runRedisRestartMidGame } from '../../support/faults/live-faults.js';
import { startPrivateRedis, type PrivateRedis } from '../../support/faults/private-redis.js';
import { summarize } from '../../support/invariants.js';
import { liveFixtureFor, type LiveFixture, startLiveInstances } from '../live-contest/live-support.js';

/**
 * Redis (the live games' store and fan-out) restarted in the middle of a question of a game played through two
 * instances. A private redis-server on a free port: the machine's Redis is shared with every other test.
 */
describe('faults: Redis restart mid live game', () => {
  let database: TestDatabase;
  let db: pg.Client;
  let redis: PrivateRedis;
  let f: LiveFixture;
  const instances: ApiProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    redis = await startPrivateRedis(
      path.resolve(import.meta.dirname, `../../../data/test-faults-redis-${process.pid}-${Date.now()}`),
    );
    f = await liveFixtureFor(database, 'rr');
    instances.push(...(await startLiveInstances(database.url, redis.url, ['r1', 'r2'])));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(instances.map((p) => p.kill('SIGKILL')));
    await redis?.stop();
    await db?.end();
    await database?.drop();
  });

  it('players keep playing through it; every acknowledged answer counted once, totals exact', async () => {
    const result = await runRedisRestartMidGame({
      db,
      databaseUrl: database.url,
      redisUrl: redis.url,
      redisDown: () => redis.down(),
      redisUp: () => redis.up(),
      instances: instances.map((i) => i.baseUrl),
      fixture: f,
      players: 8,
      questions: 3,
      restartAt: 1,
    });
    expect(summarize(result.violations)).toBe('');
    expect(result.faultsInjected).toBe(1);
    expect(result.acknowledged).toBe(24);
    // Half the players answered while Redis was away: refused, then re-sent with the same clientAnswerId.
    expect(result.extra.errorAcks).toBeGreaterThan(0);
    expect(result.survived).toBe(true);
  }, 180_000);
});
