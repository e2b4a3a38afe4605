import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JobQueue } from '../../../libs/core/src/index.js';
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
});
