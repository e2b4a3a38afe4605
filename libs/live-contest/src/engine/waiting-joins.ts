import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { JoinRateLimiter } from '../join-rate-limiter.js';
import { LiveBroadcaster } from '../live.broadcaster.js';
import { LiveStateStore } from '../state/live-state.store.js';
import { LiveGameCatalog } from './live-game-catalog.js';

/**
 * The host's running figures, sent by each instance to its own host sockets on its tick, only when they changed:
 * the players waiting to join (refused as RATE_LIMITED, the portal retrying; counted where the join limit is, so
 * across instances) and, while a question is on screen, how many have answered it (one count read a second).
 */
@Injectable()
export class WaitingJoins {
  /** Game id → the figure last sent to its host here. */
  private readonly sent = new Map<string, number>();
  /** Game id → the answer count last sent to its host here, as `index:count`. */
  private readonly answers = new Map<string, string>();

  constructor(
    private readonly games: LiveGameCatalog,
    private readonly limiter: JoinRateLimiter,
    private readonly store: LiveStateStore,
    private readonly out: LiveBroadcaster,
    private readonly clock: Clock,
  ) {}

  async count(gameId: string): Promise<number> {
    const config = await this.games.config(gameId);
    return this.limiter.waitingCount(config.pin, this.clock.nowMs());
  }

  /** Sends the figure to this instance's host sockets of the game when it changed since the last one sent. */
  async refresh(gameId: string): Promise<void> {
    const waiting = await this.count(gameId);
    if (this.sent.get(gameId) === waiting) return;
    this.sent.set(gameId, waiting);
    this.out.toLocal(gameId, 'host', 'lobby:waiting', { waiting });
  }

  /** While a question is on screen: how many have answered it, when that moved since the last one sent here. */
  async refreshAnswers(gameId: string): Promise<void> {
    const runtime = await this.store.getRuntime(gameId);
    if (runtime?.status !== 'question') return;
    const index = runtime.questionIndex;
    const answered = await this.store.answerCount(gameId, index);
    const key = `${index}:${answered}`;
    if (this.answers.get(gameId) === key) return;
    this.answers.set(gameId, key);
    this.out.toLocal(gameId, 'host', 'question:answers', { index, answered });
  }

  /** A host (re)opened the game: it got the figure with its view. */
  opened(gameId: string, waiting: number): void {
    this.sent.set(gameId, waiting);
  }

  forget(gameId: string): void {
    this.sent.delete(gameId);
    this.answers.delete(gameId);
  }
}
