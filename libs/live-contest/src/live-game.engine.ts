import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type {
  HostView,
  LiveGameState,
  LiveLeaderRow,
  PlayerAnswerPayload,
  PlayerAnswerResult,
  PlayerJoinResult,
} from '#contracts';
import { APP_CONFIG, type AppConfig, AppError, Clock, MetricsService } from '#core';
import { QuestionBankReader } from '#question-bank';
import { scoreAnswer } from '#quiz-engine';
import { JoinRateLimiter } from './join-rate-limiter.js';
import { LiveBroadcaster, type LiveSocket, type LiveSync, type ResultsSync } from './live.broadcaster.js';
import { LiveGameRepository } from './live-game.repository.js';
import { answerFits, answerKey, publicQuestion } from './live-questions.js';
import { LiveSettings } from './live-settings.js';
import { normalizeNickname } from './nickname.js';
import { answerPoints, applyRound, compareStanding, competitionRanks } from './scoring.js';
import {
  type LiveGameConfig,
  type LiveGameRuntime,
  type LivePlayerRecord,
  LiveStateStore,
  type PlayerScores,
} from './state/live-state.store.js';
import { mayHostGame } from './host-rules.js';

/** The players with the given ids, in that order (undefined for one not among them). */
function inOrderOf(ids: string[], players: LivePlayerRecord[]): (LivePlayerRecord | undefined)[] {
  const byId = new Map(players.map((p) => [p.id, p]));
  return ids.map((id) => byId.get(id));
}

const TOP = 10;
const PODIUM = 3;
/** Own results sent per turn of the event loop (about 30–60 ms of sending on this machine). */
const RESULT_CHUNK = 1000;
/** How long a PIN of an interrupted game answers GAME_INTERRUPTED rather than GAME_NOT_FOUND. */
const INTERRUPTED_PIN_MEMORY_MS = 6 * 3600_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface HostPrincipal {
  userId: string;
  roles: string[];
}

/**
 * The running side of live games: joining, answering, the host's commands and the question clock. Every decision
 * goes through the LiveStateStore (atomic in both adapters), so any instance may take any event; one instance at a
 * time (the lease holder) watches each game's clock, and any instance finishes a question whose driver died.
 */
@Injectable()
export class LiveGameEngine implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('LiveGameEngine');
  /** Game configs never change once created: cached here so an answer costs no read of the questions. */
  private readonly configs = new Map<string, LiveGameConfig>();
  /** PIN → game id of games joined through this instance (see `gameToJoin`). */
  private readonly pins = new Map<string, string>();
  private readonly closeTimers = new Map<string, NodeJS.Timeout>();
  private readonly closing = new Set<string>();
  /**
   * The closer's records of every player after the scores of question `index`, which it wrote itself (`ordered`: the
   * ranked ones), with the roster version they were read at. Its local players get their results from them, and its
   * next close starts from them: no player is read again unless someone joined, was kicked or got extra time.
   */
  private readonly standings = new Map<
    string,
    { index: number; roster: number; players: LivePlayerRecord[]; ordered: LivePlayerRecord[] }
  >();
  /** Games whose clock this instance drives, and until when its lease lasts (epoch ms), as of its last tick. */
  private readonly leases = new Map<string, number>();
  private readonly lobby = new Map<string, { joined: { playerId: string; nickname: string }[]; left: string[] }>();
  private lobbyTimer: NodeJS.Timeout | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private ticking = false;
  readonly instanceId: string;

  constructor(
    private readonly store: LiveStateStore,
    private readonly repository: LiveGameRepository,
    private readonly reader: QuestionBankReader,
    private readonly out: LiveBroadcaster,
    private readonly settings: LiveSettings,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    readonly joinLimiter: JoinRateLimiter,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.instanceId = `${config.instanceId}-${randomBytes(3).toString('hex')}`;
  }

  async onModuleInit(): Promise<void> {
    if (!this.store.outlivesProcess) {
      // Games held in this process are gone with the one before it: end them as interrupted rather than leave them
      // running forever (one instance per database when the state is in the process).
      const ended = await this.repository.markInterrupted(this.clock.now());
      if (ended.length) this.logger.warn({ games: ended }, 'live games interrupted by a restart');
    }
    this.metrics.gauge('live_open_sockets', 'Open live-game sockets on this instance', () => this.out.connectionCount);
    this.metrics.gauge(
      'live_games_active',
      'Live games not over (all instances)',
      async () => (await this.store.activeGameIds()).length,
    );
    this.scheduleTick();
  }

  onApplicationShutdown(): void {
    if (this.tickTimer) clearTimeout(this.tickTimer);
    if (this.lobbyTimer) clearTimeout(this.lobbyTimer);
    for (const timer of this.closeTimers.values()) clearTimeout(timer);
    this.tickTimer = null;
  }

  private scheduleTick(): void {
    this.tickTimer = setTimeout(() => {
      void this.tick().finally(() => {
        if (this.tickTimer) this.scheduleTick();
      });
    }, this.settings.tickMs);
    this.tickTimer.unref();
  }

  // ---------------------------------------------------------------- loading

  /** The game's config, loading a game that is still in the lobby from PostgreSQL into the store when needed. */
  async config(gameId: string): Promise<LiveGameConfig> {
    const cached = this.configs.get(gameId);
    if (cached) return cached;
    let config = await this.store.getConfig(gameId);
    if (!config) config = await this.hydrate(gameId);
    this.configs.set(gameId, config);
    return config;
  }

  private async hydrate(gameId: string): Promise<LiveGameConfig> {
    const row = await this.repository.findById(gameId);
    if (row?.interruptedAt) throw new AppError('GAME_INTERRUPTED');
    if (!row || row.status === 'ended') throw new AppError('GAME_NOT_FOUND');
    if (row.status === 'running') {
      // Running in PostgreSQL but not in the store: its state is lost (a restart, or Redis emptied). It cannot go on.
      await this.repository.markInterrupted(this.clock.now(), row.id);
      throw new AppError('GAME_INTERRUPTED');
    }
    const versions = await this.reader.getVersions(row.questionVersionIds);
    const questions = row.questionVersionIds.map((id) => versions.get(id)).filter((q) => q !== undefined);
    const config: LiveGameConfig = {
      gameId: row.id,
      pin: row.pin,
      title: row.title,
      hostUserId: row.hostUserId,
      scoring: row.settings.scoring,
      streaks: row.settings.streaks,
      questionTimeMs: row.settings.questionTimeSeconds * 1000,
      maxPlayers: this.settings.maxPlayers,
      questions,
    };
    await this.store.createGame(config, {
      version: 0,
      status: 'lobby',
      questionIndex: -1,
      shownAt: 0,
      deadline: 0,
      closesAt: 0,
      maxExtraMs: 0,
      hostSeenAt: this.clock.nowMs(),
      paused: false,
      endedAt: 0,
    });
    return (await this.store.getConfig(gameId)) ?? config;
  }

  private async gameIdForPin(pin: string): Promise<string> {
    const inStore = await this.store.gameIdByPin(pin);
    if (inStore) return inStore;
    const row = await this.repository.findOpenByPin(pin);
    if (row) return row.id;
    // Players coming back after a restart are told what happened, not that their PIN is wrong.
    const since = new Date(this.clock.nowMs() - INTERRUPTED_PIN_MEMORY_MS);
    if (await this.repository.interruptedWithPin(pin, since)) throw new AppError('GAME_INTERRUPTED');
    throw new AppError('GAME_NOT_FOUND');
  }

  /**
   * The game a PIN opens, with its runtime. The PIN's game is remembered here, so a join reads only the runtime from
   * the store (10,000 players join one game within seconds); a remembered game that is gone or over is looked up
   * again, since its PIN may have been given to a new game.
   */
  private async gameToJoin(pin: string): Promise<{ config: LiveGameConfig; runtime: LiveGameRuntime }> {
    const remembered = this.pins.get(pin);
    const config = remembered ? this.configs.get(remembered) : undefined;
    if (remembered && config?.pin === pin) {
      const runtime = await this.store.getRuntime(remembered);
      if (runtime && runtime.status !== 'ended') return { config, runtime };
    }
    this.pins.delete(pin);
    const gameId = await this.gameIdForPin(pin);
    const found = await this.config(gameId);
    if (found.pin !== pin) throw new AppError('GAME_NOT_FOUND');
    const runtime = await this.runtime(gameId);
    this.pins.set(pin, gameId);
    return { config: found, runtime };
  }

  private async runtime(gameId: string): Promise<LiveGameRuntime> {
    const runtime = await this.store.getRuntime(gameId);
    if (!runtime) throw new AppError('GAME_NOT_FOUND');
    return runtime;
  }

  /** Compare-and-set with a few retries: `change` sees the latest runtime and returns the next, or null to stop. */
  private async mutate(
    gameId: string,
    change: (current: LiveGameRuntime) => Omit<LiveGameRuntime, 'version'> | null,
  ): Promise<{ before: LiveGameRuntime; after: LiveGameRuntime } | null> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const before = await this.runtime(gameId);
      const next = change(before);
      if (!next) return null;
      const after = await this.store.transition(gameId, before.version, next);
      if (after) return { before, after };
    }
    throw new AppError('SERVER_BUSY');
  }

  // ---------------------------------------------------------------- snapshots

  private async snapshot(
    config: LiveGameConfig,
    runtime: LiveGameRuntime,
    player: LivePlayerRecord | null,
    /** The player count when the caller has just learned it (a join, a close), saving a read. */
    playerCount?: number,
  ): Promise<LiveGameState> {
    const now = this.clock.nowMs();
    const question =
      runtime.status === 'question'
        ? publicQuestion(config.questions[runtime.questionIndex]!, runtime.questionIndex, config.questions.length, {
            deadline: runtime.deadline,
            serverNow: now,
            timeLimitMs: config.questionTimeMs,
          })
        : null;
    return {
      gameId: config.gameId,
      title: config.title,
      status: runtime.status,
      paused: runtime.paused,
      questionIndex: runtime.questionIndex,
      total: config.questions.length,
      playerCount: playerCount ?? (await this.store.playerCount(config.gameId)),
      serverNow: now,
      question,
      you: player
        ? {
            playerId: player.id,
            nickname: player.nickname,
            score: player.score,
            rank: player.last?.rank ?? null,
            extraTimeMs: player.extraMs,
            answeredCurrent:
              runtime.status === 'question' &&
              (await this.store.answerIdOf(config.gameId, runtime.questionIndex, player.id)) !== null,
          }
        : null,
    };
  }

  private async broadcastState(gameId: string, runtime?: LiveGameRuntime): Promise<LiveGameState> {
    const config = await this.config(gameId);
    const state = await this.snapshot(config, runtime ?? (await this.runtime(gameId)), null);
    this.out.toGame(gameId, 'game:state', state);
    return state;
  }

  // ---------------------------------------------------------------- players

  async join(
    socket: LiveSocket,
    payload: { pin: string; nickname: string; resumeToken?: string },
  ): Promise<PlayerJoinResult> {
    if (!(await this.joinLimiter.tryTake(socket.data.address, this.clock.nowMs()))) throw new AppError('RATE_LIMITED');
    const { config, runtime } = await this.gameToJoin(payload.pin);
    if (runtime.status === 'ended') throw new AppError('GAME_STATE_INVALID');

    if (payload.resumeToken) return this.resume(socket, config, runtime, payload.resumeToken);

    const nickname = normalizeNickname(payload.nickname);
    // 122 random bits from node's pooled UUID source: one randomBytes call per join was 2.5 % of a 10,000-player join.
    const secret = randomUUID().replaceAll('-', '');
    const player: LivePlayerRecord = {
      id: randomUUID(),
      seq: this.clock.nowMs() * 1000 + Math.floor(Math.random() * 1000),
      nickname,
      tokenHash: sha256(secret),
      score: 0,
      streak: 0,
      correctCount: 0,
      correctTimeMs: 0,
      extraMs: 0,
      kicked: false,
      last: null,
    };
    const added = await this.store.addPlayer(config.gameId, player, config.maxPlayers);
    if (!added.ok) throw new AppError(added.code);
    this.out.registerPlayer(socket, config.gameId, player.id);
    this.lobbyChanged(config.gameId, { playerId: player.id, nickname });
    return {
      playerId: player.id,
      resumeToken: `${player.id}.${secret}`,
      state: await this.snapshot(config, runtime, player, added.playerCount),
    };
  }

  private async resume(
    socket: LiveSocket,
    config: LiveGameConfig,
    runtime: LiveGameRuntime,
    token: string,
  ): Promise<PlayerJoinResult> {
    const [playerId, secret] = token.split('.');
    const player = playerId && secret ? await this.store.getPlayer(config.gameId, playerId) : null;
    const expected = player ? Buffer.from(player.tokenHash, 'hex') : null;
    const given = Buffer.from(sha256(secret ?? ''), 'hex');
    if (!player || !expected || !timingSafeEqual(expected, given)) throw new AppError('TOKEN_INVALID');
    if (player.kicked) throw new AppError('PLAYER_KICKED');
    this.out.registerPlayer(socket, config.gameId, player.id);
    return { playerId: player.id, resumeToken: token, state: await this.snapshot(config, runtime, player) };
  }

  /**
   * Records one answer. `receivedAt` is the server's clock when the answer's frame arrived (read by the gateway before
   * anything else): lateness and speed points are judged by it, never by when the answer got its turn, so a busy
   * server refuses or slows nobody who answered in time.
   */
  async answer(socket: LiveSocket, payload: PlayerAnswerPayload, receivedAt: number): Promise<PlayerAnswerResult> {
    const { gameId, playerId } = socket.data;
    if (!gameId || !playerId) throw new AppError('GAME_STATE_INVALID');
    const config = await this.config(gameId);
    const { runtime, player } = await this.store.answerContext(gameId, playerId);
    if (!runtime) throw new AppError('GAME_NOT_FOUND');
    const index = payload.questionIndex;
    const result = (duplicate: boolean): PlayerAnswerResult => ({
      questionIndex: index,
      clientAnswerId: payload.clientAnswerId,
      duplicate,
    });
    const isCurrent = runtime.status === 'question' && runtime.questionIndex === index;
    if (!isCurrent) {
      // A resend after reconnecting of an answer already counted is acknowledged again; anything else is refused.
      if (index <= runtime.questionIndex) {
        const previous = await this.store.answerIdOf(gameId, index, playerId);
        if (previous === payload.clientAnswerId) return result(true);
      }
      throw new AppError('QUESTION_NOT_ACTIVE');
    }
    if (!player) throw new AppError('GAME_STATE_INVALID');
    if (player.kicked) throw new AppError('PLAYER_KICKED');
    const question = config.questions[index]!;
    if (!answerFits(question, payload)) throw new AppError('ANSWER_INVALID');
    const limitMs = config.questionTimeMs + player.extraMs;
    const elapsedMs = receivedAt - runtime.shownAt;
    if (elapsedMs > limitMs + this.settings.graceMs) {
      const previous = await this.store.answerIdOf(gameId, index, playerId);
      if (previous === payload.clientAnswerId) return result(true);
      throw new AppError('QUESTION_NOT_ACTIVE');
    }
    const score = scoreAnswer(question, { optionIds: payload.optionIds, value: payload.value });
    const recorded = await this.store.recordAnswer(gameId, index, playerId, {
      clientAnswerId: payload.clientAnswerId,
      correct: score.correct,
      points: answerPoints(config.scoring, score.fraction, elapsedMs, limitMs),
      elapsedMs: Math.max(0, Math.round(elapsedMs)),
    });
    switch (recorded.outcome) {
      case 'accepted':
        return result(false);
      case 'duplicate':
        return result(true);
      case 'already_answered':
        throw new AppError('ALREADY_ANSWERED');
      case 'closed':
        throw new AppError('QUESTION_NOT_ACTIVE');
    }
  }

  onDisconnect(socket: LiveSocket): void {
    this.out.unregister(socket);
  }

  /** The host's lobby view, coalesced: 10,000 joins make a few dozen messages, not 10,000. */
  private lobbyChanged(gameId: string, joined?: { playerId: string; nickname: string }, left?: string): void {
    let pending = this.lobby.get(gameId);
    if (!pending) this.lobby.set(gameId, (pending = { joined: [], left: [] }));
    if (joined) pending.joined.push(joined);
    if (left) pending.left.push(left);
    if (this.lobbyTimer) return;
    this.lobbyTimer = setTimeout(() => {
      this.lobbyTimer = null;
      const batches = [...this.lobby.entries()];
      this.lobby.clear();
      for (const [id, batch] of batches) {
        this.store.playerCount(id).then(
          (playerCount) => this.out.toHost(id, 'lobby:update', { playerCount, joined: batch.joined, left: batch.left }),
          (error: unknown) => this.logger.error({ err: error, gameId: id }, 'sending a lobby update failed'),
        );
      }
    }, this.settings.lobbyUpdateMs);
    this.lobbyTimer.unref();
  }

  // ---------------------------------------------------------------- host

  private assertHost(config: LiveGameConfig, principal: HostPrincipal | undefined): void {
    if (!principal) throw new AppError('UNAUTHENTICATED');
    if (!mayHostGame(principal, config.hostUserId)) throw new AppError('FORBIDDEN');
  }

  /** The game a host socket opened; a command naming another game is refused. */
  private async hostGame(socket: LiveSocket, gameId?: string): Promise<LiveGameConfig> {
    const opened = socket.data.hostGameId;
    if (!opened || (gameId && gameId !== opened)) throw new AppError('GAME_STATE_INVALID');
    const config = await this.config(opened);
    this.assertHost(config, socket.data.principal);
    await this.store.touchHost(opened, this.clock.nowMs());
    return config;
  }

  async hostOpen(socket: LiveSocket, gameId: string): Promise<HostView> {
    const config = await this.config(gameId);
    this.assertHost(config, socket.data.principal);
    this.out.registerHost(socket, gameId);
    await this.store.touchHost(gameId, this.clock.nowMs());
    const changed = await this.mutate(gameId, (rt) => (rt.paused ? { ...rt, paused: false } : null));
    const runtime = changed?.after ?? (await this.runtime(gameId));
    if (changed) await this.broadcastState(gameId, runtime);
    const players = (await this.store.listPlayers(gameId))
      .filter((p) => !p.kicked)
      .sort((a, b) => a.seq - b.seq)
      .map((p) => ({ playerId: p.id, nickname: p.nickname }));
    return { gameId, pin: config.pin, players, state: await this.snapshot(config, runtime, null) };
  }

  async hostStart(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    const config = await this.hostGame(socket, gameId);
    const runtime = await this.runtime(config.gameId);
    if (runtime.status !== 'lobby') throw new AppError('GAME_STATE_INVALID');
    if (config.questions.length === 0) throw new AppError('GAME_STATE_INVALID');
    await this.repository.markRunning(config.gameId, this.clock.now());
    return this.showQuestion(config, 0, runtime.version);
  }

  /** During a question: close it now. After a question: the next one, or the end after the last. */
  async hostNext(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    const config = await this.hostGame(socket, gameId);
    const runtime = await this.runtime(config.gameId);
    if (runtime.status === 'question') {
      await this.closeQuestion(config.gameId, runtime.questionIndex, true);
    } else if (runtime.status === 'result') {
      const next = runtime.questionIndex + 1;
      if (next < config.questions.length) return this.showQuestion(config, next, runtime.version);
      await this.endGame(config.gameId);
    } else {
      throw new AppError('GAME_STATE_INVALID');
    }
    return this.snapshot(config, await this.runtime(config.gameId), null);
  }

  async hostEnd(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    const config = await this.hostGame(socket, gameId);
    const runtime = await this.runtime(config.gameId);
    if (runtime.status === 'ended') throw new AppError('GAME_STATE_INVALID');
    if (runtime.status === 'question') await this.closeQuestion(config.gameId, runtime.questionIndex, true);
    await this.endGame(config.gameId);
    return this.snapshot(config, await this.runtime(config.gameId), null);
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
    const config = await this.config(gameId);
    this.assertHost(config, principal);
    return this.extraTime(config, playerId, seconds);
  }

  private async kick(config: LiveGameConfig, playerId: string): Promise<{ playerId: string }> {
    const player = await this.store.getPlayer(config.gameId, playerId);
    if (!player) throw new AppError('NOT_FOUND');
    await this.store.setKicked(config.gameId, playerId);
    this.out.sync({ type: 'kick', gameId: config.gameId, playerId });
    this.lobbyChanged(config.gameId, undefined, playerId);
    return { playerId };
  }

  private async extraTime(config: LiveGameConfig, playerId: string, seconds: number) {
    const player = await this.store.getPlayer(config.gameId, playerId);
    if (!player) throw new AppError('NOT_FOUND');
    const extraMs = seconds * 1000;
    await this.store.setExtraTime(config.gameId, playerId, extraMs);
    // The question on screen stays open long enough for this player.
    const changed = await this.mutate(config.gameId, (rt) =>
      extraMs > rt.maxExtraMs
        ? {
            ...rt,
            maxExtraMs: extraMs,
            closesAt: rt.status === 'question' ? rt.deadline + extraMs + this.settings.graceMs : rt.closesAt,
          }
        : null,
    );
    if (changed?.after.status === 'question') {
      const rt = changed.after;
      this.out.sync({ type: 'question', gameId: config.gameId, index: rt.questionIndex, closesAt: rt.closesAt });
    }
    this.out.sync({ type: 'player-state', gameId: config.gameId, playerId });
    return { playerId, extraTimeMs: extraMs };
  }

  // ---------------------------------------------------------------- the question flow

  private async showQuestion(config: LiveGameConfig, index: number, fromVersion: number): Promise<LiveGameState> {
    const before = await this.runtime(config.gameId);
    if (before.version !== fromVersion) throw new AppError('GAME_STATE_INVALID');
    const shownAt = this.clock.nowMs();
    const deadline = shownAt + config.questionTimeMs;
    const closesAt = deadline + before.maxExtraMs + this.settings.graceMs;
    const after = await this.store.transition(config.gameId, fromVersion, {
      ...before,
      status: 'question',
      questionIndex: index,
      shownAt,
      deadline,
      closesAt,
    });
    // Two hosts' clicks at once: the second finds the version moved and is told so.
    if (!after) throw new AppError('GAME_STATE_INVALID');
    await this.store.openAnswers(config.gameId, index);
    const show = publicQuestion(config.questions[index]!, index, config.questions.length, {
      deadline,
      serverNow: this.clock.nowMs(),
      timeLimitMs: config.questionTimeMs,
    });
    this.out.toGame(config.gameId, 'question:show', show);
    this.out.sync({ type: 'question', gameId: config.gameId, index, closesAt });
    return this.snapshot(config, after, null);
  }

  /** Whether this instance drives the game's clock (always, when the game lives in this process). */
  private drives(gameId: string): boolean {
    return !this.store.outlivesProcess || (this.leases.get(gameId) ?? 0) > this.clock.nowMs();
  }

  /**
   * Every instance arms a close: the driver's fires at the close time, the others' a tick later, in case the driver
   * died meanwhile (they find the question closed and stop). So the same instance closes question after question and
   * starts each close from the standing it kept (`standings`); two instances racing at the same moment did not.
   * The driver looks first at the last player's deadline (the close time less the grace): when every player has an
   * answer counted by then, none can still be on its way and the grace would only be waiting, so it closes at once.
   */
  private armClose(gameId: string, index: number, closesAt: number): void {
    const close = () => this.closeQuestion(gameId, index, false);
    if (!this.drives(gameId)) {
      this.setCloseTimer(gameId, closesAt + this.settings.tickMs, close);
      return;
    }
    const check = this.setCloseTimer(gameId, closesAt - this.settings.graceMs, async () => {
      // A count that fails (the store away for a moment) means waiting out the grace, not losing the close.
      if (await this.everyoneAnswered(gameId, index).catch(() => false)) return close();
      // Unless the close was re-armed meanwhile (extra time for a player moved the close time).
      if (this.closeTimers.get(gameId) === check) this.setCloseTimer(gameId, closesAt, close);
    });
  }

  /** Replaces the game's pending close step; the step stays listed while it runs, so a tick does not arm another. */
  private setCloseTimer(gameId: string, at: number, step: () => Promise<void>): NodeJS.Timeout {
    const existing = this.closeTimers.get(gameId);
    if (existing) clearTimeout(existing);
    const timer: NodeJS.Timeout = setTimeout(
      () => {
        step()
          .catch((error: unknown) => this.logger.error({ err: error, gameId }, 'closing a question failed'))
          .finally(() => {
            if (this.closeTimers.get(gameId) === timer) this.closeTimers.delete(gameId);
          });
      },
      Math.max(0, at - this.clock.nowMs()),
    );
    timer.unref();
    this.closeTimers.set(gameId, timer);
    return timer;
  }

  /**
   * Whether every player of the game, removed ones included, has an answer to question `index` counted. A player
   * removed before answering keeps this false: the grace is then waited out, the safe side.
   */
  private async everyoneAnswered(gameId: string, index: number): Promise<boolean> {
    const [answered, players] = await Promise.all([
      this.store.answerCount(gameId, index),
      this.store.playerCount(gameId),
    ]);
    return players > 0 && answered >= players;
  }

  /**
   * Closes question `index`: stops answers, applies every answer in one pass, sorts once, broadcasts the top 10
   * once and sends each player their own result. Only the instance that actually closes the answers proceeds, unless
   * `redo` (the host said so, or a new driver finishing the work of a dead one).
   */
  private async closeQuestion(gameId: string, index: number, redo: boolean): Promise<void> {
    // Marked before the first await: the clock's tick must not start a second close of it here meanwhile.
    const key = `${gameId}:${index}`;
    if (this.closing.has(key)) return;
    this.closing.add(key);
    try {
      const first = await this.store.closeAnswers(gameId, index);
      if (!first && !redo) return;
      // Taken out: ranking changes the records in place, and only a close whose scores were saved puts them back.
      const held = this.standings.get(gameId);
      this.standings.delete(gameId);
      const known = held?.index === index - 1 ? held : undefined;
      const [answers, config, roster] = await Promise.all([
        this.store.answersTo(gameId, index),
        this.config(gameId),
        this.store.rosterSince(gameId, known?.roster ?? null),
      ]);
      const players = roster.players ?? known!.players;
      const { standing, outcomes } = applyRound(players, answers, config.streaks);
      standing.forEach((p, i) => {
        const { answered, correct, points, rank } = outcomes[i]!;
        (p as LivePlayerRecord).last = { index, answered, correct, points, rank };
      });
      let ordered = standing as LivePlayerRecord[];
      if (await this.store.saveScores(gameId, index, ordered)) {
        this.standings.set(gameId, { index, roster: roster.version, players, ordered });
      } else {
        // Someone else counted this question already: use their scores, never add ours on top.
        ordered = (await this.store.listPlayers(gameId)).filter((p) => !p.kicked).sort(compareStanding);
      }
      const moved = await this.mutate(gameId, (rt) =>
        rt.status === 'question' && rt.questionIndex === index ? { ...rt, status: 'result' } : null,
      );
      if (!moved) return;
      // What every player gets after a question, in this order on every instance: their own result and rank (the
      // figure players wait for), then the top 10, the same for all (and the host the new state). Each instance
      // sends its own sockets' part: a room broadcast through the adapter would reach another instance while it is
      // still sending its players' own results (in chunks, with turns of the event loop between) and overtake them.
      const results: ResultsSync = {
        type: 'results',
        gameId,
        index,
        leaderboard: {
          index,
          top: this.topRows(ordered, TOP),
          answer: answerKey(config.questions[index]!),
          answeredCount: answers.size,
          playerCount: ordered.length,
        },
        // Every player, removed ones included, as the store counts them: no read before the others can start.
        state: await this.snapshot(config, moved.after, null, players.length),
      };
      this.out.syncOthers(results);
      await this.deliverResults(results);
    } finally {
      this.closing.delete(key);
    }
  }

  private topRows(standing: LivePlayerRecord[], n: number): LiveLeaderRow[] {
    const ranks = competitionRanks(standing.slice(0, n));
    return standing
      .slice(0, n)
      .map((p, i) => ({ rank: ranks[i]!, playerId: p.id, nickname: p.nickname, score: p.score }));
  }

  /**
   * This instance's part of a close: each local player's own result, then the top 10 to its sockets, and the new
   * state to its host. Players get no state here: their result is the move to the result screen, and a third
   * message to 10,000 phones at the moment they all wait costs the servers a third more writes.
   */
  private async deliverResults(msg: ResultsSync): Promise<void> {
    await this.sendOwnResults(msg.gameId, msg.index);
    this.out.toLocal(msg.gameId, 'game', 'leaderboard:update', msg.leaderboard);
    this.out.toLocal(msg.gameId, 'host', 'game:state', msg.state);
  }

  /**
   * Each local player gets their own result: one small message each. The instance that closed the question sends from
   * the records it just ranked (no second read or sort); another instance reads only its own players' scores. Sent
   * in chunks with a turn of the event loop between them, so 10,000 sends do not hold the process for their whole
   * length (other games, joins and host commands go on meanwhile).
   */
  private async sendOwnResults(gameId: string, index: number): Promise<void> {
    const local = [...this.out.localPlayers(gameId)];
    if (local.length === 0) return;
    const ids = local.map(([id]) => id);
    const held = this.standings.get(gameId);
    const results: (PlayerScores | null | undefined)[] =
      held?.index === index ? inOrderOf(ids, held.ordered) : await this.store.scoresOf(gameId, ids);
    for (let from = 0; from < local.length; from += RESULT_CHUNK) {
      if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      for (let i = from; i < Math.min(from + RESULT_CHUNK, local.length); i++) {
        const p = results[i];
        if (!p?.last || p.last.index !== index) continue;
        const { answered, correct, points, rank } = p.last;
        local[i]![1].emit('question:result', {
          index,
          answered,
          correct,
          points,
          total: p.score,
          rank,
          streak: p.streak,
        });
      }
    }
    this.out.dropSlowConsumers();
  }

  private async endGame(gameId: string): Promise<void> {
    const moved = await this.mutate(gameId, (rt) =>
      rt.status === 'ended' ? null : { ...rt, status: 'ended', paused: false, endedAt: this.clock.nowMs() },
    );
    if (!moved) return;
    const standing = await this.persistResults(gameId, moved.after.endedAt);
    this.out.toGame(gameId, 'game:ended', { podium: this.topRows(standing, PODIUM), playerCount: standing.length });
    await this.broadcastState(gameId, moved.after);
    this.out.sync({ type: 'ended', gameId });
  }

  private async persistResults(gameId: string, endedAt: number): Promise<LivePlayerRecord[]> {
    const players = await this.store.listPlayers(gameId);
    const joinOrder = new Map([...players].sort((a, b) => a.seq - b.seq).map((p, i) => [p.id, i + 1]));
    const standing = players.filter((p) => !p.kicked).sort(compareStanding);
    const ranks = competitionRanks(standing);
    const row = (p: LivePlayerRecord, rank: number) => ({
      id: p.id,
      nickname: p.nickname,
      rank,
      score: p.score,
      correctCount: p.correctCount,
      correctTimeMs: p.correctTimeMs,
      kicked: p.kicked,
      joinOrder: joinOrder.get(p.id)!,
    });
    const rows = [
      ...standing.map((p, i) => row(p, ranks[i]!)),
      ...players.filter((p) => p.kicked).map((p) => row(p, 0)),
    ];
    await this.repository.saveFinalRanking(gameId, new Date(endedAt), rows);
    return standing;
  }

  // ---------------------------------------------------------------- sync between instances

  /** A message from another instance (or this one): applied, and a failure logged (nobody awaits it). */
  onSync(msg: LiveSync): void {
    this.applySync(msg).catch((error: unknown) =>
      this.logger.error({ err: error, gameId: msg.gameId, type: msg.type }, 'applying a live sync message failed'),
    );
  }

  private async applySync(msg: LiveSync): Promise<void> {
    switch (msg.type) {
      case 'question':
        this.armClose(msg.gameId, msg.index, msg.closesAt);
        return;
      case 'results':
        await this.deliverResults(msg);
        return;
      case 'kick': {
        const socket = this.out.localPlayer(msg.gameId, msg.playerId);
        if (!socket) return;
        socket.emit('player:kicked', { code: 'PLAYER_KICKED', message: 'Bạn đã bị mời ra khỏi trò chơi.' });
        this.out.unregister(socket);
        socket.disconnect(true);
        return;
      }
      case 'player-state': {
        const socket = this.out.localPlayer(msg.gameId, msg.playerId);
        if (!socket) return;
        const config = await this.config(msg.gameId);
        const player = await this.store.getPlayer(msg.gameId, msg.playerId);
        socket.emit('game:state', await this.snapshot(config, await this.runtime(msg.gameId), player));
        return;
      }
      case 'ended': {
        const timer = this.closeTimers.get(msg.gameId);
        if (timer) clearTimeout(timer);
        this.closeTimers.delete(msg.gameId);
        this.standings.delete(msg.gameId);
        // Every instance, not only the driver that drops the game from the store: its config and PIN go too.
        setTimeout(() => this.forgetLocally(msg.gameId), this.settings.endedRetentionMs).unref();
        return;
      }
    }
  }

  /** Drops what this instance holds of an ended game once its retention is over (late resumes are served till then). */
  private forgetLocally(gameId: string): void {
    const pin = this.configs.get(gameId)?.pin;
    if (pin && this.pins.get(pin) === gameId) this.pins.delete(pin);
    this.configs.delete(gameId);
    this.leases.delete(gameId);
    this.standings.delete(gameId);
    this.out.forgetGame(gameId);
  }

  // ---------------------------------------------------------------- the clock

  /**
   * Every tick: keep the heartbeat of hosts connected here; for each game this instance drives (holds the lease):
   * pause a game whose host is gone too long, finish a question a dead driver left open, drop an ended game later.
   */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.clock.nowMs();
      this.out.dropSlowConsumers();
      this.joinLimiter.sweep(now);
      for (const gameId of this.out.hostedGames()) await this.store.touchHost(gameId, now);
      for (const gameId of await this.store.activeGameIds()) {
        if (!(await this.store.acquireLease(gameId, this.instanceId, this.settings.leaseTtlMs))) {
          this.leases.delete(gameId);
          continue;
        }
        this.leases.set(gameId, now + this.settings.leaseTtlMs);
        await this.drive(gameId, now).catch((error: unknown) =>
          this.logger.error({ err: error, gameId }, 'driving a live game failed'),
        );
      }
    } catch (error) {
      this.logger.error({ err: error }, 'live tick failed');
    } finally {
      this.ticking = false;
    }
  }

  private async drive(gameId: string, now: number): Promise<void> {
    const runtime = await this.store.getRuntime(gameId);
    if (!runtime) return;
    if (runtime.status === 'question') {
      if (!this.closeTimers.has(gameId) && !this.closing.has(`${gameId}:${runtime.questionIndex}`)) {
        // No close of this question pending here. Before its time: arm one (its driver died before telling us).
        // Past it: another instance is most likely closing it right now (ranking 10,000 players takes a moment);
        // take over only once that closer has had a lease's length to finish, so a slow closer is not doubled.
        if (now < runtime.closesAt) this.armClose(gameId, runtime.questionIndex, runtime.closesAt);
        else if (now >= runtime.closesAt + this.settings.leaseTtlMs)
          await this.closeQuestion(gameId, runtime.questionIndex, true);
      }
      return;
    }
    if (runtime.status === 'ended') {
      if (now - runtime.endedAt > this.settings.endedRetentionMs) {
        await this.persistResults(gameId, runtime.endedAt);
        await this.store.removeGame(gameId);
        this.forgetLocally(gameId);
      }
      return;
    }
    const hostAway = now - runtime.hostSeenAt > this.settings.hostGraceMs;
    if (hostAway && !runtime.paused) {
      const changed = await this.mutate(gameId, (rt) =>
        rt.status !== 'question' && rt.status !== 'ended' && !rt.paused ? { ...rt, paused: true } : null,
      );
      if (changed) await this.broadcastState(gameId, changed.after);
    }
  }
}
