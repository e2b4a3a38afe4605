import { Injectable } from '@nestjs/common';
import { LiveBroadcaster } from '../live.broadcaster.js';
import { LiveSettings } from '../live-settings.js';
import { type LiveGameRuntime, LiveStateStore } from '../state/live-state.store.js';
import { GameEnding } from './game-ending.js';
import { KeptStandings } from './kept-standings.js';
import { LiveGameCatalog } from './live-game-catalog.js';
import { MissedResults } from './missed-results.js';
import { QuestionClock } from './question-clock.js';

/**
 * How long an ended game stays: every instance stops its clock at once and forgets the game after the retention
 * (late resumes are served till then); the driver then saves the results again and removes the game from the store.
 */
@Injectable()
export class EndedGameRetention {
  constructor(
    private readonly games: LiveGameCatalog,
    private readonly questionClock: QuestionClock,
    private readonly standings: KeptStandings,
    private readonly missed: MissedResults,
    private readonly ending: GameEnding,
    private readonly store: LiveStateStore,
    private readonly out: LiveBroadcaster,
    private readonly settings: LiveSettings,
  ) {}

  /** Every instance, told a game ended. */
  ended(gameId: string): void {
    this.questionClock.cancelClose(gameId);
    this.standings.delete(gameId);
    // Every instance, not only the driver that drops the game from the store: its config and PIN go too.
    setTimeout(() => this.forgetLocally(gameId), this.settings.endedRetentionMs).unref();
  }

  /** The driver of an ended game, each tick: once the retention is over, the game goes from the store. */
  async removeWhenDue(gameId: string, runtime: LiveGameRuntime, now: number): Promise<void> {
    if (now - runtime.endedAt > this.settings.endedRetentionMs) {
      await this.ending.persistResults(gameId, runtime.endedAt);
      await this.store.removeGame(gameId);
      this.forgetLocally(gameId);
    }
  }

  /** Drops what this instance holds of an ended game once its retention is over (late resumes are served till then). */
  private forgetLocally(gameId: string): void {
    this.games.forget(gameId);
    this.questionClock.dropLease(gameId);
    this.standings.delete(gameId);
    this.missed.forget(gameId);
    this.out.forgetGame(gameId);
  }
}
