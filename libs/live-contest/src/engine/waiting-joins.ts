import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { JoinRateLimiter } from '../join-rate-limiter.js';
import { LiveBroadcaster } from '../live.broadcaster.js';
import { LiveGameCatalog } from './live-game-catalog.js';

/**
 * The host's "waiting to join" figure: players whose join was refused as RATE_LIMITED and whose portal keeps retrying
 * (counted where the join limit is, so across instances). Each instance sends it to its own host sockets on its tick,
 * only when it changed.
 */
@Injectable()
export class WaitingJoins {
  /** Game id → the figure last sent to its host here. */
  private readonly sent = new Map<string, number>();

  constructor(
    private readonly games: LiveGameCatalog,
    private readonly limiter: JoinRateLimiter,
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

  /** A host (re)opened the game: it got the figure with its view. */
  opened(gameId: string, waiting: number): void {
    this.sent.set(gameId, waiting);
  }

  forget(gameId: string): void {
    this.sent.delete(gameId);
  }
}
