import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { APP_CONFIG, DATABASE_URL, JobQueue, ROOT_LOGGER } from '../../../libs/core/src/index.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

async function waitFor(check: () => boolean, ms = 15000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('job queue in PostgreSQL', () => {
  let t: TestApp;
  let jobs: JobQueue;

  beforeAll(async () => {
    t = await startTestApp();
    jobs = t.app.get(JobQueue);
  });
  afterAll(async () => t?.close());

  it('runs a job enqueued in a committed transaction and never one whose transaction rolled back', async () => {
    const seen: string[] = [];
    await jobs.work<{ tag: string }>('test.echo', async (data) => {
      seen.push(data.tag);
    });
    await t.dataSource.transaction(async (manager) => {
      await jobs.send('test.echo', { tag: 'committed' }, {}, manager);
    });
    await t.dataSource
      .transaction(async (manager) => {
        await jobs.send('test.echo', { tag: 'rolled-back' }, {}, manager);
        throw new Error('abort');
      })
      .catch(() => undefined);
    await jobs.send('test.echo', { tag: 'plain' });
    await waitFor(() => seen.includes('committed') && seen.includes('plain'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(seen.sort()).toEqual(['committed', 'plain']);
  });

  it('creates many queues at once, from two instances starting together, without a deadlock or a lost job', async () => {
    // pg-boss's create_queue deadlocks against another creation running at the same time (seen at start-up).
    const other = new JobQueue(t.app.get(APP_CONFIG), t.app.get(DATABASE_URL), t.app.get(ROOT_LOGGER));
    await other.onModuleInit();
    try {
      const names = Array.from({ length: 12 }, (_, i) => `test.herd-${i}`);
      const ids = await Promise.all(
        names.flatMap((name) => [jobs.send(name, { from: 'a' }), other.send(name, { from: 'b' })]),
      );
      expect(ids.every((id) => typeof id === 'string')).toBe(true);
      const rows = (await t.dataSource.query(
        "SELECT name, count(*)::int AS n FROM pgboss.job WHERE name LIKE 'test.herd-%' GROUP BY name ORDER BY name",
      )) as { name: string; n: number }[];
      expect(rows).toHaveLength(names.length);
      expect(rows.every((r) => r.n === 2)).toBe(true);
    } finally {
      await other.onApplicationShutdown();
    }
  });
});
