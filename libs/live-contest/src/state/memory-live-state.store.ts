import { Injectable } from '@nestjs/common';
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
import { nicknameKeys } from '../nickname.js';

interface MemoryGame {
  config: LiveGameConfig;
  runtime: LiveGameRuntime;
  players: Map<string, LivePlayerRecord>;
  nicknames: Set<string>;
  /** Account → its player in this game. */
  users: Map<string, string>;
  openIndex: number | null;
  answers: Map<number, Map<string, LiveAnswerRecord>>;
  scored: Set<number>;
  roster: number;
}

/**
 * Single-machine adapter: everything in this process. Each method runs to completion without awaiting, so it is
 * as atomic as the Redis adapter's scripts. Records are copied in and out so callers cannot change state by accident.
 */
@Injectable()
export class MemoryLiveStateStore extends LiveStateStore {
  readonly outlivesProcess = false;
  private readonly games = new Map<string, MemoryGame>();
  private readonly pins = new Map<string, string>();

  async createGame(config: LiveGameConfig, runtime: LiveGameRuntime): Promise<boolean> {
    if (this.games.has(config.gameId)) return false;
    this.games.set(config.gameId, {
      config,
      runtime: { ...runtime },
      players: new Map(),
      nicknames: new Set(),
      users: new Map(),
      openIndex: null,
      answers: new Map(),
      scored: new Set(),
      roster: 0,
    });
    this.pins.set(config.pin, config.gameId);
    return true;
  }

  async getConfig(gameId: string): Promise<LiveGameConfig | null> {
    return this.games.get(gameId)?.config ?? null;
  }

  async getRuntime(gameId: string): Promise<LiveGameRuntime | null> {
    const game = this.games.get(gameId);
    return game ? { ...game.runtime } : null;
  }

  async gameIdByPin(pin: string): Promise<string | null> {
    return this.pins.get(pin) ?? null;
  }

  async transition(
    gameId: string,
    expectedVersion: number,
    next: Omit<LiveGameRuntime, 'version'>,
  ): Promise<LiveGameRuntime | null> {
    const game = this.games.get(gameId);
    if (!game || game.runtime.version !== expectedVersion) return null;
    // The heartbeat is written only by touchHost, as in Redis where it is a key of its own.
    game.runtime = { ...next, hostSeenAt: game.runtime.hostSeenAt, version: expectedVersion + 1 };
    return { ...game.runtime };
  }

  async touchHost(gameId: string, at: number): Promise<void> {
    const game = this.games.get(gameId);
    if (game) game.runtime.hostSeenAt = Math.max(game.runtime.hostSeenAt, at);
  }

  async addPlayer(gameId: string, player: LivePlayerRecord, maxPlayers: number): Promise<AddPlayerOutcome> {
    const game = this.games.get(gameId);
    if (!game) return { ok: false, code: 'GAME_FULL' };
    const mine = player.userId ? game.users.get(player.userId) : undefined;
    if (mine) {
      const held = game.players.get(mine)!;
      if (held.kicked) return { ok: false, code: 'PLAYER_KICKED' };
      held.tokenHash = player.tokenHash;
      return { ok: 'rejoined', playerId: mine };
    }
    if (game.players.size >= maxPlayers) return { ok: false, code: 'GAME_FULL' };
    const keys = nicknameKeys(player.nickname);
    if (keys.some((key) => game.nicknames.has(key))) return { ok: false, code: 'NICKNAME_TAKEN' };
    for (const key of keys) game.nicknames.add(key);
    game.players.set(player.id, { ...player });
    if (player.userId) game.users.set(player.userId, player.id);
    game.roster++;
    return { ok: true, playerCount: game.players.size };
  }

  async getPlayer(gameId: string, playerId: string): Promise<LivePlayerRecord | null> {
    const player = this.games.get(gameId)?.players.get(playerId);
    return player ? { ...player } : null;
  }

  async answerContext(gameId: string, playerId: string): Promise<AnswerContext> {
    const player = this.games.get(gameId)?.players.get(playerId);
    return {
      runtime: await this.getRuntime(gameId),
      player: player ? { kicked: player.kicked, extraMs: player.extraMs } : null,
    };
  }

  async scoresOf(gameId: string, playerIds: string[]): Promise<(PlayerScores | null)[]> {
    const players = this.games.get(gameId)?.players;
    return playerIds.map((id) => {
      const p = players?.get(id);
      return p
        ? {
            score: p.score,
            streak: p.streak,
            correctCount: p.correctCount,
            correctTimeMs: p.correctTimeMs,
            last: p.last,
          }
        : null;
    });
  }

  async listPlayers(gameId: string): Promise<LivePlayerRecord[]> {
    const game = this.games.get(gameId);
    return game ? [...game.players.values()].map((p) => ({ ...p })) : [];
  }

  async rosterSince(gameId: string, knownRoster: number | null): Promise<Roster> {
    const version = this.games.get(gameId)?.roster ?? 0;
    return { version, players: version === knownRoster ? null : await this.listPlayers(gameId) };
  }

  async playerCount(gameId: string): Promise<number> {
    return this.games.get(gameId)?.players.size ?? 0;
  }

  async saveScores(gameId: string, index: number, players: LivePlayerRecord[]): Promise<boolean> {
    const game = this.games.get(gameId);
    if (!game || game.scored.has(index)) return false;
    game.scored.add(index);
    for (const p of players) {
      const own = game.players.get(p.id);
      if (!own) continue;
      own.score = p.score;
      own.streak = p.streak;
      own.correctCount = p.correctCount;
      own.correctTimeMs = p.correctTimeMs;
      own.last = p.last;
    }
    return true;
  }

  async setKicked(gameId: string, playerId: string): Promise<void> {
    const game = this.games.get(gameId);
    const player = game?.players.get(playerId);
    if (!game || !player) return;
    player.kicked = true;
    game.roster++;
  }

  async setExtraTime(gameId: string, playerId: string, extraMs: number): Promise<void> {
    const game = this.games.get(gameId);
    const player = game?.players.get(playerId);
    if (!game || !player) return;
    player.extraMs = extraMs;
    game.roster++;
  }

  async openAnswers(gameId: string, index: number): Promise<void> {
    const game = this.games.get(gameId);
    if (!game) return;
    game.openIndex = index;
    if (!game.answers.has(index)) game.answers.set(index, new Map());
  }

  async recordAnswer(
    gameId: string,
    index: number,
    playerId: string,
    answer: LiveAnswerRecord,
  ): Promise<RecordAnswerOutcome> {
    const game = this.games.get(gameId);
    const answers = game?.answers.get(index);
    const previous = answers?.get(playerId);
    if (previous)
      return { outcome: previous.clientAnswerId === answer.clientAnswerId ? 'duplicate' : 'already_answered' };
    if (!game || !answers || game.openIndex !== index) return { outcome: 'closed' };
    answers.set(playerId, { ...answer });
    return { outcome: 'accepted' };
  }

  async closeAnswers(gameId: string, index: number): Promise<boolean> {
    const game = this.games.get(gameId);
    if (!game || game.openIndex !== index) return false;
    game.openIndex = null;
    return true;
  }

  async answersTo(gameId: string, index: number): Promise<Map<string, ScoredAnswer>> {
    const answers = new Map<string, ScoredAnswer>();
    for (const [playerId, { correct, points, elapsedMs, choice }] of this.games.get(gameId)?.answers.get(index) ?? [])
      answers.set(
        playerId,
        choice === undefined ? { correct, points, elapsedMs } : { correct, points, elapsedMs, choice },
      );
    return answers;
  }

  async answerIdOf(gameId: string, index: number, playerId: string): Promise<string | null> {
    return this.games.get(gameId)?.answers.get(index)?.get(playerId)?.clientAnswerId ?? null;
  }

  async answerCount(gameId: string, index: number): Promise<number> {
    return this.games.get(gameId)?.answers.get(index)?.size ?? 0;
  }

  async acquireLease(): Promise<boolean> {
    // One process: it always drives its own games.
    return true;
  }

  async releaseLease(): Promise<void> {}

  async activeGameIds(): Promise<string[]> {
    return [...this.games.values()].filter((g) => g.runtime.status !== 'ended').map((g) => g.config.gameId);
  }

  async removeGame(gameId: string): Promise<void> {
    const game = this.games.get(gameId);
    if (!game) return;
    this.games.delete(gameId);
    if (this.pins.get(game.config.pin) === gameId) this.pins.delete(game.config.pin);
  }
}
