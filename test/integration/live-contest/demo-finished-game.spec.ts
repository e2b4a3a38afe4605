import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRootLogger } from '../../../libs/core/src/index.js';
import { DEMO_FINISHED_GAME_TITLE } from '../../../libs/live-contest/src/index.js';
import { seedOnFirstStart } from '../../../apps/api/src/seed.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** The demo's finished live game: the demo organizer can issue certificates from it to the signed-in players. */
describe('the demo finished live game', () => {
  let t: TestApp;
  let token: string;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  beforeAll(async () => {
    t = await startTestApp();
    await seedOnFirstStart(t.app, { ...t.config, loadDemoData: true }, createRootLogger('silent'));
    const login = await t.http.post('/api/v1/auth/login').send({ username: 'tochuc.lechan', password: 'HaiDang@2025' });
    token = login.body.accessToken as string;
  }, 180_000);
  afterAll(async () => t?.close());

  it('is listed to the organizer of Đoàn phường Lê Chân, and issues to its two signed-in players only', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const finished = await t.http.get('/api/v1/live-games/finished').set(auth).expect(200);
    const game = finished.body.find((g: { title: string }) => g.title === DEMO_FINISHED_GAME_TITLE);
    expect(game).toMatchObject({ playerCount: 5, signedInCount: 2 });
    // Ranks 1, 2, 2 (a tie): An, a guest and Bình.
    const preview = await t.http
      .get(`/api/v1/live-games/${game.gameId}/certificates/preview?topN=2`)
      .set(auth)
      .expect(200);
    expect(preview.body).toMatchObject({ recipients: 2, skipped: 1 });
    const [template] = (await t.http.get('/api/v1/certificate-templates').set(auth).expect(200)).body;
    const batch = await t.http
      .post(`/api/v1/live-games/${game.gameId}/certificates`)
      .set(auth)
      .send({ templateId: template.id, topN: 2 })
      .expect(202);
    let status = batch.body.status as string;
    for (let i = 0; i < 300 && status !== 'done' && status !== 'failed'; i++) {
      await sleep(100);
      status = (await t.http.get(`/api/v1/certificate-batches/${batch.body.id}`).set(auth)).body.status;
    }
    expect(status).toBe('done');
    const holders: { name: string; rank: number }[] = await t.dataSource.query(
      'SELECT holder_name AS name, rank FROM certificate WHERE achievement_key = $1 ORDER BY rank, holder_name',
      [`live-game:${game.gameId}`],
    );
    expect(holders).toEqual([
      { name: 'Nguyễn Văn An', rank: 1 },
      { name: 'Trần Thị Bình', rank: 2 },
    ]);
  });
});
