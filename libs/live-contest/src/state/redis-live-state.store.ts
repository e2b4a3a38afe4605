import type { ChainableCommander, Redis } from 'ioredis';
import { RedisScript } from '#core';
import { nicknameKeys } from '../nickname.js';
import {
  type AddPlayerOutcome,
  type AnswerContext,
  type LiveAnswerRecord,
  type LiveGameConfig,
  type LiveGameRuntime,
  type LivePlayerRecord,
  LiveStateStore,
  type PlayerScores,
  type RecordAnswerOutcome,
  type Roster,
  type ScoredAnswer,
} from './live-state.store.js';

/** A player's fields that never change, stored apart from their scores (`PlayerScores`). */
type Profile = Pick<LivePlayerRecord, 'id' | 'seq' | 'nickname' | 'tokenHash' | 'userId'>;

/** Every decision of the store, one script each (atomic on the server). */
const SCRIPTS = {
  liveCreate: new RedisScript<number>(
    `
      if redis.call('SET', KEYS[1], ARGV[1], 'NX') == false then return 0 end
      redis.call('SET', KEYS[2], ARGV[2])
      redis.call('SET', KEYS[3], ARGV[3])
      redis.call('SADD', KEYS[4], ARGV[3])
      return 1`,
    4, // cfg, runtime, pin, active
  ),
  liveTransition: new RedisScript<number>(
    `
      local cur = redis.call('GET', KEYS[1])
      if not cur then return 0 end
      if cjson.decode(cur).version ~= tonumber(ARGV[1]) then return 0 end
      redis.call('SET', KEYS[1], ARGV[2])
      return 1`,
    1, // runtime
  ),
  liveAddPlayer: new RedisScript<number | string>(
    `
      if ARGV[7] ~= '' then
        local mine = redis.call('HGET', KEYS[5], ARGV[7])
        if mine then
          if redis.call('SISMEMBER', KEYS[6], mine) == 1 then return -3 end
          -- The hash is hex and JSON escapes every quote inside a nickname: only the field itself can match.
          local profile = redis.call('HGET', KEYS[1], mine)
          redis.call('HSET', KEYS[1], mine,
            (string.gsub(profile, '"tokenHash":"%x*"', '"tokenHash":"' .. ARGV[8] .. '"', 1)))
          return mine
        end
      end
      if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[1]) then return -1 end
      if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 or redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then
        return -2
      end
      redis.call('HSET', KEYS[2], ARGV[2], ARGV[4], ARGV[3], ARGV[4])
      redis.call('HSET', KEYS[1], ARGV[4], ARGV[5])
      redis.call('HSET', KEYS[3], ARGV[4], ARGV[6])
      if ARGV[7] ~= '' then redis.call('HSET', KEYS[5], ARGV[7], ARGV[4]) end
      redis.call('INCR', KEYS[4])
      return redis.call('HLEN', KEYS[1])`,
    6, // players, nickname keys (nicknameKeys), scores, roster version, account → player, kicked
  ),
  liveAnswerContext: new RedisScript<[string | null, string | null, number, string | null, number]>(
    `
      return {
        redis.call('GET', KEYS[1]), redis.call('GET', KEYS[2]), redis.call('HEXISTS', KEYS[3], ARGV[1]),
        redis.call('HGET', KEYS[4], ARGV[1]), redis.call('SISMEMBER', KEYS[5], ARGV[1])
      }`,
    5, // runtime, host heartbeat, players, extra, kicked
  ),
  liveRecordAnswer: new RedisScript<number>(
    `
      local prev = redis.call('HGET', KEYS[2], ARGV[2])
      if prev then
        if prev == ARGV[3] then return 1 end
        return 2
      end
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 3 end
      redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
      redis.call('HSET', KEYS[3], ARGV[2], ARGV[4])
      return 0`,
    3, // open, client ids of the question, answers of the question
  ),
  liveClose: new RedisScript<number>(
    `
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        redis.call('DEL', KEYS[1])
        return 1
      end
      return 0`,
    1, // open
  ),
  liveSaveScores: new RedisScript<number>(
    `
      if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
      -- One HSET per thousand players rather than per player (unpack's limit is a few thousand values).
      for i = 2, #ARGV, 2000 do redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + 1999, #ARGV))) end
      return 1`,
    2, // scores, the scored-questions set
  ),
  liveLease: new RedisScript<number>(
    `
      if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
      end
      return 0`,
    1,
  ),
  liveRelease: new RedisScript<number>(
    `
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0`,
    1,
  ),
} as const;

/**
 * Multi-instance adapter: the game lives in Redis, every decision is one Lua script (atomic on the server), so two
 * instances taking answers for one game never count one twice or lose one. Keys carry the game id in a hash tag.
 */
export class RedisLiveStateStore extends LiveStateStore {
  readonly outlivesProcess = true;
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'live',
  ) {
    super();
  }

  private key(gameId: string, part: string): string {
    return `${this.prefix}:{${gameId}}:${part}`;
  }
  private pinKey(pin: string): string {
    return `${this.prefix}:pin:${pin}`;
  }
  private get activeKey(): string {
    return `${this.prefix}:active`;
  }

  async createGame(config: LiveGameConfig, runtime: LiveGameRuntime): Promise<boolean> {
    const { hostSeenAt, ...rest } = runtime;
    const created = await SCRIPTS.liveCreate.run(
      this.redis,
      this.key(config.gameId, 'cfg'),
      this.key(config.gameId, 'rt'),
      this.pinKey(config.pin),
      this.activeKey,
      JSON.stringify(config),
      JSON.stringify(rest),
      config.gameId,
    );
    if (created) await this.redis.set(this.key(config.gameId, 'host'), String(hostSeenAt));
    return created === 1;
  }

  async getConfig(gameId: string): Promise<LiveGameConfig | null> {
    const raw = await this.redis.get(this.key(gameId, 'cfg'));
    return raw ? (JSON.parse(raw) as LiveGameConfig) : null;
  }

  async getRuntime(gameId: string): Promise<LiveGameRuntime | null> {
    const [raw, host] = await this.redis.mget(this.key(gameId, 'rt'), this.key(gameId, 'host'));
    return this.runtimeFrom(raw, host);
  }

  private runtimeFrom(raw: string | null, host: string | null): LiveGameRuntime | null {
    return raw ? { ...(JSON.parse(raw) as LiveGameRuntime), hostSeenAt: Number(host ?? 0) } : null;
  }

  async gameIdByPin(pin: string): Promise<string | null> {
    return this.redis.get(this.pinKey(pin));
  }

  async transition(
    gameId: string,
    expectedVersion: number,
    next: Omit<LiveGameRuntime, 'version'>,
  ): Promise<LiveGameRuntime | null> {
    const { hostSeenAt, ...rest } = next;
    const runtime = { ...rest, version: expectedVersion + 1 };
    const ok = await SCRIPTS.liveTransition.run(
      this.redis,
      this.key(gameId, 'rt'),
      expectedVersion,
      JSON.stringify(runtime),
    );
    return ok === 1 ? { ...runtime, hostSeenAt } : null;
  }

  async touchHost(gameId: string, at: number): Promise<void> {
    await this.redis.set(this.key(gameId, 'host'), String(at));
  }

  async addPlayer(gameId: string, player: LivePlayerRecord, maxPlayers: number): Promise<AddPlayerOutcome> {
    const profile: Profile = { id: player.id, seq: player.seq, nickname: player.nickname, tokenHash: player.tokenHash };
    if (player.userId) profile.userId = player.userId;
    const scores: PlayerScores = {
      score: player.score,
      streak: player.streak,
      correctCount: player.correctCount,
      correctTimeMs: player.correctTimeMs,
      last: player.last,
    };
    const result = await SCRIPTS.liveAddPlayer.run(
      this.redis,
      this.key(gameId, 'players'),
      this.key(gameId, 'nicks'),
      this.key(gameId, 'scores'),
      this.key(gameId, 'roster'),
      this.key(gameId, 'users'),
      this.key(gameId, 'kicked'),
      maxPlayers,
      ...nicknameKeys(player.nickname),
      player.id,
      JSON.stringify(profile),
      JSON.stringify(scores),
      player.userId ?? '',
      player.tokenHash,
    );
    if (typeof result === 'string') return { ok: 'rejoined', playerId: result };
    if (result === -1) return { ok: false, code: 'GAME_FULL' };
    if (result === -2) return { ok: false, code: 'NICKNAME_TAKEN' };
    if (result === -3) return { ok: false, code: 'PLAYER_KICKED' };
    return { ok: true, playerCount: result };
  }

  private assemble(profile: string, scores: string | null, extra: string | null, kicked: boolean): LivePlayerRecord {
    const s = scores ? (JSON.parse(scores) as PlayerScores) : null;
    const { id, seq, nickname, tokenHash, userId } = JSON.parse(profile) as Profile;
    // Spelled out, not spread: 10,000 records built by spreading were twice as slow to sort at every close.
    return {
      id,
      seq,
      nickname,
      tokenHash,
      userId: userId ?? null,
      score: s?.score ?? 0,
      streak: s?.streak ?? 0,
      correctCount: s?.correctCount ?? 0,
      correctTimeMs: s?.correctTimeMs ?? 0,
      last: s?.last ?? null,
      extraMs: extra ? Number(extra) : 0,
      kicked,
    };
  }

  async getPlayer(gameId: string, playerId: string): Promise<LivePlayerRecord | null> {
    const res = await this.readPlayer(this.redis.multi(), gameId, playerId).exec();
    return this.playerFrom((res ?? []).map(([, value]) => value));
  }

  /** Queues the reads that make up one player (profile, scores, extra time, kicked) on a MULTI. */
  private readPlayer(multi: ChainableCommander, gameId: string, playerId: string): ChainableCommander {
    return multi
      .hget(this.key(gameId, 'players'), playerId)
      .hget(this.key(gameId, 'scores'), playerId)
      .hget(this.key(gameId, 'extra'), playerId)
      .sismember(this.key(gameId, 'kicked'), playerId);
  }

  private playerFrom(values: unknown[]): LivePlayerRecord | null {
    const [profile, scores, extra, kicked] = values as [string | null, string | null, string | null, number];
    return profile ? this.assemble(profile, scores, extra, kicked === 1) : null;
  }

  /** One script instead of a MULTI of six reads: every player sends an answer within the same two seconds. */
  async answerContext(gameId: string, playerId: string): Promise<AnswerContext> {
    // A Lua false (a missing key) arrives as null, so the array keeps its positions.
    const [raw, host, inGame, extra, kicked] = await SCRIPTS.liveAnswerContext.run(
      this.redis,
      this.key(gameId, 'rt'),
      this.key(gameId, 'host'),
      this.key(gameId, 'players'),
      this.key(gameId, 'extra'),
      this.key(gameId, 'kicked'),
      playerId,
    );
    return {
      runtime: this.runtimeFrom(raw, host),
      player: inGame === 1 ? { kicked: kicked === 1, extraMs: extra ? Number(extra) : 0 } : null,
    };
  }

  async scoresOf(gameId: string, playerIds: string[]): Promise<(PlayerScores | null)[]> {
    if (playerIds.length === 0) return [];
    const raw = await this.redis.hmget(this.key(gameId, 'scores'), ...playerIds);
    return raw.map((s) => (s ? (JSON.parse(s) as PlayerScores) : null));
  }

  async listPlayers(gameId: string): Promise<LivePlayerRecord[]> {
    const res = await this.redis
      .multi()
      .hgetall(this.key(gameId, 'players'))
      .hgetall(this.key(gameId, 'scores'))
      .hgetall(this.key(gameId, 'extra'))
      .smembers(this.key(gameId, 'kicked'))
      .exec();
    const [profiles, scores, extra, kicked] = (res ?? []).map(([, value]) => value) as [
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
      string[],
    ];
    const kickedSet = new Set(kicked);
    return Object.entries(profiles).map(([id, profile]) =>
      this.assemble(profile, scores[id] ?? null, extra[id] ?? null, kickedSet.has(id)),
    );
  }

  async rosterSince(gameId: string, knownRoster: number | null): Promise<Roster> {
    // The version is read before the players: a join in between is in the list and moves the version past the one
    // returned, so the caller reads the list again next time (never the other way round).
    const version = Number((await this.redis.get(this.key(gameId, 'roster'))) ?? 0);
    return { version, players: version === knownRoster ? null : await this.listPlayers(gameId) };
  }

  async playerCount(gameId: string): Promise<number> {
    return this.redis.hlen(this.key(gameId, 'players'));
  }

  async saveScores(gameId: string, index: number, players: LivePlayerRecord[]): Promise<boolean> {
    const fields: string[] = [];
    for (const p of players) {
      const s: PlayerScores = {
        score: p.score,
        streak: p.streak,
        correctCount: p.correctCount,
        correctTimeMs: p.correctTimeMs,
        last: p.last,
      };
      fields.push(p.id, JSON.stringify(s));
    }
    // One script: atomic, so a driver that takes over sees every score of a question applied or none.
    const saved = await SCRIPTS.liveSaveScores.run(
      this.redis,
      this.key(gameId, 'scores'),
      this.key(gameId, 'scored'),
      String(index),
      ...fields,
    );
    return saved === 1;
  }

  async setKicked(gameId: string, playerId: string): Promise<void> {
    await this.redis.multi().sadd(this.key(gameId, 'kicked'), playerId).incr(this.key(gameId, 'roster')).exec();
  }

  async setExtraTime(gameId: string, playerId: string, extraMs: number): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key(gameId, 'extra'), playerId, String(extraMs))
      .incr(this.key(gameId, 'roster'))
      .exec();
  }

  async openAnswers(gameId: string, index: number): Promise<void> {
    await this.redis.set(this.key(gameId, 'open'), String(index));
  }

  async recordAnswer(
    gameId: string,
    index: number,
    playerId: string,
    answer: LiveAnswerRecord,
  ): Promise<RecordAnswerOutcome> {
    const result = await SCRIPTS.liveRecordAnswer.run(
      this.redis,
      this.key(gameId, 'open'),
      this.key(gameId, `c:${index}`),
      this.key(gameId, `a:${index}`),
      String(index),
      playerId,
      answer.clientAnswerId,
      JSON.stringify(
        answer.choice === undefined
          ? [answer.correct ? 1 : 0, answer.points, answer.elapsedMs]
          : [answer.correct ? 1 : 0, answer.points, answer.elapsedMs, answer.choice],
      ),
    );
    const outcomes = ['accepted', 'duplicate', 'already_answered', 'closed'] as const;
    return { outcome: outcomes[result]! };
  }

  async closeAnswers(gameId: string, index: number): Promise<boolean> {
    return (await SCRIPTS.liveClose.run(this.redis, this.key(gameId, 'open'), String(index))) === 1;
  }

  async answersTo(gameId: string, index: number): Promise<Map<string, ScoredAnswer>> {
    const raw = await this.redis.hgetall(this.key(gameId, `a:${index}`));
    const answers = new Map<string, ScoredAnswer>();
    for (const [playerId, value] of Object.entries(raw)) {
      const [correct, points, elapsedMs, choice] = JSON.parse(value) as [number, number, number, string?];
      answers.set(
        playerId,
        choice === undefined
          ? { correct: correct === 1, points, elapsedMs }
          : { correct: correct === 1, points, elapsedMs, choice },
      );
    }
    return answers;
  }

  async answerIdOf(gameId: string, index: number, playerId: string): Promise<string | null> {
    return this.redis.hget(this.key(gameId, `c:${index}`), playerId);
  }

  async answerCount(gameId: string, index: number): Promise<number> {
    return this.redis.hlen(this.key(gameId, `c:${index}`));
  }

  async acquireLease(gameId: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await SCRIPTS.liveLease.run(this.redis, this.key(gameId, 'lease'), owner, ttlMs)) === 1;
  }

  async releaseLease(gameId: string, owner: string): Promise<void> {
    await SCRIPTS.liveRelease.run(this.redis, this.key(gameId, 'lease'), owner);
  }

  async activeGameIds(): Promise<string[]> {
    return this.redis.smembers(this.activeKey);
  }

  async removeGame(gameId: string): Promise<void> {
    const config = await this.getConfig(gameId);
    const keys = [
      'cfg',
      'rt',
      'host',
      'players',
      'nicks',
      'users',
      'scores',
      'scored',
      'extra',
      'kicked',
      'roster',
      'open',
      'lease',
    ];
    for (let i = 0; i < (config?.questions.length ?? 0); i++) keys.push(`a:${i}`, `c:${i}`);
    const multi = this.redis
      .multi()
      .del(...keys.map((k) => this.key(gameId, k)))
      .srem(this.activeKey, gameId);
    await multi.exec();
    if (config && (await this.redis.get(this.pinKey(config.pin))) === gameId)
      await this.redis.del(this.pinKey(config.pin));
  }
}
