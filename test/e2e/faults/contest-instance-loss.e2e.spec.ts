import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startApiProcess, type ApiProcess } from '../../support/api-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { seedFaultRound, type FaultRound } from '../../support/faults/contest-faults.js';
import { runInstanceLoss } from '../../support/faults/contest-scenarios.js';
import { summarize } from '../../support/invariants.js';
import { startTestApp } from '../../support/test-app.js';

/**
 * Two API processes on one database, a round saved through both; one is stopped mid-round, by SIGTERM (it must
 * drain: finish what it received, reset nothing) and by SIGKILL (its in-flight requests die; clients re-send).
 */
describe('faults: one of two instances stopped mid-round', () => {
  let database: TestDatabase;
  let db: pg.Client;
  const rounds: FaultRound[] = [];
  const processes: ApiProcess[] = [];
  const start = async () => {
    // The drain's delay is the time the balancer has to notice readiness turn red: 5 s in production, 300 ms by
    // default in tests, which one slow readiness poll on a loaded machine can miss.
    const p = await startApiProcess(database.url, { DB_POOL_SIZE: '4', SHUTDOWN_DELAY_MS: '1500' });
    processes.push(p);
    return p;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    // Seeded in-process, then that app is closed: only the API processes serve the rounds.
    const seeder = await startTestApp({}, { database });
    try {
      for (const prefix of ['term', 'kill'])
        rounds.push(await seedFaultRound(seeder.app, seeder.baseUrl, db, { participants: 8, prefix }));
    } finally {
      await seeder.close();
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await db?.end();
    await database?.drop();
  });

  it.each([
    ['SIGTERM', 0],
    ['SIGKILL', 1],
  ] as const)(
    '%s: no acknowledged save lost, every attempt scored exactly',
    async (signal, r) => {
      const survivor = processes.find((p) => p.alive) ?? (await start());
      const victim = await start();
      const result = await runInstanceLoss({
        db,
        instances: [survivor, victim],
        victim,
        signal,
        round: rounds[r]!,
        passes: 3,
      });
      expect(summarize(result.violations)).toBe('');
      expect(victim.alive).toBe(false);
      expect(result.faultsInjected).toBe(1);
      expect(result.extra.submitted).toBe(8);
      // A drain finishes every request it received: nothing reset (SIGKILL resets are retried and counted).
      if (signal === 'SIGTERM') expect(result.extra.resets).toBe(0);
      expect(result.survived).toBe(true);
    },
    120_000,
  );
});
