import { Injectable } from '@nestjs/common';
import type { HostView, LiveGameEnded, LiveGameState, LiveLeaderboard } from '#contracts';
import { AppError, Clock } from '#core';
import { mayHostGame } from '../host-rules.js';
import { publicQuestion } from '../live-questions.js';
import { LiveBroadcaster, type LiveSocket } from '../live.broadcaster.js';
import { LiveGameRepository } from '../live-game.repository.js';
import { type LiveGameConfig, type LiveGameRuntime, LiveStateStore } from '../state/live-state.store.js';
import { GameEnding } from './game-ending.js';
import { GameSnapshots } from './game-snapshots.js';
import { LiveGameCatalog } from './live-game-catalog.js';
import { LobbyUpdates } from './lobby-updates.js';
import { QuestionClock } from './question-clock.js';
import { QuestionCloser } from './question-closer.js';
import { leaderRows, resultsMessage, storedStanding } from './question-results.js';
import { WaitingJoins } from './waiting-joins.js';

export interface HostPrincipal {
  userId: string;
  roles: string[];
}

/**
 * What a host may do, and only to a game they may host, through the socket that opened it: open it (which ends a
 * pause for the host's absence, not one the host asked for), start, next (close the question, or show the next, or
 * end after the last), pause and resume (a question's clock stands still meanwhile), end, kick a player, give extra
 * time. Every command counts as the host's heartbeat.
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
    private readonly waiting: WaitingJoins,
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
    const changed = await this.games.mutate(gameId, (rt) =>
      rt.paused && !rt.pausedAt ? { ...rt, paused: false } : null,
    );
    const runtime = changed?.after ?? (await this.games.runtime(gameId));
    if (changed) await this.snapshots.broadcastState(gameId, runtime);
    const all = await this.store.listPlayers(gameId);
    const players = all
      .filter((p) => !p.kicked)
      .sort((a, b) => a.seq - b.seq)
      .map((p) => ({ playerId: p.id, nickname: p.nickname, extraTimeMs: p.extraMs }));
    const state = await this.snapshots.snapshot(config, runtime, null);
    const waiting = await this.waiting.count(gameId);
    this.waiting.opened(gameId, waiting);
    // A host who reloads on a result screen or after the end sees it again, not an empty screen.
    let board: LiveLeaderboard | null = null;
    let ended: LiveGameEnded | null = null;
    if ((runtime.status === 'result' || runtime.status === 'ended') && runtime.questionIndex >= 0) {
      const answers = await this.store.answersTo(gameId, runtime.questionIndex);
      const standing = storedStanding(all);
      board = resultsMessage(config, runtime.questionIndex, standing, answers, state).leaderboard;
      if (runtime.status === 'ended') ended = { podium: leaderRows(standing, 3), playerCount: standing.length };
    }
    const lastQuestion =
      runtime.questionIndex >= 0
        ? publicQuestion(config.questions[runtime.questionIndex]!, runtime.questionIndex, config.questions.length, {
            deadline: runtime.deadline,
            serverNow: this.clock.nowMs(),
            timeLimitMs: config.questionTimeMs,
          })
        : null;
    return { gameId, pin: config.pin, players, state, waiting, board, ended, lastQuestion };
  }

  /** Holds the game: between questions nothing moves on; during one its clock stands still until host:resume. */
  async hostPause(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    const config = await this.hostGame(socket, gameId);
    const now = this.clock.nowMs();
    const changed = await this.games.mutate(config.gameId, (rt) => {
      if (rt.status === 'ended' || rt.pausedAt) return null;
      if (rt.status === 'question' && now >= rt.closesAt) return null;
      return { ...rt, paused: true, pausedAt: now };
    });
    if (!changed) throw new AppError('GAME_STATE_INVALID');
    if (changed.after.status === 'question') this.questionClock.cancelClose(config.gameId);
    return this.snapshots.broadcastState(config.gameId, changed.after);
  }

  /** Goes on after host:pause; a question's deadline and close move by the time it stood still. */
  async hostResume(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    const config = await this.hostGame(socket, gameId);
    const now = this.clock.nowMs();
    const changed = await this.games.mutate(config.gameId, (rt): Omit<LiveGameRuntime, 'version'> | null => {
      if (!rt.pausedAt) return null;
      const held = rt.status === 'question' ? Math.max(0, now - rt.pausedAt) : 0;
      return {
        ...rt,
        paused: false,
        pausedAt: 0,
        shownAt: rt.shownAt + held,
        deadline: rt.deadline + held,
        closesAt: rt.closesAt + held,
      };
    });
    if (!changed) throw new AppError('GAME_STATE_INVALID');
    const rt = changed.after;
    if (rt.status === 'question') {
      this.out.sync({ type: 'question', gameId: config.gameId, index: rt.questionIndex, closesAt: rt.closesAt });
    }
    // Players get the question again with its new deadline in the state (their answer, if given, stays counted).
    return this.snapshots.broadcastState(config.gameId, rt);
  }

  /** start and next wait while the host holds the game (host:resume first). */
  private assertNotHeld(runtime: LiveGameRuntime): void {
    if (runtime.pausedAt) throw new AppError('GAME_STATE_INVALID');
  }

  async hostStart(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    const config = await this.hostGame(socket, gameId);
    const runtime = await this.games.runtime(config.gameId);
    this.assertNotHeld(runtime);
    if (runtime.status !== 'lobby') throw new AppError('GAME_STATE_INVALID');
    if (config.questions.length === 0) throw new AppError('GAME_STATE_INVALID');
    await this.repository.markRunning(config.gameId, this.clock.now());
    return this.questionClock.showQuestion(config, 0, runtime.version);
  }

  /** During a question: close it now. After a question: the next one, or the end after the last. */
  async hostNext(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    const config = await this.hostGame(socket, gameId);
    const runtime = await this.games.runtime(config.gameId);
    this.assertNotHeld(runtime);
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
