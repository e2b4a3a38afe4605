import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LiveAck, PlayerJoinResult, QuestionSnapshot } from '../../../libs/contracts/src/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { answerFor, call, connected, liveFixture, type LiveFixture, next, ok, Sockets } from './live-support.js';

/** One instance without Redis (game state in its process), on a database that outlives it. */
const startInstance = (database: TestDatabase) => startTestApp({}, { database });

describe('live games: the single instance restarts mid-game', () => {
  let database: TestDatabase;
  let before: TestApp | null = null;
  let after: TestApp | null = null;
  let f: LiveFixture;

  beforeAll(async () => {
    database = await createTestDatabase();
    before = await startInstance(database);
    f = await liveFixture(before, 'rs');
  });
  afterAll(async () => {
    await before?.close();
    await after?.close();
    await database?.drop();
  });

  it('ends the running game as interrupted and tells its host and players so; a game still in the lobby goes on', async () => {
    const sockets = new Sockets();
    try {
      const questions = [...f.questions.values()].filter((q) => q.type === 'single').slice(0, 2) as QuestionSnapshot[];
      const create = (t: TestApp, title: string) =>
        t.http
          .post('/api/v1/live-games')
          .set('Authorization', `Bearer ${f.organizer.token}`)
          .send({
            title,
            bankId: f.bankId,
            questionCount: 2,
            questionTimeSeconds: 30,
            questionIds: questions.map((q) => q.questionId),
          })
          .expect(201)
          .then((res) => res.body as { gameId: string; pin: string });
      const running = await create(before!, 'Đang chơi');
      const waiting = await create(before!, 'Đang chờ');

      const host = sockets.connect(before!.baseUrl, f.organizer.token);
      await connected(host);
      await ok(call(host, 'host:open', { gameId: running.gameId }));
      const player = sockets.connect(before!.baseUrl);
      await connected(player);
      const joined = await ok(
        call<PlayerJoinResult>(player, 'player:join', { pin: running.pin, nickname: 'Trước khi tắt' }),
      );
      const shown = next(player, 'question:show');
      await ok(call(host, 'host:start', {}));
      await shown;
      await ok(
        call(player, 'player:answer', { questionIndex: 0, ...answerFor(questions[0]!, true), clientAnswerId: 'p-0' }),
      );

      // The server goes down with the game's state in its memory, and comes back on the same database.
      const dropped = new Promise((r) => player.once('disconnect', r));
      await before!.close();
      before = null;
      await dropped;
      after = await startInstance(database);
      const [row] = (await after.dataSource.query('SELECT status, interrupted_at FROM live_game WHERE id = $1', [
        running.gameId,
      ])) as { status: string; interrupted_at: Date | null }[];
      expect(row).toMatchObject({ status: 'ended', interrupted_at: expect.any(Date) });

      // The player coming back with their token, a newcomer with the PIN and the host all get the same clear answer.
      const expectInterrupted = (ack: LiveAck<unknown>) => {
        expect(ack.ok).toBe(false);
        if (ack.ok) return;
        expect(ack.error.code).toBe('GAME_INTERRUPTED');
        expect(ack.error.message).toMatch(/gián đoạn/);
      };
      const back = sockets.connect(after.baseUrl);
      await connected(back);
      expectInterrupted(
        await call(back, 'player:join', { pin: running.pin, nickname: 'x', resumeToken: joined.resumeToken }),
      );
      expectInterrupted(await call(back, 'player:join', { pin: running.pin, nickname: 'Người mới' }));
      const hostBack = sockets.connect(after.baseUrl, f.organizer.token);
      await connected(hostBack);
      expectInterrupted(await call(hostBack, 'host:open', { gameId: running.gameId }));

      // The host's page says what happened; there are no results to show.
      const view = await after.http
        .get(`/api/v1/live-games/${running.gameId}`)
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .expect(200);
      expect(view.body).toMatchObject({ status: 'ended', interrupted: true });
      const results = await after.http
        .get(`/api/v1/live-games/${running.gameId}/results`)
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .expect(410);
      expect(results.body.code).toBe('GAME_INTERRUPTED');

      // A game that had not started lost nothing (it is all in PostgreSQL): it is played as if nothing happened.
      await ok(call(hostBack, 'host:open', { gameId: waiting.gameId }));
      const waitingPlayer = await ok(
        call<PlayerJoinResult>(back, 'player:join', { pin: waiting.pin, nickname: 'Sau khi bật' }),
      );
      expect(waitingPlayer.state.status).toBe('lobby');
      const view2 = await after.http
        .get(`/api/v1/live-games/${waiting.gameId}`)
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .expect(200);
      expect(view2.body).toMatchObject({ status: 'lobby', interrupted: false, playerCount: 1 });
    } finally {
      sockets.closeAll();
    }
  });

  it('ends as interrupted a game found running in PostgreSQL with no state anywhere (e.g. Redis emptied)', async () => {
    const sockets = new Sockets();
    try {
      const t = after!;
      const picked = [...f.questions.values()].filter((q) => q.type === 'single').slice(0, 1);
      const { gameId, pin } = (
        await t.http
          .post('/api/v1/live-games')
          .set('Authorization', `Bearer ${f.organizer.token}`)
          .send({
            title: 'Mất trạng thái',
            bankId: f.bankId,
            questionCount: 1,
            questionTimeSeconds: 30,
            questionIds: picked.map((q) => q.questionId),
          })
          .expect(201)
      ).body as { gameId: string; pin: string };
      // What a lost store leaves behind: the row says running, no instance holds the game.
      await t.dataSource.query("UPDATE live_game SET status = 'running', started_at = now() WHERE id = $1", [gameId]);
      const host = sockets.connect(t.baseUrl, f.organizer.token);
      await connected(host);
      const ack = await call(host, 'host:open', { gameId });
      expect(ack.ok ? 'ok' : ack.error.code).toBe('GAME_INTERRUPTED');
      const [row] = (await t.dataSource.query('SELECT status, interrupted_at FROM live_game WHERE id = $1', [
        gameId,
      ])) as { status: string; interrupted_at: Date | null }[];
      expect(row).toMatchObject({ status: 'ended', interrupted_at: expect.any(Date) });
      const player = sockets.connect(t.baseUrl);
      await connected(player);
      const join = await call(player, 'player:join', { pin, nickname: 'Muộn' });
      expect(join.ok ? 'ok' : join.error.code).toBe('GAME_INTERRUPTED');
    } finally {
      sockets.closeAll();
    }
  });
});
