import { Injectable, Logger } from '@nestjs/common';
import type { LiveGameState } from '#contracts';
import { AppError, Clock } from '#core';
import { LiveBroadcaster } from '../live.broadcaster.js';
import { publicQuestion } from '../live-questions.js';
import { LiveSettings } from '../live-settings.js';
import { type LiveGameConfig, LiveStateStore } from '../state/live-state.store.js';
import { GameSnapshots } from './game-snapshots.js';
import { LiveGameCatalog } from './live-game-catalog.js';
import { QuestionCloser } from './question-closer.js';

/**
 * A question's time: shown now, its deadline the question time later, closed after the longest extra time and the
 * grace. Every instance arms the close; the one holding the game's lease (the driver) closes at that time, or as soon
 * as everyone has answered, the others a tick later in case the driver died.
 */
@Injectable()
export class QuestionClock {
  private readonly logger = new Logger('LiveGameEngine');
  private readonly closeTimers = new Map<string, NodeJS.Timeout>();
  /** Games whose clock this instance drives, and until when its lease lasts (epoch ms), as of its last tick. */
  private readonly leases = new Map<string, number>();

  constructor(
    private readonly games: LiveGameCatalog,
    private readonly snapshots: GameSnapshots,
    private readonly closer: QuestionCloser,
    private readonly store: LiveStateStore,
    private readonly out: LiveBroadcaster,
    private readonly settings: LiveSettings,
    private readonly clock: Clock,
  ) {}

  async showQuestion(config: LiveGameConfig, index: number, fromVersion: number): Promise<LiveGameState> {
    const before = await this.games.runtime(config.gameId);
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
    return this.snapshots.snapshot(config, after, null);
  }

  /** A player's extra time: the question on screen stays open long enough for this player. */
  async allowExtraTime(gameId: string, extraMs: number): Promise<void> {
    const changed = await this.games.mutate(gameId, (rt) =>
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
      this.out.sync({ type: 'question', gameId, index: rt.questionIndex, closesAt: rt.closesAt });
    }
  }

  /** This instance holds the game's lease until `until` (epoch ms). */
  holdLease(gameId: string, until: number): void {
    this.leases.set(gameId, until);
  }

  dropLease(gameId: string): void {
    this.leases.delete(gameId);
  }

  /** Whether this instance drives the game's clock (always, when the game lives in this process). */
  private drives(gameId: string): boolean {
    return !this.store.outlivesProcess || (this.leases.get(gameId) ?? 0) > this.clock.nowMs();
  }

  /**
   * Every instance arms a close: the driver's fires at the close time, the others' a tick later, in case the driver
   * died meanwhile (they find the question closed and stop). So the same instance closes question after question and
   * starts each close from the standing it kept (`KeptStandings`); two instances racing at the same moment did not.
   * The driver looks first at the last player's deadline (the close time less the grace): when every player has an
   * answer counted by then, none can still be on its way and the grace would only be waiting, so it closes at once.
   */
  armClose(gameId: string, index: number, closesAt: number): void {
    const close = () => this.closer.closeQuestion(gameId, index, false);
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

  /** Whether a close step of the game is pending (or running) here. */
  hasPendingClose(gameId: string): boolean {
    return this.closeTimers.has(gameId);
  }

  cancelClose(gameId: string): void {
    const timer = this.closeTimers.get(gameId);
    if (timer) clearTimeout(timer);
    this.closeTimers.delete(gameId);
  }

  stop(): void {
    for (const timer of this.closeTimers.values()) clearTimeout(timer);
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
}
