import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { HostView, LiveGameState, PlayerJoinResult, QuestionSnapshot } from '../../../libs/contracts/src/index.js';
import { createSigner } from 'fast-jwt';
import {
  APP_CONFIG,
  type AppConfig,
  LIVE_GAME_RECIPIENTS,
  PortRegistry,
  SettingsService,
} from '../../../libs/core/src/index.js';
import { UnitRepository } from '../../../libs/identity/src/units/unit.repository.js';
import { createUser, type SeededUser, startTestApp, type TestApp } from '../../support/test-app.js';
import {
  answerFor,
  call,
  connected,
  errorCode,
  liveFixture,
  type LiveClient,
  type LiveFixture,
  next,
  ok,
  Sockets,
} from './live-support.js';

/**
 * Certificates from a live game: a player signed in to the portal joins with their access token and the game's
 * result is theirs; guests join as before and are skipped. The join (both state adapters), the LIVE_GAME_RECIPIENTS
 * port, the preview and the bulk issue over HTTP, on PostgreSQL with real socket.io clients.
 */
const modes: [string, Record<string, string>][] = [['in the process', {}]];
if (process.env.REDIS_URL) modes.push(['in Redis', { REDIS_URL: process.env.REDIS_URL }]);

const TEMPLATE = {
  title: 'Giấy khen',
  body: 'Trao cho {{fullName}}, sinh ngày {{birthDate}} — {{unit}}: hạng {{rank}} ({{score}} điểm), {{achievement}}',
  issuerName: 'Ban Thường vụ Thành đoàn Thử Nghiệm',
  signerName: 'Trần Văn Hưởng',
  signerTitle: 'Bí thư Thành đoàn',
  orientation: 'landscape',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A refused handshake's reason, as the client's connect_error carries it. */
function refusal(socket: LiveClient): Promise<{ code: string; message: string }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected')));
    socket.once('connect_error', (err) => resolve((err as Error & { data: { code: string; message: string } }).data));
  });
}

describe.each(modes)('live games: certificates for signed-in players (state %s)', (mode, env) => {
  let t: TestApp;
  let f: LiveFixture;
  let an: SeededUser;
  let binh: SeededUser;
  let kicked: SeededUser;
  let orgD1: SeededUser;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp(env);
    f = await liveFixture(t, 'lc');
    const units = t.app.get(UnitRepository);
    const city = (await units.findByCode('city'))!.id;
    const d1 = (await units.findByCode('d1'))!.id;
    an = await createUser(t, {
      username: 'lc-an',
      roles: ['participant'],
      unitId: d1,
      fullName: 'Nguyễn Văn An',
      birthDate: '2004-05-19',
    });
    binh = await createUser(t, { username: 'lc-binh', roles: ['participant'], unitId: city, fullName: 'Lê Thị Bình' });
    kicked = await createUser(t, { username: 'lc-kicked', roles: ['participant'], unitId: city });
    orgD1 = await createUser(t, { username: 'lc-org-d1', roles: ['organizer'], unitId: d1 });
  });
  afterAll(async () => t?.close());

  const singles = () => [...f.questions.values()].filter((q) => q.type === 'single') as QuestionSnapshot[];

  async function createGame(title: string) {
    const picked = singles().slice(0, 2);
    const res = await t.http
      .post('/api/v1/live-games')
      .set(auth(f.organizer.token))
      .send({
        title,
        bankId: f.bankId,
        questionCount: 2,
        questionTimeSeconds: 20,
        scoring: 'accuracy',
        questionIds: picked.map((q) => q.questionId),
      })
      .expect(201);
    return { gameId: res.body.gameId as string, pin: res.body.pin as string, questions: picked };
  }

  async function join(sockets: Sockets, pin: string, nickname: string, token?: string) {
    const socket = sockets.connect(t.baseUrl, token);
    await connected(socket);
    const joined = await ok(call<PlayerJoinResult>(socket, 'player:join', { pin, nickname }));
    return { socket, joined };
  }

  const livePlayers = (gameId: string): Promise<{ nickname: string; userId: string | null; rank: number }[]> =>
    t.dataSource.query(
      'SELECT nickname, user_id AS "userId", rank FROM live_player WHERE game_id = $1 ORDER BY rank, nickname',
      [gameId],
    );

  describe('joining', () => {
    it('refuses a bad or expired access token at the handshake with its code and a Vietnamese message, never as a guest', async () => {
      const sockets = new Sockets();
      try {
        const forged = refusal(sockets.connect(t.baseUrl, 'khong.phai.token'));
        expect(await forged).toEqual({ code: 'TOKEN_INVALID', message: 'Phiên đăng nhập không hợp lệ.' });
        // A real token with its signature changed.
        const [head, body, signature] = an.token.split('.');
        const tampered = `${head}.${body}.${signature!.slice(0, -4)}${signature!.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
        expect((await refusal(sockets.connect(t.baseUrl, tampered))).code).toBe('TOKEN_INVALID');
        // A token of the right key that expired ten minutes ago: refused as expired, so the portal asks to sign in.
        const key =
          t.app.get<AppConfig>(APP_CONFIG).tokenSecret ??
          (await t.app.get(SettingsService).secret('access_token_secret', 48));
        const expired = createSigner({
          key,
          algorithm: 'HS256',
          iss: 'haidang',
          aud: 'haidang-api',
          expiresIn: 60_000,
          clockTimestamp: Date.now() - 10 * 60_000,
        })({ sub: an.id, usr: an.username, roles: ['participant'] });
        expect(await refusal(sockets.connect(t.baseUrl, expired))).toEqual({
          code: 'TOKEN_EXPIRED',
          message: 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.',
        });
      } finally {
        sockets.closeAll();
      }
    });

    it('records the account of a signed-in player, keeps guests as before, and gives one account one slot', async () => {
      const sockets = new Sockets();
      try {
        const { gameId, pin } = await createGame('Đố vui một tài khoản một chỗ');
        const host = sockets.connect(t.baseUrl, f.organizer.token);
        await connected(host);
        await ok(call(host, 'host:open', { gameId }));

        const guest = await join(sockets, pin, 'Khách Một');
        expect(guest.joined.signedIn).toBe(false);
        const first = await join(sockets, pin, 'An Lê Chân', an.token);
        expect(first.joined.signedIn).toBe(true);
        expect(first.joined.state.playerCount).toBe(2);

        // The same account again (another tab, a phone that lost its resume token), under another nickname: the
        // same player, nickname and all; nobody was added; the old resume token no longer resumes, the new one does.
        const again = await join(sockets, pin, 'An thứ hai', an.token);
        expect(again.joined.playerId).toBe(first.joined.playerId);
        expect(again.joined.resumeToken).not.toBe(first.joined.resumeToken);
        expect(again.joined.signedIn).toBe(true);
        expect(again.joined.state.you?.nickname).toBe('An Lê Chân');
        expect(again.joined.state.playerCount).toBe(2);
        const oldResume = sockets.connect(t.baseUrl);
        await connected(oldResume);
        expect(
          await errorCode(
            call(oldResume, 'player:join', { pin, nickname: 'x', resumeToken: first.joined.resumeToken }),
          ),
        ).toBe('TOKEN_INVALID');
        const resumed = await ok(
          call<PlayerJoinResult>(oldResume, 'player:join', {
            pin,
            nickname: 'x',
            resumeToken: again.joined.resumeToken,
          }),
        );
        expect(resumed).toMatchObject({ playerId: first.joined.playerId, signedIn: true });
        // Two accounts joining at once each get their own slot, and twice the same one at once gets one.
        const [b1, b2] = await Promise.all([
          join(sockets, pin, 'Bình', binh.token),
          join(sockets, pin, 'Bình', binh.token),
        ]);
        expect(b1.joined.playerId).toBe(b2.joined.playerId);
        const view = await ok(call<HostView>(host, 'host:open', { gameId }));
        expect(view.players.map((p) => p.nickname).sort()).toEqual(['An Lê Chân', 'Bình', 'Khách Một']);

        // A signed-in player the host removed cannot come back through their account.
        const out = await join(sockets, pin, 'Bị Mời Ra', kicked.token);
        await ok(call(host, 'host:kick', { playerId: out.joined.playerId }));
        const back = sockets.connect(t.baseUrl, kicked.token);
        await connected(back);
        expect(await errorCode(call(back, 'player:join', { pin, nickname: 'Quay Lại' }))).toBe('PLAYER_KICKED');

        const ended = next(host, 'game:state', (s: LiveGameState) => s.status === 'ended');
        await ok(call(host, 'host:start', {}));
        await ok(call(host, 'host:end', {}));
        await ended;
        const rows = await livePlayers(gameId);
        expect(rows.map((r) => [r.nickname, r.userId])).toEqual(
          expect.arrayContaining([
            ['An Lê Chân', an.id],
            ['Bình', binh.id],
            ['Khách Một', null],
            ['Bị Mời Ra', kicked.id],
          ]),
        );
        expect(rows).toHaveLength(4);
      } finally {
        sockets.closeAll();
      }
    });
  });

  describe('issuing from a finished game', () => {
    let gameId: string;
    let templateId: string;

    beforeAll(async () => {
      const sockets = new Sockets();
      try {
        const game = await createGame(`Đố vui cuối tuần (${mode})`);
        gameId = game.gameId;
        const host = sockets.connect(t.baseUrl, f.organizer.token);
        await connected(host);
        await ok(call(host, 'host:open', { gameId }));
        const guestTop = await join(sockets, game.pin, 'Khách Giỏi');
        const anPlayer = await join(sockets, game.pin, 'An', an.token);
        await join(sockets, game.pin, 'Bình', binh.token);
        await join(sockets, game.pin, 'Khách Chậm');
        // Accuracy scoring: the guest right twice (1st), An right once (2nd), Bình and the other guest never (3rd, tied).
        for (const index of [0, 1]) {
          const shown = next(guestTop.socket, 'question:show', (q) => q.index === index);
          await ok(call(host, index === 0 ? 'host:start' : 'host:next', {}));
          await shown;
          const answer = (s: LiveClient, id: string) =>
            ok(
              call(s, 'player:answer', {
                questionIndex: index,
                ...answerFor(game.questions[index]!, true),
                clientAnswerId: id,
              }),
            );
          await answer(guestTop.socket, `g-${index}`);
          if (index === 0) await answer(anPlayer.socket, 'an-0');
          const result = next(guestTop.socket, 'question:result');
          await ok(call(host, 'host:next', {}));
          await result;
        }
        const ended = next(host, 'game:state', (s: LiveGameState) => s.status === 'ended');
        await ok(call(host, 'host:end', {}));
        await ended;
      } finally {
        sockets.closeAll();
      }
      const template = await t.http
        .post('/api/v1/certificate-templates')
        .set(auth(f.organizer.token))
        .send(TEMPLATE)
        .expect(201);
      templateId = template.body.id;
    });

    it('stores the final ranking with each signed-in player’s account', async () => {
      expect(await livePlayers(gameId)).toEqual([
        { nickname: 'Khách Giỏi', userId: null, rank: 1 },
        { nickname: 'An', userId: an.id, rank: 2 },
        { nickname: 'Bình', userId: binh.id, rank: 3 },
        { nickname: 'Khách Chậm', userId: null, rank: 3 },
      ]);
    });

    it('gives the certificate library the top N of signed-in players, ties at N included, guests counted as skipped', async () => {
      const port = t.app.get(PortRegistry).get(LIVE_GAME_RECIPIENTS);
      const top3 = (await port.gameRecipients(gameId, { topN: 3 }))!;
      expect(top3).toMatchObject({ frozen: true, skipped: 2, title: `Đố vui cuối tuần (${mode})` });
      expect(top3.finalAt).toEqual(expect.any(String));
      expect(top3.recipients.map((r) => [r.userId, r.rank])).toEqual([
        [an.id, 2],
        [binh.id, 3],
      ]);
      const top2 = (await port.gameRecipients(gameId, { topN: 2 }))!;
      expect(top2.recipients.map((r) => r.userId)).toEqual([an.id]);
      expect(top2.skipped).toBe(1);
      expect((await port.gameRecipients(gameId, { topN: 1 }))!.recipients).toEqual([]);
      expect(await port.gameRecipients('00000000-0000-4000-8000-000000000000', { topN: 3 })).toBeNull();
    });

    it('refuses a game that has not finished, in the port, the preview and the issue', async () => {
      const open = await createGame('Đố vui chưa xong');
      const list = (await t.app.get(PortRegistry).get(LIVE_GAME_RECIPIENTS).gameRecipients(open.gameId, { topN: 3 }))!;
      expect(list).toMatchObject({ frozen: false, recipients: [] });
      const preview = await t.http
        .get(`/api/v1/live-games/${open.gameId}/certificates/preview?topN=3`)
        .set(auth(f.organizer.token))
        .expect(409);
      expect(preview.body.code).toBe('GAME_NOT_FINISHED');
      const issue = await t.http
        .post(`/api/v1/live-games/${open.gameId}/certificates`)
        .set(auth(f.organizer.token))
        .send({ templateId, topN: 3 })
        .expect(409);
      expect(issue.body).toMatchObject({ code: 'GAME_NOT_FINISHED', message: expect.stringMatching(/chưa kết thúc/) });
    });

    it('lists the game to organizers of its subtree with its signed-in count, and previews who would be skipped', async () => {
      const mine = await t.http.get('/api/v1/live-games/finished').set(auth(f.organizer.token)).expect(200);
      expect(mine.body.find((g: { gameId: string }) => g.gameId === gameId)).toMatchObject({
        playerCount: 4,
        signedInCount: 2,
        unitName: 'Thành đoàn Thử Nghiệm',
      });
      const outside = await t.http.get('/api/v1/live-games/finished').set(auth(orgD1.token)).expect(200);
      expect(outside.body.map((g: { gameId: string }) => g.gameId)).not.toContain(gameId);
      const preview = await t.http
        .get(`/api/v1/live-games/${gameId}/certificates/preview?topN=3`)
        .set(auth(f.organizer.token))
        .expect(200);
      expect(preview.body).toEqual({ title: `Đố vui cuối tuần (${mode})`, recipients: 2, skipped: 2 });
      expect(
        (await t.http.get(`/api/v1/live-games/${gameId}/certificates/preview?topN=3`).set(auth(orgD1.token))).body.code,
      ).toBe('OUT_OF_SCOPE');
      expect((await t.http.get('/api/v1/live-games/finished').set(auth(f.participant.token))).body.code).toBe(
        'FORBIDDEN',
      );
    });

    it('issues to the signed-in players of the top N only, and never twice', async () => {
      const waitFor = async (batchId: string) => {
        for (let i = 0; i < 300; i++) {
          const b = await t.http.get(`/api/v1/certificate-batches/${batchId}`).set(auth(f.organizer.token));
          if (b.body.status === 'done' || b.body.status === 'failed') return b.body;
          await sleep(100);
        }
        throw new Error('batch did not finish');
      };
      const refused = await t.http
        .post(`/api/v1/live-games/${gameId}/certificates`)
        .set(auth(orgD1.token))
        .send({ templateId, topN: 3 });
      expect(refused.body.code).toBe('CERTIFICATE_TEMPLATE_NOT_FOUND');

      const [a, b] = await Promise.all([
        t.http
          .post(`/api/v1/live-games/${gameId}/certificates`)
          .set(auth(f.organizer.token))
          .send({ templateId, topN: 3 }),
        t.http
          .post(`/api/v1/live-games/${gameId}/certificates`)
          .set(auth(f.organizer.token))
          .send({ templateId, topN: 3 }),
      ]);
      expect([a.status, b.status]).toEqual([202, 202]);
      expect(a.body).toMatchObject({ source: 'live-game', sourceId: gameId, total: 2 });
      expect(await waitFor(a.body.id)).toMatchObject({ status: 'done', total: 2, done: 2, failed: 0 });
      expect(await waitFor(b.body.id)).toMatchObject({ status: 'done', total: 2, done: 2, failed: 0 });
      const rows: { userId: string; rank: number; name: string }[] = await t.dataSource.query(
        `SELECT user_id AS "userId", rank, holder_name AS name FROM certificate
         WHERE achievement_key = $1 ORDER BY rank`,
        [`live-game:${gameId}`],
      );
      expect(rows).toEqual([
        { userId: an.id, rank: 2, name: 'Nguyễn Văn An' },
        { userId: binh.id, rank: 3, name: 'Lê Thị Bình' },
      ]);
      const certificates = await t.http.get('/api/v1/certificates/mine').set(auth(an.token)).expect(200);
      expect(certificates.body.find((c: { rank: number }) => c.rank === 2)).toMatchObject({
        achievement: `Đố vui cuối tuần (${mode})`,
      });
    });
  });
});
