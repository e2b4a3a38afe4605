import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { HostView, PlayerJoinResult } from '../../../libs/contracts/src/index.js';
import { LiveSettings } from '../../../libs/live-contest/src/index.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { call, connected, errorCode, liveFixture, ok, Sockets, type LiveFixture } from './live-support.js';

const HALL = 500;

/** A school hall behind one address (its NAT): everyone joins at the same moment, with the default settings. */
describe('live games: a school hall joining through one address', () => {
  let t: TestApp;
  let f: LiveFixture;

  beforeAll(async () => {
    t = await startTestApp();
    f = await liveFixture(t, 'hall');
  });
  afterAll(async () => t?.close());

  it(`lets ${HALL} players in at once from one address, each with its own player`, async () => {
    expect(t.app.get(LiveSettings)).toMatchObject({ joinBurst: new LiveSettings().joinBurst });
    const sockets = new Sockets();
    try {
      const created = await t.http
        .post('/api/v1/live-games')
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .send({ title: 'Cả hội trường', bankId: f.bankId, questionCount: 1, questionTimeSeconds: 20 })
        .expect(201);
      const { gameId, pin } = created.body as { gameId: string; pin: string };
      const host = sockets.connect(t.baseUrl, f.organizer.token);
      await connected(host);
      await ok(call<HostView>(host, 'host:open', { gameId }));
      const players = Array.from({ length: HALL }, () => sockets.connect(t.baseUrl, undefined, '203.0.113.7'));
      // Connected before anyone joins, so the second crowd below comes right after the first.
      const extra = Array.from({ length: 400 }, () => sockets.connect(t.baseUrl, undefined, '203.0.113.7'));
      await Promise.all([...players, ...extra].map(connected));
      const joins = await Promise.all(
        players.map((s, i) => call<PlayerJoinResult>(s, 'player:join', { pin, nickname: `Học sinh ${i + 1}` })),
      );
      const refused = joins.filter((j) => !j.ok);
      expect(refused).toEqual([]);
      const ids = new Set(joins.map((j) => (j.ok ? j.data.playerId : '')));
      expect(ids.size).toBe(HALL);
      const view = await t.http
        .get(`/api/v1/live-games/${gameId}`)
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .expect(200);
      expect(view.body.playerCount).toBe(HALL);
      // The limit still holds past a hall: a second crowd from the same address at once is partly refused.
      const codes = await Promise.all(
        extra.map((s, i) => errorCode(call(s, 'player:join', { pin, nickname: `Thêm ${i}` }))),
      );
      expect(codes).toContain('RATE_LIMITED');
    } finally {
      sockets.closeAll();
    }
  }, 120_000);
});
