import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { seedFaultRound } from '../../support/faults/contest-faults.js';
import { runPoisoning } from '../../support/faults/contest-scenarios.js';
import { summarize } from '../../support/invariants.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** #20 item 1 as a fault test: one participant's NUL answers in a loop while others save through the same batches. */
describe('faults: batch poisoning under load', () => {
  let t: TestApp;
  let db: pg.Client;
  beforeAll(async () => {
    t = await startTestApp();
    db = new pg.Client({ connectionString: t.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it('refuses the bad answers alone (400), never fails an innocent save, and the invariants hold', async () => {
    const round = await seedFaultRound(t.app, t.baseUrl, db, { participants: 9, prefix: 'doc', paper: 'short' });
    const result = await runPoisoning({ db, baseUrl: t.baseUrl, round, savesEach: 60 });
    expect(summarize(result.violations)).toBe('');
    expect(result.extra).toMatchObject({ validSavesFailed: 0, poisonOtherOutcomes: 0, submitted: 8 });
    expect(result.acknowledged).toBe(8 * 60);
    expect(result.faultsInjected).toBeGreaterThan(0);
    expect(result.survived).toBe(true);
  }, 120_000);
});
