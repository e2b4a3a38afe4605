import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import {
  type LiveGameConfig,
  type LiveGameRuntime,
  type LivePlayerRecord,
  LiveStateStore,
  MemoryLiveStateStore,
  RedisLiveStateStore,
} from '../../../libs/live-contest/src/index.js';
import { describeNeeding, REDIS_URL } from '../../support/requirements.js';

// Without REDIS_URL the Redis adapter's cases are skipped, and say so; the connection is made only with it.
const redis = REDIS_URL ? new Redis(REDIS_URL, { maxRetriesPerRequest: 2 }) : null!;
afterAll(async () => {
  await redis?.quit();
});

const adapters: [string, () => LiveStateStore][] = [
  ['in-process', () => new MemoryLiveStateStore()],
  ['Redis', () => new RedisLiveStateStore(redis, `test-live-${randomUUID().slice(0, 8)}`)],
];

function newGame(overrides: Partial<LiveGameConfig> = {}): { config: LiveGameConfig; runtime: LiveGameRuntime } {
  const gameId = randomUUID();
  return {
    config: {
      gameId,
      pin: String(100000 + Math.floor(Math.random() * 900000)),
      title: 'Đố vui',
      hostUserId: randomUUID(),
      scoring: 'speed',
      streaks: true,
      questionTimeMs: 20_000,
      maxPlayers: 3,
      questions: [],
      ...overrides,
    },
    runtime: {
      version: 0,
      status: 'lobby',
      questionIndex: -1,
      shownAt: 0,
      deadline: 0,
      closesAt: 0,
      maxExtraMs: 0,
      hostSeenAt: 1000,
      paused: false,
      endedAt: 0,
    },
  };
}

function player(nickname: string, overrides: Partial<LivePlayerRecord> = {}): LivePlayerRecord {
  return {
    id: randomUUID(),
    seq: Date.now(),
    nickname,
    tokenHash: 'ab'.repeat(32),
    score: 0,
    streak: 0,
    correctCount: 0,
    correctTimeMs: 0,
    extraMs: 0,
    kicked: false,
    last: null,
    ...overrides,
  };
}

const answer = (clientAnswerId: string, points = 900) => ({ clientAnswerId, correct: true, points, elapsedMs: 2000 });

for (const [name, make] of adapters)
  describeNeeding(name === 'Redis' ? { REDIS_URL } : {})(`LiveStateStore contract (${name})`, () => {
    it('creates a game once and finds it by PIN', async () => {
      const store = make();
      const { config, runtime } = newGame();
      expect(await store.createGame(config, runtime)).toBe(true);
      expect(await store.createGame(config, runtime)).toBe(false);
      expect(await store.gameIdByPin(config.pin)).toBe(config.gameId);
      expect((await store.getConfig(config.gameId))?.title).toBe('Đố vui');
      expect(await store.getRuntime(config.gameId)).toMatchObject({ status: 'lobby', version: 0, hostSeenAt: 1000 });
      expect(await store.activeGameIds()).toContain(config.gameId);
    });

    it('lets exactly one of two transitions from the same version win', async () => {
      const store = make();
      const { config, runtime } = newGame();
      await store.createGame(config, runtime);
      const [a, b] = await Promise.all([
        store.transition(config.gameId, 0, { ...runtime, status: 'question', questionIndex: 0 }),
        store.transition(config.gameId, 0, { ...runtime, status: 'ended' }),
      ]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect((await store.getRuntime(config.gameId))!.version).toBe(1);
    });

    it('keeps the host heartbeat apart from transitions', async () => {
      const store = make();
      const { config, runtime } = newGame();
      await store.createGame(config, runtime);
      await store.touchHost(config.gameId, 5000);
      const after = await store.transition(config.gameId, 0, { ...runtime, paused: true });
      expect(after).not.toBeNull();
      expect((await store.getRuntime(config.gameId))!.hostSeenAt).toBe(5000);
    });

    it('refuses a nickname taken in another case and a player beyond the cap', async () => {
      const store = make();
      const { config, runtime } = newGame();
      await store.createGame(config, runtime);
      expect(await store.addPlayer(config.gameId, player('Minh Anh'), 3)).toEqual({ ok: true, playerCount: 1 });
      expect(await store.addPlayer(config.gameId, player('MINH ANH'), 3)).toEqual({
        ok: false,
        code: 'NICKNAME_TAKEN',
      });
      await store.addPlayer(config.gameId, player('Bình'), 3);
      await store.addPlayer(config.gameId, player('Binh'), 3);
      expect(await store.addPlayer(config.gameId, player('Châu'), 3)).toEqual({ ok: false, code: 'GAME_FULL' });
      expect(await store.playerCount(config.gameId)).toBe(3);
    });

    it('refuses look-alikes of a taken nickname and keeps Vietnamese diacritics apart', async () => {
      const store = make();
      const { config, runtime } = newGame();
      await store.createGame(config, runtime);
      const join = (nickname: string) => store.addPlayer(config.gameId, player(nickname), 100);
      expect(await join('Bob')).toMatchObject({ ok: true });
      for (const lookAlike of ['Ｂｏｂ', 'Воb', 'ВОВ', 'B0b'])
        expect(await join(lookAlike)).toEqual({ ok: false, code: 'NICKNAME_TAKEN' });
      for (const name of ['Hoa', 'Hòa', 'Hóa', 'Hỏa', 'Đức', 'Duc'])
        expect(await join(name)).toMatchObject({ ok: true });
      expect(await join('HÒA')).toEqual({ ok: false, code: 'NICKNAME_TAKEN' });
      expect(await store.playerCount(config.gameId)).toBe(7);
    });

    it('admits exactly the cap when many join at once', async () => {
      const store = make();
      const { config, runtime } = newGame();
      await store.createGame(config, runtime);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.addPlayer(config.gameId, player(`P${i}`), 3)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(3);
    });

    it('counts an answer once: a retry is a duplicate, another answer is refused, a closed question takes none', async () => {
      const store = make();
      const { config, runtime } = newGame();
      await store.createGame(config, runtime);
      const p = player('An');
      const q = player('Bảo');
      await store.addPlayer(config.gameId, p, 3);
      await store.addPlayer(config.gameId, q, 3);
      expect(await store.recordAnswer(config.gameId, 0, p.id, answer('a1'))).toEqual({ outcome: 'closed' });
      await store.openAnswers(config.gameId, 0);
      expect(await store.recordAnswer(config.gameId, 0, p.id, answer('a1'))).toEqual({ outcome: 'accepted' });
      expect(await store.recordAnswer(config.gameId, 0, p.id, answer('a1'))).toEqual({ outcome: 'duplicate' });
      expect(await store.recordAnswer(config.gameId, 0, p.id, answer('a2'))).toEqual({ outcome: 'already_answered' });
      expect(await store.recordAnswer(config.gameId, 1, p.id, answer('a3'))).toEqual({ outcome: 'closed' });
      expect(await store.answerIdOf(config.gameId, 0, p.id)).toBe('a1');
      expect(await store.closeAnswers(config.gameId, 0)).toBe(true);
      const answers = await store.answersTo(config.gameId, 0);
      expect([...answers.keys()]).toEqual([p.id]);
      expect(answers.get(p.id)).toEqual({ correct: true, points: 900, elapsedMs: 2000 });
      expect(await store.recordAnswer(config.gameId, 0, q.id, answer('b1'))).toEqual({ outcome: 'closed' });
      expect(await store.recordAnswer(config.gameId, 0, p.id, answer('a1'))).toEqual({ outcome: 'duplicate' });
      expect(await store.closeAnswers(config.gameId, 0)).toBe(false);
      expect((await store.answersTo(config.gameId, 0)).size).toBe(1);
      expect((await store.answersTo('no-such-game', 0)).size).toBe(0);
    });

    it('records exactly one answer per player when the same player sends many at once', async () => {
      const store = make();
      const { config, runtime } = newGame();
      await store.createGame(config, runtime);
      const p = player('An');
      await store.addPlayer(config.gameId, p, 3);
      await store.openAnswers(config.gameId, 0);
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.recordAnswer(config.gameId, 0, p.id, answer(`c${i}`))),
      );
      expect(outcomes.filter((o) => o.outcome === 'accepted')).toHaveLength(1);
      expect(await store.answerCount(config.gameId, 0)).toBe(1);
    });

    it('saves a question’s scores once, and keeps kicks and extra time written meanwhile', async () => {
      const store = make();
      const { config, runtime } = newGame();
      await store.createGame(config, runtime);
      const p = player('An');
      await store.addPlayer(config.gameId, p, 3);
      const stale = (await store.listPlayers(config.gameId))[0]!;
      await store.setKicked(config.gameId, p.id);
      await store.setExtraTime(config.gameId, p.id, 15_000);
      const scored = {
        ...stale,
        score: 950,
        streak: 1,
        correctCount: 1,
        last: { index: 0, answered: true, correct: true, points: 950, rank: 1 },
      };
      expect(await store.saveScores(config.gameId, 0, [scored])).toBe(true);
      expect(await store.saveScores(config.gameId, 0, [{ ...scored, score: 1900 }])).toBe(false);
      expect(await store.getPlayer(config.gameId, p.id)).toMatchObject({
        score: 950,
        kicked: true,
        extraMs: 15_000,
        last: { index: 0, rank: 1 },
        nickname: 'An',
      });
    });

    it('saves the scores of thousands of players in one call, every one of them', async () => {
      const store = make();
      const { config, runtime } = newGame();
      await store.createGame(config, runtime);
      const players = Array.from({ length: 2501 }, (_, i) => player(`P${i}`));
      await Promise.all(players.map((p) => store.addPlayer(config.gameId, p, 5000)));
      const last = { index: 0, answered: true, correct: true, points: 1, rank: 1 };
      expect(
        await store.saveScores(
          config.gameId,
          0,
          players.map((p, i) => ({ ...p, score: i, last })),
        ),
      ).toBe(true);
      const saved = await store.scoresOf(
        config.gameId,
        players.map((p) => p.id),
      );
      expect(saved.map((s) => s?.score)).toEqual(players.map((_, i) => i));
      expect(await store.saveScores(config.gameId, 1, [])).toBe(true);
    });

    it('reads what an answer needs in one call, as it reads the runtime and the player apart', async () => {
      const store = make();
      const { config, runtime } = newGame();
      await store.createGame(config, runtime);
      const p = player('Bình');
      const q = player('Cúc');
      await store.addPlayer(config.gameId, p, 3);
      await store.addPlayer(config.gameId, q, 3);
      await store.setExtraTime(config.gameId, p.id, 5_000);
      await store.setKicked(config.gameId, q.id);
      await store.touchHost(config.gameId, 1234);
      const context = await store.answerContext(config.gameId, p.id);
      expect(context.runtime).toEqual(await store.getRuntime(config.gameId));
      expect(context.runtime?.hostSeenAt).toBe(1234);
      expect(context.player).toEqual({ kicked: false, extraMs: 5_000 });
      expect((await store.answerContext(config.gameId, q.id)).player).toEqual({ kicked: true, extraMs: 0 });
      expect(await store.answerContext(config.gameId, 'someone-else')).toEqual({
        runtime: context.runtime,
        player: null,
      });
      expect(await store.answerContext('no-such-game', p.id)).toEqual({ runtime: null, player: null });
    });

    it('reads the scores of some players only, in the order asked', async () => {
      const store = make();
      const { config, runtime } = newGame();
      await store.createGame(config, runtime);
      const [a, b, c] = [player('An'), player('Bảo'), player('Chi')];
      for (const p of [a, b, c]) await store.addPlayer(config.gameId, p, 5);
      const last = { index: 0, answered: true, correct: true, points: 900, rank: 1 };
      await store.saveScores(config.gameId, 0, [
        { ...a, score: 900, streak: 1, correctCount: 1, correctTimeMs: 1200, last },
        {
          ...b,
          score: 0,
          streak: 0,
          correctCount: 0,
          correctTimeMs: 0,
          last: { ...last, correct: false, points: 0, rank: 2 },
        },
        c,
      ]);
      const [sc, missing, sa] = await store.scoresOf(config.gameId, [c.id, 'someone-else', a.id]);
      expect(sa).toEqual({ score: 900, streak: 1, correctCount: 1, correctTimeMs: 1200, last });
      expect(missing).toBeNull();
      expect(sc).toMatchObject({ score: 0, last: null });
      expect(await store.scoresOf(config.gameId, [])).toEqual([]);
      expect(await store.scoresOf('no-such-game', [a.id])).toEqual([null]);
    });

    it('moves the roster version with joins, kicks and extra time, not with scores, and lists players only when it moved', async () => {
      const store = make();
      const { config, runtime } = newGame();
      await store.createGame(config, runtime);
      const a = player('An');
      await store.addPlayer(config.gameId, a, 10);
      const first = await store.rosterSince(config.gameId, null);
      expect(first.players?.map((p) => p.id)).toEqual([a.id]);
      expect(await store.rosterSince(config.gameId, first.version)).toEqual({ version: first.version, players: null });
      // Scores are the closer's own write: they leave the roster where it was.
      await store.saveScores(config.gameId, 0, [{ ...a, score: 500 }]);
      expect((await store.rosterSince(config.gameId, first.version)).players).toBeNull();
      // A refused join (nickname taken) changes nothing either.
      await store.addPlayer(config.gameId, player('an'), 10);
      expect((await store.rosterSince(config.gameId, first.version)).players).toBeNull();
      const b = player('Bình');
      let known = first.version;
      for (const change of [
        () => store.addPlayer(config.gameId, b, 10),
        () => store.setKicked(config.gameId, b.id),
        () => store.setExtraTime(config.gameId, a.id, 5000),
      ]) {
        await change();
        const next = await store.rosterSince(config.gameId, known);
        expect(next.version).not.toBe(known);
        expect(next.players).not.toBeNull();
        known = next.version;
      }
      const last = (await store.rosterSince(config.gameId, null)).players!;
      expect(last.find((p) => p.id === a.id)).toMatchObject({ score: 500, extraMs: 5000, kicked: false });
      expect(last.find((p) => p.id === b.id)).toMatchObject({ kicked: true });
    });

    it('gives the lease to one owner until it lapses, then to another', async () => {
      const store = make();
      const { config, runtime } = newGame();
      await store.createGame(config, runtime);
      expect(await store.acquireLease(config.gameId, 'a', 200)).toBe(true);
      expect(await store.acquireLease(config.gameId, 'a', 200)).toBe(true);
      if (store instanceof MemoryLiveStateStore) return; // one process owns every game it has
      expect(await store.acquireLease(config.gameId, 'b', 200)).toBe(false);
      await new Promise((r) => setTimeout(r, 300));
      expect(await store.acquireLease(config.gameId, 'b', 200)).toBe(true);
      await store.releaseLease(config.gameId, 'a');
      expect(await store.acquireLease(config.gameId, 'a', 200)).toBe(false);
    });

    it('forgets a removed game and frees its PIN', async () => {
      const store = make();
      const { config, runtime } = newGame();
      await store.createGame(config, runtime);
      await store.addPlayer(config.gameId, player('An'), 3);
      await store.removeGame(config.gameId);
      expect(await store.getRuntime(config.gameId)).toBeNull();
      expect(await store.gameIdByPin(config.pin)).toBeNull();
      expect(await store.activeGameIds()).not.toContain(config.gameId);
      expect(await store.playerCount(config.gameId)).toBe(0);
    });
  });
