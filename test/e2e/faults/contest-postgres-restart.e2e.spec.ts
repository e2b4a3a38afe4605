import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { seedFaultRound } from '../../support/faults/contest-faults.js';
import { runSubmitBurstRestart } from '../../support/faults/contest-scenarios.js';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/faults/private-postgres.js';
import { summarize } from '../../support/invariants.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/**
 * PostgreSQL restarted while a round's participants all submit at once. A private server (embedded PostgreSQL on a
 * free port, its own data directory): restarting the machine's shared one would break every other test.
 */
describe('faults: PostgreSQL restart during the final-submit burst', () => {
  let server: PrivatePostgres;
  let t: TestApp;
  const clients: pg.Client[] = [];
  const connect = async () => {
    const c = new pg.Client({ connectionString: server.url });
    // A connection open across the restart is cut by it: not a failure of the test.
    c.on('error', () => undefined);
    await c.connect();
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startPrivatePostgres(
      path.resolve(import.meta.dirname, `../../../data/test-faults-pg-${process.pid}-${Date.now()}`),
    );
    t = await startTestApp({}, { database: { url: server.url, name: 'haidang', drop: async () => undefined } });
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    await t?.close();
    await server?.stop();
  });

  it('loses no acknowledged answer, scores every submission exactly, leaves no transaction open', async () => {
    const seeding = await connect();
    const round = await seedFaultRound(t.app, t.baseUrl, seeding, { participants: 16, prefix: 'nop' });
    const result = await runSubmitBurstRestart({ db: connect, baseUrl: t.baseUrl, round, restart: server.restart });
    expect(summarize(result.violations)).toBe('');
    expect(result.faultsInjected).toBe(1);
    expect(result.extra.submitted).toBe(16);
    expect(result.survived).toBe(true);
  }, 180_000);
});
