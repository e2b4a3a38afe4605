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
import { seedFaultRound } from '../../support/faults/contest-faults.js';
import { runSubmitBurstRestart } from '../../support/faults/contest-scenarios.js';
import { summarize } from '../../support/invariants.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/**
 * PostgreSQL restarted while a round's participants all submit at once. A private server (embedded PostgreSQL on a
 * free port, its own data directory): restarting the machine's shared one would break every other test.
 */
describe('faults: PostgreSQL restart during the final-submit burst', () => {
  const dataDir = path.resolve(import.meta.dirname, `../../../data/test-faults-pg-${process.pid}-${Date.now()}`);
  const settings = { fsync: 'off', synchronous_commit: 'off' };
  let server: EmbeddedDatabase | null = null;
  let t: TestApp;
  let url: string;
  const clients: pg.Client[] = [];
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startEmbeddedPostgres({ dataDir, settings });
    await ensureDatabase(server.serverUrl, 'haidang');
    url = server.urlFor('haidang');
    await migrate(url);
    t = await startTestApp({}, { database: { url, name: 'haidang', drop: async () => undefined } });
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    await t?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged answer, scores every submission exactly, leaves no transaction open', async () => {
    const seeding = await connect();
    const round = await seedFaultRound(t.app, t.baseUrl, seeding, { participants: 16, prefix: 'nop' });
    await seeding.end();
    const result = await runSubmitBurstRestart({
      db: connect,
      baseUrl: t.baseUrl,
      round,
      restart: async () => {
        const port = server!.port;
        await server!.stop();
        server = null;
        server = await startEmbeddedPostgres({ dataDir, port, settings });
      },
    });
    expect(summarize(result.violations)).toBe('');
    expect(result.faultsInjected).toBe(1);
    expect(result.extra.submitted).toBe(16);
    expect(result.survived).toBe(true);
  }, 180_000);
});
