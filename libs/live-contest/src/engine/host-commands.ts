import { Injectable } from '@nestjs/common';
import type { HostView, LiveGameState } from '#contracts';
import { AppError, Clock } from '#core';
import { mayHostGame } from '../host-rules.js';
import { LiveBroadcaster, type LiveSocket } from '../live.broadcaster.js';
import { LiveGameRepository } from '../live-game.repository.js';
import { type LiveGameConfig, LiveStateStore } from '../state/live-state.store.js';
import { GameEnding } from './game-ending.js';
import { GameSnapshots } from './game-snapshots.js';
import { LiveGameCatalog } from './live-game-catalog.js';
import { LobbyUpdates } from './lobby-updates.js';
import { QuestionClock } from './question-clock.js';
import { QuestionCloser } from './question-closer.js';

export interface HostPrincipal {
  userId: string;
  roles: string[];
}

/**
 * What a host may do, and only to a game they may host, through the socket that opened it: open it (which unpauses
 * it), start, next (close the question, or show the next, or end after the last), end, kick a player, give extra time.
 * Every command counts as the host's heartbeat.
 */
@Injectable()
export class HostCommands {
  constructor(
    private readonly games: LiveGameCatalog,
    private readonly snapshots: GameSnapshots,
    private readonly questionClock: QuestionClock,
    private readonly closer: QuestionCloser,
    private readonly ending: GameEnding,
    private readonly lobby: LobbyUpdates,
    private readonly store: LiveStateStore,
    private readonly repository: LiveGameRepository,
    private readonly out: LiveBroadcaster,
    private readonly clock: Clock,
  ) {}

  private assertHost(config: LiveGameConfig, principal: HostPrincipal | undefined): void {
    if (!principal) throw new AppError('UNAUTHENTICATED');
    if (!mayHostGame(principal, config.hostUserId)) throw new AppError('FORBIDDEN');
  }

  /** The game a host socket opened; a command naming another game is refused. */
  private async hostGame(socket: LiveSocket, gameId?: string): Promise<LiveGameConfig> {
    const opened = socket.data.hostGameId;
    if (!opened || (gameId && gameId !== opened)) throw new AppError('GAME_STATE_INVALID');
    const config = await this.games.config(opened);
    this.assertHost(config, socket.data.principal);
    await this.store.touchHost(opened, this.clock.nowMs());
    return config;
  }

  async hostOpen(socket: LiveSocket, gameId: string): Promise<HostView> {
    const config = await this.games.config(gameId);
    this.assertHost(config, socket.data.principal);
    this.out.registerHost(socket, gameId);
    await this.store.touchHost(gameId, this.clock.nowMs());
    const changed = await this.games.mutate(gameId, (rt) => (rt.paused ? { ...rt, paused: false } : null));
    const runtime = changed?.after ?? (await this.games.runtime(gameId));
    if (changed) await this.snapshots.broadcastState(gameId, runtime);
    const players = (await this.store.listPlayers(gameId))
      .filter((p) => !p.kicked)
      .sort((a, b) => a.seq - b.seq)
      .map((p) => ({ playerId: p.id, nickname: p.nickname }));
    return { gameId, pin: config.pin, players, state: await this.snapshots.snapshot(config, runtime, null) };
  }

  async hostStart(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    const config = await this.hostGame(socket, gameId);
    const runtime = await this.games.runtime(config.gameId);
    if (runtime.status !== 'lobby') throw new AppError('GAME_STATE_INVALID');
    if (config.questions.length === 0) throw new AppError('GAME_STATE_INVALID');
    await this.repository.markRunning(config.gameId, this.clock.now());
    return this.questionClock.showQuestion(config, 0, runtime.version);
  }

  /** During a question: close it now. After a question: the next one, or the end after the last. */
  async hostNext(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    const config = await this.hostGame(socket, gameId);
    const runtime = await this.games.runtime(config.gameId);
    if (runtime.status === 'question') {
      await this.closer.closeQuestion(config.gameId, runtime.questionIndex, true);
    } else if (runtime.status === 'result') {
      const next = runtime.questionIndex + 1;
      if (next < config.questions.length) return this.questionClock.showQuestion(config, next, runtime.version);
      await this.ending.endGame(config.gameId);
    } else {
      throw new AppError('GAME_STATE_INVALID');
    }
    return this.snapshots.snapshot(config, await this.games.runtime(config.gameId), null);
  }

  async hostEnd(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    const config = await this.hostGame(socket, gameId);
    const runtime = await this.games.runtime(config.gameId);
    if (runtime.status === 'ended') throw new AppError('GAME_STATE_INVALID');
    if (runtime.status === 'question') await this.closer.closeQuestion(config.gameId, runtime.questionIndex, true);
    await this.ending.endGame(config.gameId);
    return this.snapshots.snapshot(config, await this.games.runtime(config.gameId), null);
  }

  async hostKick(socket: LiveSocket, playerId: string): Promise<{ playerId: string }> {
    const config = await this.hostGame(socket);
    return this.kick(config, playerId);
  }

  async hostExtraTime(socket: LiveSocket, playerId: string, seconds: number) {
    const config = await this.hostGame(socket);
    return this.extraTime(config, playerId, seconds);
  }

  /** The same as the host:extra-time event, for the REST route. */
  async extraTimeByPrincipal(principal: HostPrincipal, gameId: string, playerId: string, seconds: number) {
    const config = await this.games.config(gameId);
    this.assertHost(config, principal);
    return this.extraTime(config, playerId, seconds);
  }

  private async kick(config: LiveGameConfig, playerId: string): Promise<{ playerId: string }> {
    const player = await this.store.getPlayer(config.gameId, playerId);
    if (!player) throw new AppError('NOT_FOUND');
    await this.store.setKicked(config.gameId, playerId);
    this.out.sync({ type: 'kick', gameId: config.gameId, playerId });
    this.lobby.changed(config.gameId, undefined, playerId);
    return { playerId };
  }

  private async extraTime(config: LiveGameConfig, playerId: string, seconds: number) {
    const player = await this.store.getPlayer(config.gameId, playerId);
    if (!player) throw new AppError('NOT_FOUND');
    const extraMs = seconds * 1000;
    await this.store.setExtraTime(config.gameId, playerId, extraMs);
    await this.questionClock.allowExtraTime(config.gameId, extraMs);
    this.out.sync({ type: 'player-state', gameId: config.gameId, playerId });
    return { playerId, extraTimeMs: extraMs };
  }
}
