import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { LiveQuestionResult, PlayerJoinResult, QuestionSnapshot } from '../../../libs/contracts/src/index.js';
import { LiveSettings } from '../../../libs/live-contest/src/index.js';
import type { LiveSync } from '../../../libs/live-contest/src/live.broadcaster.js';
import { InstanceSync } from '../../../libs/live-contest/src/engine/instance-sync.js';
import { QuestionResults } from '../../../libs/live-contest/src/engine/question-results.js';
import { LiveGameCatalog } from '../../../libs/live-contest/src/engine/live-game-catalog.js';
import { waitFor } from '../../support/api-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { describeNeeding, REDIS_URL } from '../../support/requirements.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { answerFor, call, connected, liveFixture, type LiveFixture, next, ok, Sockets } from './live-support.js';

/** Two instances of the app on one database and one Redis, as behind a load balancer. */
async function startInstance(database: TestDatabase, name: string): Promise<TestApp> {
  const t = await startTestApp(
    { REDIS_URL: REDIS_URL!, PASSWORD_HASH_CONCURRENCY: '2', INSTANCE_ID: name },
    { database },
  );
  const settings = t.app.get(LiveSettings);
  settings.tickMs = 200;
  settings.leaseTtlMs = 1000;
  return t;
}

describeNeeding({ REDIS_URL })('live games: two instances with Redis', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let bClosed = false;
  let f: LiveFixture;

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await startInstance(database, 'a');
    b = await startInstance(database, 'b');
    f = await liveFixture(a, 'mi');
  });
  afterAll(async () => {
    await a?.close();
    if (!bClosed) await b?.close();
    await database?.drop();
  });

  async function game(questionTimeSeconds: number) {
    const picked = [...f.questions.values()].filter((q) => q.type === 'single').slice(0, 3) as QuestionSnapshot[];
    const res = await a.http
      .post('/api/v1/live-games')
      .set('Authorization', `Bearer ${f.organizer.token}`)
      .send({
        title: 'Hai máy',
        bankId: f.bankId,
        questionCount: 3,
        questionTimeSeconds,
        questionIds: picked.map((q) => q.questionId),
      })
      .expect(201);
    return { gameId: res.body.gameId as string, pin: res.body.pin as string, questions: picked };
  }

  async function join(sockets: Sockets, on: TestApp, pin: string, nickname: string) {
    const socket = sockets.connect(on.baseUrl);
    await connected(socket);
    return { socket, join: await ok(call<PlayerJoinResult>(socket, 'player:join', { pin, nickname })) };
  }

  it('shows the same question to players on both instances and keeps scores exact', async () => {
    const sockets = new Sockets();
    try {
      const { gameId, pin, questions } = await game(20);
      const host = sockets.connect(b.baseUrl, f.organizer.token);
      await connected(host);
      await ok(call(host, 'host:open', { gameId }));
      const players = [
        await join(sockets, a, pin, 'A một'),
        await join(sockets, a, pin, 'A hai'),
        await join(sockets, b, pin, 'B một'),
        await join(sockets, b, pin, 'B hai'),
      ];
      expect(await errorFree(call(sockets.connect(b.baseUrl), 'player:join', { pin, nickname: 'a MỘT' }))).toBe(
        'NICKNAME_TAKEN',
      );

      const shows = players.map((p) => next(p.socket, 'question:show'));
      await ok(call(host, 'host:start', {}));
      const seen = await Promise.all(shows);
      expect(new Set(seen.map((s) => JSON.stringify({ ...s, serverNow: 0 }))).size).toBe(1);

      // Right on one instance, wrong on the other; the same retry sent to both instances counts once.
      const right = (i: number, id: string) => ({
        questionIndex: i,
        ...answerFor(questions[i]!, true),
        clientAnswerId: id,
      });
      await ok(call(players[0]!.socket, 'player:answer', right(0, 'a1-0')));
      await ok(call(players[2]!.socket, 'player:answer', right(0, 'b1-0')));
      await ok(
        call(players[3]!.socket, 'player:answer', {
          questionIndex: 0,
          ...answerFor(questions[0]!, false),
          clientAnswerId: 'b2-0',
        }),
      );
      const results = players.map((p) => next(p.socket, 'question:result'));
      const boards = players.map((p) => next(p.socket, 'leaderboard:update'));
      const board = boards[1]!;
      const hostState = next(host, 'game:state', (s) => s.status === 'result');
      const closeEvents = players.map((p) => {
        const events: string[] = [];
        p.socket.onAny((event: string) => events.push(event));
        return events;
      });
      await ok(call(host, 'host:next', {}));
      const own = (await Promise.all(results)) as LiveQuestionResult[];
      // On either instance, each player gets their own result first, then the top 10, and no state (only the host:
      // the result is the players' move to the result screen).
      await Promise.all(boards);
      expect((await hostState).questionIndex).toBe(0);
      for (const p of players) await errorFree(call(p.socket, 'player:answer', right(0, 'late')));
      expect(closeEvents).toEqual(players.map(() => ['question:result', 'leaderboard:update']));
      for (const p of players) p.socket.offAny();
      expect(own.map((r) => [r.answered, r.correct])).toEqual([
        [true, true],
        [false, false],
        [true, true],
        [true, false],
      ]);
      const lb = await board;
      expect(lb).toMatchObject({ answeredCount: 3, playerCount: 4 });
      expect(
        lb.top
          .slice(0, 2)
          .map((r) => r.score)
          .sort(),
      ).toEqual([own[0]!.total, own[2]!.total].sort());
      for (const r of own) expect(r.total).toBe(r.points);

      // Both instances forget the ended game once its retention is over (not only the driver, which drops it).
      for (const t of [a, b]) t.app.get(LiveSettings).endedRetentionMs = 500;
      await ok(call(host, 'host:end', {}));
      const ranking = await a.http
        .get(`/api/v1/live-games/${gameId}/results`)
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .expect(200);
      const byName = new Map(
        ranking.body.players.map((p: { nickname: string; score: number }) => [p.nickname, p.score]),
      );
      expect(byName).toEqual(
        new Map([
          ['A một', own[0]!.total],
          ['A hai', 0],
          ['B một', own[2]!.total],
          ['B hai', 0],
        ]),
      );
      const holds = (t: TestApp) =>
        (t.app.get(LiveGameCatalog) as unknown as { configs: Map<string, unknown> }).configs;
      await waitFor(
        'both instances to forget the ended game',
        async () => !holds(a).has(gameId) && !holds(b).has(gameId),
        5000,
      );
      expect([holds(a).has(gameId), holds(b).has(gameId)]).toEqual([false, false]);
    } finally {
      for (const t of [a, b]) t.app.get(LiveSettings).endedRetentionMs = new LiveSettings().endedRetentionMs;
      sockets.closeAll();
    }
  });

  it("sends a close's results to the other instance's players when the message between instances is lost", async () => {
    // What a Redis restart does: pub/sub keeps nothing, so a close sent while B's subscriber is away never reaches B.
    const sockets = new Sockets();
    const syncOfB = b.app.get(InstanceSync);
    const lost: LiveSync[] = [];
    syncOfB.onSync = (msg) => {
      if (msg.type === 'results') lost.push(msg);
      else InstanceSync.prototype.onSync.call(syncOfB, msg);
    };
    try {
      const { gameId, pin, questions } = await game(20);
      const host = sockets.connect(a.baseUrl, f.organizer.token);
      await connected(host);
      await ok(call(host, 'host:open', { gameId }));
      const onA = await join(sockets, a, pin, 'Mất A');
      const onB = [await join(sockets, b, pin, 'Mất B1'), await join(sockets, b, pin, 'Mất B2')];
      const shows = [onA, ...onB].map((p) => next(p.socket, 'question:show'));
      await ok(call(host, 'host:start', {}));
      await Promise.all(shows);
      await ok(
        call(onB[0]!.socket, 'player:answer', {
          questionIndex: 0,
          ...answerFor(questions[0]!, true),
          clientAnswerId: 'l1',
        }),
      );
      const events = onB.map((p) => {
        const seen: string[] = [];
        p.socket.onAny((event: string) => seen.push(event));
        return seen;
      });
      const results = onB.map((p) => next(p.socket, 'question:result'));
      const boards = onB.map((p) => next(p.socket, 'leaderboard:update'));
      // Closed on A (the host's instance); B gets no message of it.
      await ok(call(host, 'host:next', {}));
      const own = (await Promise.all(results)) as LiveQuestionResult[];
      const board = (await Promise.all(boards))[0]!;
      expect(lost.map((m) => m.type)).toEqual(['results']);
      expect(own.map((r) => [r.index, r.answered, r.correct, r.total > 0])).toEqual([
        [0, true, true, true],
        [0, false, false, false],
      ]);
      expect(board).toMatchObject({ index: 0, answeredCount: 1, playerCount: 3 });
      expect(board.top[0]).toMatchObject({ nickname: 'Mất B1', score: own[0]!.total });

      // The message turning up late (or twice) sends nothing more: each player got the close exactly once.
      InstanceSync.prototype.onSync.call(syncOfB, lost[0]!);
      await b.app.get(QuestionResults).deliver(lost[0] as Extract<LiveSync, { type: 'results' }>);
      for (const p of onB)
        expect(
          await errorFree(call(p.socket, 'player:answer', { questionIndex: 0, value: 1, clientAnswerId: 'late' })),
        ).not.toBe('ok');
      expect(events).toEqual(onB.map(() => ['question:result', 'leaderboard:update']));
      await ok(call(host, 'host:end', {}));
    } finally {
      Reflect.deleteProperty(syncOfB, 'onSync');
      sockets.closeAll();
    }
  });

  it('limits a join flood from one address spread over both instances as one flood', async () => {
    const sockets = new Sockets();
    const limited = [a.app.get(LiveSettings), b.app.get(LiveSettings)];
    try {
      for (const s of limited) Object.assign(s, { joinBurst: 6, joinPerSecond: 0.001 });
      const { pin } = await game(20);
      const attempt = async (on: TestApp, nickname: string, address: string) => {
        const socket = sockets.connect(on.baseUrl, undefined, address);
        await connected(socket);
        return errorFree(call(socket, 'player:join', { pin, nickname }));
      };
      // Twenty joins from one school's address, alternating between the instances, all at once.
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => attempt(i % 2 ? a : b, `Lũ ${i}`, '198.51.100.7')),
      );
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(6);
      expect(outcomes.filter((o) => o === 'RATE_LIMITED')).toHaveLength(14);
      // Another address is not held back by the flood, on either instance.
      expect(await attempt(a, 'Nhà bên 1', '198.51.100.8')).toBe('ok');
      expect(await attempt(b, 'Nhà bên 2', '198.51.100.8')).toBe('ok');
      expect(await attempt(b, 'Lũ nữa', '198.51.100.7')).toBe('RATE_LIMITED');
    } finally {
      const defaults = new LiveSettings();
      for (const s of limited)
        Object.assign(s, { joinBurst: defaults.joinBurst, joinPerSecond: defaults.joinPerSecond });
      sockets.closeAll();
    }
  });

  it('keeps the game going when an instance dies: its players resume on the other with their scores', async () => {
    const sockets = new Sockets();
    try {
      const { gameId, pin, questions } = await game(5);
      const host = sockets.connect(b.baseUrl, f.organizer.token);
      await connected(host);
      await ok(call(host, 'host:open', { gameId }));
      const onA = await join(sockets, a, pin, 'Ở A');
      const onB = await join(sockets, b, pin, 'Ở B');
      await ok(call(host, 'host:start', {}));
      const answer = { questionIndex: 0, ...answerFor(questions[0]!, true), clientAnswerId: 'b-0' };
      await ok(call(onB.socket, 'player:answer', answer));
      await ok(call(onA.socket, 'player:answer', { ...answer, clientAnswerId: 'a-0' }));

      // Instance B goes away mid-question (its host and player with it); nobody is left to press "next".
      const dropped = new Promise((r) => onB.socket.once('disconnect', r));
      const resultOnA = next(onA.socket, 'question:result');
      await b.close();
      bClosed = true;
      await dropped;
      // The question still closes on time, driven by instance A.
      const ownA = await resultOnA;
      expect(ownA).toMatchObject({ index: 0, answered: true, correct: true });

      const back = sockets.connect(a.baseUrl);
      await connected(back);
      const resumed = await ok(
        call<PlayerJoinResult>(back, 'player:join', { pin, nickname: 'x', resumeToken: onB.join.resumeToken }),
      );
      expect(resumed.playerId).toBe(onB.join.playerId);
      expect(resumed.state.status).toBe('result');
      expect(resumed.state.you!.score).toBeGreaterThan(0);
      // The resend of the counted answer is acknowledged, never counted again.
      expect((await ok<{ duplicate: boolean }>(call(back, 'player:answer', answer))).duplicate).toBe(true);

      const hostBack = sockets.connect(a.baseUrl, f.organizer.token);
      await connected(hostBack);
      await ok(call(hostBack, 'host:open', { gameId }));
      const shown = next(back, 'question:show');
      await ok(call(hostBack, 'host:next', {}));
      expect((await shown).index).toBe(1);
      await ok(
        call(back, 'player:answer', { questionIndex: 1, ...answerFor(questions[1]!, true), clientAnswerId: 'b-1' }),
      );
      const r1 = next(back, 'question:result');
      await ok(call(hostBack, 'host:next', {}));
      expect((await r1).total).toBeGreaterThan(resumed.state.you!.score);
      await ok(call(hostBack, 'host:end', {}));
      const ranking = await a.http
        .get(`/api/v1/live-games/${gameId}/results`)
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .expect(200);
      expect(ranking.body.players.find((p: { nickname: string }) => p.nickname === 'Ở B').score).toBe((await r1).total);
    } finally {
      sockets.closeAll();
    }
  });
});

async function errorFree(promise: Promise<{ ok: boolean; error?: { code: string } }>): Promise<string> {
  const ack = await promise;
  return ack.ok ? 'ok' : ack.error!.code;
}
