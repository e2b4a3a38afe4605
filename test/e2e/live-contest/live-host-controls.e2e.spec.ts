import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type {
  HostView,
  LiveGameState,
  LiveLeaderboard,
  PlayerJoinResult,
  QuestionSnapshot,
} from '../../../libs/contracts/src/index.js';
import { Clock } from '../../../libs/core/src/index.js';
import { LiveGameEngine, LiveSettings } from '../../../libs/live-contest/src/index.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
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
 * What the host screen drives beyond start/next/end: pause and resume (a question's clock stands still), extra time
 * from the host's socket, the answer distribution at a close, a host reload on a result screen or after the end, the
 * number of players waiting after RATE_LIMITED, and the list of games a host may open. On one machine (state in the
 * process) and, when REDIS_URL is set, on Redis (the state and the waiting set shared by instances).
 */
const modes: [string, Record<string, string>][] = [['in the process', {}]];
if (process.env.REDIS_URL) modes.push(['in Redis', { REDIS_URL: process.env.REDIS_URL }]);

describe.each(modes)('live games, the host controls (state %s)', (_mode, env) => {
  let t: TestApp;
  let f: LiveFixture;
  let settings: LiveSettings;
  const defaults = new LiveSettings();

  beforeAll(async () => {
    t = await startTestApp(env);
    f = await liveFixture(t, 'hc');
    settings = t.app.get(LiveSettings);
  });
  afterAll(async () => t?.close());

  const singles = () => [...f.questions.values()].filter((q) => q.type === 'single') as QuestionSnapshot[];

  async function hostAndPlayers(sockets: Sockets, nicknames: string[]) {
    const picked = singles().slice(0, 2);
    const res = await t.http
      .post('/api/v1/live-games')
      .set('Authorization', `Bearer ${f.organizer.token}`)
      .send({
        title: 'Điều khiển thử',
        bankId: f.bankId,
        questionCount: 2,
        questionTimeSeconds: 20,
        questionIds: picked.map((q) => q.questionId),
      })
      .expect(201);
    const { gameId, pin } = res.body as { gameId: string; pin: string };
    const host = sockets.connect(t.baseUrl, f.organizer.token);
    await connected(host);
    await ok(call<HostView>(host, 'host:open', { gameId }));
    const players: { socket: LiveClient; join: PlayerJoinResult }[] = [];
    for (const nickname of nicknames) {
      const socket = sockets.connect(t.baseUrl);
      await connected(socket);
      players.push({ socket, join: await ok(call<PlayerJoinResult>(socket, 'player:join', { pin, nickname })) });
    }
    return { gameId, pin, host, players, questions: picked };
  }

  /** The host reloads: a new socket opens the same game. */
  async function reopen(sockets: Sockets, gameId: string): Promise<HostView> {
    const again = sockets.connect(t.baseUrl, f.organizer.token);
    await connected(again);
    return ok(call<HostView>(again, 'host:open', { gameId }));
  }

  it('holds a question while paused (no close past its deadline, answers timed at the pause) and moves its deadline on resume', async () => {
    const sockets = new Sockets();
    const clock = t.app.get(Clock);
    let offset = 0;
    const spy = jest.spyOn(clock, 'nowMs').mockImplementation(() => Date.now() + offset);
    try {
      const { gameId, host, players, questions } = await hostAndPlayers(sockets, ['An', 'Bình']);
      const [an, binh] = players as [(typeof players)[0], (typeof players)[0]];
      const shown = await ok(call<LiveGameState>(host, 'host:start', {}));
      const deadline = shown.question!.deadline;
      await ok(
        call(an.socket, 'player:answer', { questionIndex: 0, ...answerFor(questions[0]!, true), clientAnswerId: 'a0' }),
      );

      // The host hears how many have answered (each tick, when it moved).
      const count = next(host, 'question:answers');
      await t.app.get(LiveGameEngine).tick();
      expect(await count).toEqual({ index: 0, answered: 1 });

      const toldPaused = next(binh.socket, 'game:state', (s) => s.pausedByHost);
      const paused = await ok(call<LiveGameState>(host, 'host:pause', {}));
      expect(paused).toMatchObject({ status: 'question', paused: true, pausedByHost: true });
      expect(paused.remainingMs).toBeGreaterThan(15_000);
      expect(paused.remainingMs).toBeLessThanOrEqual(20_000);
      expect((await toldPaused).pausedByHost).toBe(true);

      // A minute later by the server's clock: far past the deadline and the grace, and nothing has closed.
      offset = 60_000;
      await t.app.get(LiveGameEngine).tick();
      expect(await errorCode(call(host, 'host:next', {}))).toBe('GAME_STATE_INVALID');
      expect(await errorCode(call(host, 'host:pause', {}))).toBe('GAME_STATE_INVALID');
      // An answer sent while the question is held counts as given at the pause.
      await ok(
        call(binh.socket, 'player:answer', {
          questionIndex: 0,
          ...answerFor(questions[0]!, false),
          clientAnswerId: 'b0',
        }),
      );
      const view = await reopen(sockets, gameId);
      expect(view.state).toMatchObject({ status: 'question', questionIndex: 0, pausedByHost: true });
      expect(view.state.remainingMs).toBe(paused.remainingMs);

      const toldResumed = next(an.socket, 'game:state', (s) => !s.paused);
      const resumed = await ok(call<LiveGameState>(host, 'host:resume', {}));
      expect(resumed).toMatchObject({ status: 'question', paused: false, pausedByHost: false, remainingMs: null });
      // The deadline moved by the minute it stood still (and a little time passed before the pause).
      expect(resumed.question!.deadline).toBeGreaterThanOrEqual(deadline + 60_000 - 1000);
      expect(resumed.question!.deadline).toBeLessThanOrEqual(deadline + 60_000 + 1000);
      expect((await toldResumed).question!.deadline).toBe(resumed.question!.deadline);
      expect(await errorCode(call(host, 'host:resume', {}))).toBe('GAME_STATE_INVALID');

      const board = next(host, 'leaderboard:update');
      await ok(call(host, 'host:next', {}));
      expect(await board).toMatchObject({ index: 0, answeredCount: 2, playerCount: 2 });
    } finally {
      spy.mockRestore();
      sockets.closeAll();
    }
  });

  it('pauses between questions: next waits for resume, and a host reload keeps the pause', async () => {
    const sockets = new Sockets();
    try {
      const { gameId, host } = await hostAndPlayers(sockets, ['Chi']);
      const paused = await ok(call<LiveGameState>(host, 'host:pause', {}));
      expect(paused).toMatchObject({ status: 'lobby', pausedByHost: true, remainingMs: null });
      expect(await errorCode(call(host, 'host:start', {}))).toBe('GAME_STATE_INVALID');
      // A reload ends a pause for the host's absence, never one the host asked for.
      expect((await reopen(sockets, gameId)).state.pausedByHost).toBe(true);
      await ok(call(host, 'host:resume', {}));
      expect((await ok(call<LiveGameState>(host, 'host:start', {}))).status).toBe('question');
    } finally {
      sockets.closeAll();
    }
  });

  it('sends how many chose each option at the close, and gives a reloading host the board and then the podium', async () => {
    const sockets = new Sockets();
    try {
      const { gameId, host, players, questions } = await hostAndPlayers(sockets, ['Dũng', 'Giang', 'Hải']);
      await ok(call(host, 'host:start', {}));
      const q = questions[0]!;
      const right = answerFor(q, true).optionIds![0]!;
      const wrong = answerFor(q, false).optionIds![0]!;
      const choices = [right, wrong, right];
      for (const [i, p] of players.entries()) {
        await ok(
          call(p.socket, 'player:answer', { questionIndex: 0, optionIds: [choices[i]], clientAnswerId: `d${i}` }),
        );
      }
      const board = next(players[0]!.socket, 'leaderboard:update');
      await ok(call(host, 'host:next', {}));
      const expected = q.options!.map((o) => choices.filter((c) => c === o.id).length);
      const got: LiveLeaderboard = await board;
      expect(got.distribution).toEqual(expected);
      expect(got.answer.optionIds).toEqual([right]);

      const view = await reopen(sockets, gameId);
      expect(view.state.status).toBe('result');
      expect(view.board).toMatchObject({ index: 0, distribution: expected, answeredCount: 3 });
      expect(view.lastQuestion?.options.map((o) => o.id)).toEqual(q.options!.map((o) => o.id));
      expect(view.board!.top.map((r) => r.nickname).sort()).toEqual(['Dũng', 'Giang', 'Hải'].sort());
      expect(view.ended).toBeNull();

      await ok(call(host, 'host:end', {}));
      const after = await reopen(sockets, gameId);
      expect(after.state.status).toBe('ended');
      expect(after.ended!.podium).toHaveLength(3);
      expect(after.ended!.podium[2]!.nickname).toBe('Giang');
    } finally {
      sockets.closeAll();
    }
  });

  it('gives a player extra time from the host socket: they answer after the common deadline, the view shows it', async () => {
    const sockets = new Sockets();
    const clock = t.app.get(Clock);
    let offset = 0;
    const spy = jest.spyOn(clock, 'nowMs').mockImplementation(() => Date.now() + offset);
    try {
      const { gameId, host, players, questions } = await hostAndPlayers(sockets, ['Khánh', 'Lan']);
      const [khanh, lan] = players as [(typeof players)[0], (typeof players)[0]];
      expect(await ok(call(host, 'host:extra-time', { playerId: lan.join.playerId, seconds: 30 }))).toEqual({
        playerId: lan.join.playerId,
        extraTimeMs: 30_000,
      });
      expect(await errorCode(call(host, 'host:extra-time', { playerId: lan.join.playerId, seconds: 301 }))).toBe(
        'VALIDATION_FAILED',
      );
      expect(
        await errorCode(call(lan.socket, 'host:extra-time', { playerId: lan.join.playerId, seconds: 30 })),
      ).not.toBe('ok');
      const view = await reopen(sockets, gameId);
      expect(view.players.find((p) => p.playerId === lan.join.playerId)?.extraTimeMs).toBe(30_000);
      await ok(call(host, 'host:start', {}));
      offset = 20_000 + defaults.graceMs + 1000;
      const late = { questionIndex: 0, ...answerFor(questions[0]!, true) };
      expect(await errorCode(call(khanh.socket, 'player:answer', { ...late, clientAnswerId: 'k' }))).toBe(
        'QUESTION_NOT_ACTIVE',
      );
      await ok(call(lan.socket, 'player:answer', { ...late, clientAnswerId: 'l' }));
    } finally {
      spy.mockRestore();
      sockets.closeAll();
    }
  });

  it('tells the host how many players are waiting after RATE_LIMITED, until they get in or leave', async () => {
    const sockets = new Sockets();
    const engine = t.app.get(LiveGameEngine);
    try {
      const { gameId, pin, host } = await hostAndPlayers(sockets, []);
      settings.joinBurst = 2;
      settings.joinPerSecond = 0.001;
      const waiting: LiveClient[] = [];
      const codes: string[] = [];
      for (let i = 0; i < 5; i++) {
        const s = sockets.connect(t.baseUrl);
        await connected(s);
        const code = await errorCode(call(s, 'player:join', { pin, nickname: `Chờ ${i}` }));
        codes.push(code);
        if (code === 'RATE_LIMITED') waiting.push(s);
      }
      expect(codes).toEqual(['ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
      // A retry of the same client is still one waiting player.
      expect(await errorCode(call(waiting[0]!, 'player:join', { pin, nickname: 'Chờ 2' }))).toBe('RATE_LIMITED');

      let told = next(host, 'lobby:waiting');
      await engine.tick();
      expect(await told).toEqual({ waiting: 3 });
      expect((await reopen(sockets, gameId)).waiting).toBe(3);

      told = next(host, 'lobby:waiting');
      const gone = waiting.shift()!;
      gone.close();
      await new Promise((r) => setTimeout(r, 100));
      await engine.tick();
      expect(await told).toEqual({ waiting: 2 });

      settings.joinBurst = defaults.joinBurst;
      settings.joinPerSecond = defaults.joinPerSecond;
      engine.joinLimiter.sweep(Number.POSITIVE_INFINITY);
      for (const [i, s] of waiting.entries()) await ok(call(s, 'player:join', { pin, nickname: `Vào ${i}` }));
      told = next(host, 'lobby:waiting');
      await engine.tick();
      expect(await told).toEqual({ waiting: 0 });
    } finally {
      settings.joinBurst = defaults.joinBurst;
      settings.joinPerSecond = defaults.joinPerSecond;
      engine.joinLimiter.sweep(Number.POSITIVE_INFINITY);
      sockets.closeAll();
    }
  });

  it('lists the games a host may open: their own and the shared ones, not another organizer’s', async () => {
    const mine = await t.http
      .post('/api/v1/live-games')
      .set('Authorization', `Bearer ${f.organizer.token}`)
      .send({ title: 'Của tôi', bankId: f.bankId, questionCount: 1, questionTimeSeconds: 10 })
      .expect(201);
    const theirs = await t.http
      .post('/api/v1/live-games')
      .set('Authorization', `Bearer ${f.otherOrganizer.token}`)
      .send({ title: 'Của người khác', bankId: f.bankId, questionCount: 1, questionTimeSeconds: 10 })
      .expect(201);
    const list = await t.http
      .get('/api/v1/live-games?pageSize=100')
      .set('Authorization', `Bearer ${f.organizer.token}`)
      .expect(200);
    const ids = (list.body.items as { gameId: string }[]).map((g) => g.gameId);
    expect(ids[0]).toBe(mine.body.gameId);
    expect(ids).not.toContain(theirs.body.gameId);
    expect(list.body.items[0]).toMatchObject({ title: 'Của tôi', status: 'lobby', questionCount: 1, shared: false });
    await t.http.get('/api/v1/live-games').set('Authorization', `Bearer ${f.participant.token}`).expect(403);
    await t.http.get('/api/v1/live-games?pageSize=500').set('Authorization', `Bearer ${f.organizer.token}`).expect(400);
  });
});
