import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiProcess, type ApiProcess } from '../../support/api-process.js';
import { seedFaultRound, type FaultRound } from '../../support/faults/contest-faults.js';
import { runSubmitBurstRestart } from '../../support/faults/contest-scenarios.js';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/faults/private-postgres.js';
import { summarize } from '../../support/invariants.js';
import { startTestApp } from '../../support/test-app.js';

/**
 * PostgreSQL restarted while a round's participants all submit at once. A private server (embedded PostgreSQL on a
 * free port, its own data directory): restarting the machine's shared one would break every other test.
 */
describe('faults: PostgreSQL restart during the final-submit burst', () => {
  let server: PrivatePostgres;
  let api: ApiProcess | null = null;
  let round: FaultRound;
  beforeAll(async () => {
    server = await startPrivatePostgres(
      path.resolve(import.meta.dirname, `../../../data/test-faults-pg-${process.pid}-${Date.now()}`),
    );
    // Seeded in-process; the round is then served by the API as its own process (its listener as deployed).
    const seeder = await startTestApp(
      {},
      { database: { url: server.url, name: 'haidang', drop: async () => undefined } },
    );
    try {
      round = await seedFaultRound(seeder.app, seeder.baseUrl, await server.connect(), {
        participants: 16,
        prefix: 'nop',
      });
    } finally {
      await seeder.close();
    }
    api = await startApiProcess(server.url);
  }, 180_000);

  afterAll(async () => {
    await api?.kill('SIGKILL');
    await server?.stop();
  });

  it('loses no acknowledged answer, scores every submission exactly, leaves no transaction open', async () => {
    const result = await runSubmitBurstRestart({
      db: server.connect,
      baseUrl: api!.baseUrl,
      round,
      down: server.down,
      up: server.up,
    });
    expect(summarize(result.violations)).toBe('');
    expect(result.faultsInjected).toBe(1);
    expect(result.extra.submitted).toBe(16);
    // Half the participants sent their last save and submission while the server was down: refused, then re-sent.
    expect(result.extra.serverErrors + result.extra.resets).toBeGreaterThanOrEqual(8);
    expect(result.survived).toBe(true);
  }, 180_000);
});
