import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { AttemptRepository, REPLAN_EVERY_MS } from '../../../libs/quiz-engine/src/attempt.repository.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/**
 * The start's named statements (#19) are planned once per connection, and PostgreSQL keeps a named statement's generic
 * plan until a table it reads changes shape or statistics: a plan made while quiz_attempt was small hashed all of it for
 * every batch as it grew (105 ms a batch at 200,000 attempts against 6 ms planned afresh). A connection makes its plans
 * again once REPLAN_EVERY_MS has passed. Checked on one real connection, with the plan it keeps (EXPLAIN EXECUTE).
 */
describe("the start's named statements", () => {
  let t: TestApp;
  let pool: pg.Pool;
  let repository: AttemptRepository;
  let now = 0;

  /** The plan the connection keeps for the pooled start (its generic plan, once PostgreSQL settled on one). */
  const keptPlan = async (): Promise<string> => {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE quiz_start_from_pool('[]')`);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  };

  beforeAll(async () => {
    t = await startTestApp();
    // One connection: every statement of the test, and the counters read, are on it.
    pool = new pg.Pool({ connectionString: t.database.url, max: 1 });
    repository = new AttemptRepository({ driver: { master: pool } } as unknown as DataSource);
    repository.clock = () => now;
  });
  afterAll(async () => {
    // pg.Pool's end() resolves once its connection is told to close, before it has closed: the test database, dropped
    // WITH (FORCE) next, could terminate the backend first, and its "terminating connection" (57P01) then reached the
    // pool as an unhandled error (seen in CI). The pool's 'remove' comes once the connection has ended.
    const closed = pool?.totalCount ? new Promise((resolve) => pool.once('remove', resolve)) : null;
    await pool?.end();
    await closed;
    await t?.close();
  });

  it('keeps a plan made on a small table, then plans again from the table as it is once REPLAN_EVERY_MS has passed', async () => {
    // A new deployment: no attempt yet, and statistics that say so. Autovacuum kept out (it would plan again itself).
    await pool.query('ALTER TABLE quiz_attempt SET (autovacuum_enabled = false)');
    await pool.query('ANALYZE quiz_attempt');
    // PostgreSQL tries custom plans five times, then keeps a generic one.
    for (let i = 0; i < 8; i++) await repository.startFromPool([]);
    expect(await keptPlan()).toMatch(/Seq Scan on quiz_attempt/);

    // The first round's rush: the table grows; the connection keeps scanning it whole.
    await pool.query(
      `INSERT INTO quiz_attempt (context_id, user_id, attempt_no, status, deadline, max_score, points_per_question, seed,
         paper)
       SELECT gen_random_uuid(), gen_random_uuid(), 1, 'submitted', now(), 30, 1, 'seed', '[]'
       FROM generate_series(1, 20000)`,
    );
    now += REPLAN_EVERY_MS - 1;
    await repository.startFromPool([]);
    expect(await keptPlan()).toMatch(/Seq Scan on quiz_attempt/);

    now += 1;
    await repository.startFromPool([]);
    const plan = await keptPlan();
    expect(plan).not.toMatch(/Seq Scan on quiz_attempt/);
    expect(plan).toMatch(/Index (Only )?Scan using \w+ on quiz_attempt/);
  });
});
