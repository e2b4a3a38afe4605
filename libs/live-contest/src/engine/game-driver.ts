import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, Clock, MetricsService } from '#core';
import { JoinRateLimiter } from '../join-rate-limiter.js';
import { LiveBroadcaster } from '../live.broadcaster.js';
import { LiveGameRepository } from '../live-game.repository.js';
import { LiveSettings } from '../live-settings.js';
import { LiveStateStore } from '../state/live-state.store.js';
import { EndedGameRetention } from './ended-game-retention.js';
import { GameSnapshots } from './game-snapshots.js';
import { LiveGameCatalog } from './live-game-catalog.js';
import { MissedResults } from './missed-results.js';
import { QuestionClock } from './question-clock.js';
import { QuestionCloser } from './question-closer.js';
import { WaitingJoins } from './waiting-joins.js';

/**
 * The tick: one instance at a time (the lease holder) drives each game. It finishes a question a dead driver left
 * open, pauses a game whose host is away too long, and removes an ended game after its retention; every instance keeps
 * the heartbeat of the hosts connected to it. At start, games held by a process that is gone end as interrupted.
 */
@Injectable()
export class GameDriver {
  private readonly logger = new Logger('LiveGameEngine');
  private tickTimer: NodeJS.Timeout | null = null;
  private ticking = false;
  readonly instanceId: string;

  constructor(
    private readonly games: LiveGameCatalog,
    private readonly snapshots: GameSnapshots,
    private readonly questionClock: QuestionClock,
    private readonly closer: QuestionCloser,
    private readonly missed: MissedResults,
    private readonly retention: EndedGameRetention,
    private readonly store: LiveStateStore,
    private readonly repository: LiveGameRepository,
    private readonly out: LiveBroadcaster,
    private readonly settings: LiveSettings,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    private readonly joinLimiter: JoinRateLimiter,
    private readonly waiting: WaitingJoins,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.instanceId = `${config.instanceId}-${randomBytes(3).toString('hex')}`;
  }

  async start(): Promise<void> {
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

  /** Clears the tick, and no tick running now schedules another. */
  stop(): void {
    if (this.tickTimer) clearTimeout(this.tickTimer);
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

  /**
   * Every tick: keep the heartbeat of hosts connected here; for each game this instance drives (holds the lease):
   * pause a game whose host is gone too long, finish a question a dead driver left open, drop an ended game later;
   * for each game with sockets here: send the results of a close whose message did not arrive.
   */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.clock.nowMs();
      this.out.dropSlowConsumers();
      this.joinLimiter.sweep(now);
      for (const gameId of this.out.hostedGames()) {
        await this.store.touchHost(gameId, now);
        await Promise.all([this.waiting.refresh(gameId), this.waiting.refreshAnswers(gameId)]).catch((error: unknown) =>
          this.logger.error({ err: error, gameId }, 'counting waiting joins or answers failed'),
        );
      }
      for (const gameId of await this.store.activeGameIds()) {
        if (!(await this.store.acquireLease(gameId, this.instanceId, this.settings.leaseTtlMs))) {
          this.questionClock.dropLease(gameId);
          continue;
        }
        this.questionClock.holdLease(gameId, now + this.settings.leaseTtlMs);
        await this.drive(gameId, now).catch((error: unknown) =>
          this.logger.error({ err: error, gameId }, 'driving a live game failed'),
        );
      }
      // Driven here or not: the players here get each close's results even if its message from another instance
      // was lost (one read of each game's state per tick).
      for (const gameId of this.out.localGames()) {
        await this.missed
          .check(gameId)
          .catch((error: unknown) => this.logger.error({ err: error, gameId }, 'sending missed live results failed'));
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
      // Held by the host: nothing closes until host:resume.
      if (runtime.pausedAt) return;
      if (!this.questionClock.hasPendingClose(gameId) && !this.closer.isClosing(gameId, runtime.questionIndex)) {
        // No close of this question pending here. Before its time: arm one (its driver died before telling us).
        // Past it: another instance is most likely closing it right now (ranking 10,000 players takes a moment);
        // take over only once that closer has had a lease's length to finish, so a slow closer is not doubled.
        if (now < runtime.closesAt) this.questionClock.armClose(gameId, runtime.questionIndex, runtime.closesAt);
        else if (now >= runtime.closesAt + this.settings.leaseTtlMs)
          await this.closer.closeQuestion(gameId, runtime.questionIndex, true);
      }
      return;
    }
    if (runtime.status === 'ended') {
      await this.retention.removeWhenDue(gameId, runtime, now);
      return;
    }
    const hostAway = now - runtime.hostSeenAt > this.settings.hostGraceMs;
    if (hostAway && !runtime.paused) {
      const changed = await this.games.mutate(gameId, (rt) =>
        rt.status !== 'question' && rt.status !== 'ended' && !rt.paused ? { ...rt, paused: true } : null,
      );
      if (changed) await this.snapshots.broadcastState(gameId, changed.after);
    }
  }
}
