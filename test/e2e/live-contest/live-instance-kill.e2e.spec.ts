import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import request from 'supertest';
import type {
  LiveQuestionResult,
  PlayerAnswerResult,
  PlayerJoinResult,
  QuestionSnapshot,
} from '../../../libs/contracts/src/index.js';
import { deploymentKey } from '../../../libs/live-contest/src/index.js';
import { type ApiProcess, waitFor } from '../../support/api-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { describeNeeding, REDIS_URL } from '../../support/requirements.js';
import {
  answerAs,
  answerFor,
  call,
  connected,
  type LiveClient,
  type LiveFixture,
  liveFixtureFor,
  next,
  ok,
  Sockets,
  startLiveInstances,
} from './live-support.js';

// Several instances share a game only through Redis; without it there is nothing to fail over to.
describeNeeding({ REDIS_URL })('live games: SIGKILL of the instance driving the clock', () => {
  let database: TestDatabase;
  let redis: Redis;
  let f: LiveFixture;
  const children: ApiProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = new Redis(REDIS_URL!);
    f = await liveFixtureFor(database, 'kill');
    children.push(...(await startLiveInstances(database.url, REDIS_URL!, ['a', 'b'])));
  }, 240_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill('SIGKILL')));
    redis?.disconnect();
    await database?.drop();
  });

  it('moves the killed instance’s players and host to the survivor, which takes the clock over; scores exact, nothing counted twice', async () => {
    const [a, b] = children as [ApiProcess, ApiProcess];
    const sockets = new Sockets();
    const api = (instance: ApiProcess) => request(instance.baseUrl);
    try {
      const questions = [...f.questions.values()].filter((q) => q.type === 'single').slice(0, 3) as QuestionSnapshot[];
      const created = await api(a)
        .post('/api/v1/live-games')
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .send({
          title: 'Máy chết giữa câu',
          bankId: f.bankId,
          questionCount: 3,
          // Long enough for the resumes and the lease takeover to happen while question 2 is still open.
          questionTimeSeconds: 25,
          questionIds: questions.map((q) => q.questionId),
          scoring: 'accuracy',
          streaks: true,
        })
        .expect(201);
      const { gameId, pin } = created.body as { gameId: string; pin: string };

      const join = async (on: ApiProcess, nickname: string) => {
        const socket = sockets.connect(on.baseUrl);
        await connected(socket);
        return { socket, join: await ok(call<PlayerJoinResult>(socket, 'player:join', { pin, nickname })) };
      };
      // Two players on each instance. Joining loads the game into Redis; an instance then takes its clock lease.
      const players = {
        a1: await join(a, 'Người A1'),
        a2: await join(a, 'Người A2'),
        b1: await join(b, 'Người B1'),
        b2: await join(b, 'Người B2'),
      };
      const leaseKey = `live:${deploymentKey(database.url)}:{${gameId}}:lease`;
      const holder = await waitFor('a clock lease', async () => (await redis.get(leaseKey)) ?? undefined);
      const doomed = holder.startsWith('a-') ? a : b;
      const survivor = doomed === a ? b : a;
      const [d1, d2, s1, s2] =
        doomed === a
          ? [players.a1, players.a2, players.b1, players.b2]
          : [players.b1, players.b2, players.a1, players.a2];

      // The host too is on the instance that will die.
      const host = sockets.connect(doomed.baseUrl, f.organizer.token);
      await connected(host);
      await ok(call(host, 'host:open', { gameId }));
      const all = [d1, d2, s1, s2];
      const answer = (socket: LiveClient, index: number, right: boolean, clientAnswerId: string) =>
        answerAs(socket, questions, index, right, clientAnswerId);

      // Question 1, closed by the host: d1, s1, s2 right; d2 wrong.
      let shows = all.map((p) => next(p.socket, 'question:show', (s) => s.index === 0));
      await ok(call(host, 'host:start', {}));
      await Promise.all(shows);
      await answer(d1.socket, 0, true, 'd1-0');
      await answer(d2.socket, 0, false, 'd2-0');
      await answer(s1.socket, 0, true, 's1-0');
      await answer(s2.socket, 0, true, 's2-0');
      let results = all.map((p) => next(p.socket, 'question:result', (r) => r.index === 0));
      await ok(call(host, 'host:next', {}));
      expect((await Promise.all(results)).map((r) => r.total)).toEqual([1000, 0, 1000, 1000]);

      // Question 2 is on screen; d1 and s1 answer (right), then the instance holding the lease dies.
      shows = all.map((p) => next(p.socket, 'question:show', (s) => s.index === 1));
      await ok(call(host, 'host:next', {}));
      await Promise.all(shows);
      await answer(d1.socket, 1, true, 'd1-1');
      await answer(s1.socket, 1, true, 's1-1');

      const dropped = [d1.socket, d2.socket, host].map((s) => new Promise((r) => s.once('disconnect', r)));
      await doomed.kill('SIGKILL');
      await Promise.all(dropped);
      expect(doomed.alive).toBe(false);

      // Its players come back on the survivor with their resume tokens, scores intact.
      const resume = async (p: typeof d1) => {
        const socket = sockets.connect(survivor.baseUrl);
        await connected(socket);
        const result = next(socket, 'question:result', (r) => r.index === 1);
        const back = await ok(
          call<PlayerJoinResult>(socket, 'player:join', { pin, nickname: 'x', resumeToken: p.join.resumeToken }),
        );
        return { socket, back, result };
      };
      const d1Back = await resume(d1);
      const d2Back = await resume(d2);
      expect(d1Back.back.playerId).toBe(d1.join.playerId);
      expect(d2Back.back.playerId).toBe(d2.join.playerId);
      expect(d1Back.back.state.you).toMatchObject({ score: 1000, answeredCurrent: true });
      expect(d2Back.back.state.you).toMatchObject({ score: 0, answeredCurrent: false });
      expect(d1Back.back.state).toMatchObject({ status: 'question', questionIndex: 1 });

      // Resends of answers already counted (by the dead instance and by the survivor) count once.
      const resend = { questionIndex: 1, ...answerFor(questions[1]!, true) };
      expect(
        await ok(call<PlayerAnswerResult>(d1Back.socket, 'player:answer', { ...resend, clientAnswerId: 'd1-1' })),
      ).toMatchObject({ duplicate: true });
      expect(
        await ok(call<PlayerAnswerResult>(s1.socket, 'player:answer', { ...resend, clientAnswerId: 's1-1' })),
      ).toMatchObject({ duplicate: true });
      expect(await answer(d2Back.socket, 1, true, 'd2-1')).toMatchObject({ duplicate: false });
      await answer(s2.socket, 1, false, 's2-1');

      // The lease of the dead instance runs out and the survivor takes the game's clock.
      const newHolder = await waitFor('the survivor to take the lease', async () => {
        const owner = await redis.get(leaseKey);
        return owner?.startsWith(`${survivor.name}-`) ? owner : undefined;
      });
      expect(newHolder).not.toBe(holder);

      // Nobody presses "next": question 2 closes on the clock, on the survivor, for every player.
      const hostBack = sockets.connect(survivor.baseUrl, f.organizer.token);
      await connected(hostBack);
      await ok(call(hostBack, 'host:open', { gameId }));
      const board = next(s1.socket, 'leaderboard:update', (l) => l.index === 1);
      const own = (await Promise.all([
        d1Back.result,
        d2Back.result,
        next(s1.socket, 'question:result', (r) => r.index === 1),
        next(s2.socket, 'question:result', (r) => r.index === 1),
      ])) as LiveQuestionResult[];
      // A right answer is 1000 (accuracy); the second right in a row adds 100.
      expect(own.map((r) => [r.points, r.total])).toEqual([
        [1100, 2100],
        [1000, 1000],
        [1100, 2100],
        [0, 1000],
      ]);
      expect(await board).toMatchObject({ answeredCount: 4, playerCount: 4 });

      // The game goes on to the end on the survivor.
      const live = [d1Back.socket, d2Back.socket, s1.socket, s2.socket];
      const shown = live.map((s) => next(s, 'question:show', (q) => q.index === 2));
      await ok(call(hostBack, 'host:next', {}));
      await Promise.all(shown);
      await answer(d1Back.socket, 2, false, 'd1-2');
      await answer(d2Back.socket, 2, true, 'd2-2');
      await answer(s1.socket, 2, true, 's1-2');
      results = live.map((s) => next(s, 'question:result', (r) => r.index === 2));
      await ok(call(hostBack, 'host:next', {}));
      expect((await Promise.all(results)).map((r) => r.total)).toEqual([2100, 2100, 3300, 1000]);
      const ended = next(s2.socket, 'game:ended');
      await ok(call(hostBack, 'host:end', {}));
      expect((await ended).podium.map((r) => r.score)).toEqual([3300, 2100, 2100]);

      const ranking = await api(survivor)
        .get(`/api/v1/live-games/${gameId}/results`)
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .expect(200);
      const scores = new Map(
        (ranking.body.players as { playerId: string; score: number; correctCount: number }[]).map((p) => [
          p.playerId,
          [p.score, p.correctCount],
        ]),
      );
      expect(scores).toEqual(
        new Map([
          [d1.join.playerId, [2100, 2]],
          [d2.join.playerId, [2100, 2]],
          [s1.join.playerId, [3300, 3]],
          [s2.join.playerId, [1000, 1]],
        ]),
      );
    } finally {
      sockets.closeAll();
    }
  }, 240_000);
});
