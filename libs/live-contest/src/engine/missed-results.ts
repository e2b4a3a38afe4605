import { Injectable, Logger } from '@nestjs/common';
import { LiveStateStore } from '../state/live-state.store.js';
import { GameSnapshots } from './game-snapshots.js';
import { LiveGameCatalog } from './live-game-catalog.js';
import { QuestionCloser } from './question-closer.js';
import { QuestionResults, resultsMessage, storedStanding } from './question-results.js';

/**
 * The net under the close's message between instances. Redis pub/sub keeps nothing: a close sent while this
 * instance's subscriber is away (Redis restarting) never arrives, and its players would never get that question's
 * result. So each tick this instance looks, for each game it holds sockets of, at the store: when a question it saw
 * open is closed there (the game is on that question's result screen) and its results were not sent here, it sends
 * them itself from the stored scores. It waits one tick first: the message normally comes within milliseconds, and
 * the normal close then costs no read more than before.
 */
@Injectable()
export class MissedResults {
  private readonly logger = new Logger('LiveGameEngine');
  /** Game id → the question this instance last saw open. */
  private readonly open = new Map<string, number>();
  /** Game id → the question found closed with its results not sent here, at the last look. */
  private readonly owed = new Map<string, number>();

  constructor(
    private readonly games: LiveGameCatalog,
    private readonly snapshots: GameSnapshots,
    private readonly closer: QuestionCloser,
    private readonly results: QuestionResults,
    private readonly store: LiveStateStore,
  ) {}

  /** Question `index` of the game is open (shown, or its close time moved). */
  seenOpen(gameId: string, index: number): void {
    this.open.set(gameId, index);
  }

  /**
   * One look at a game with sockets here: sends the results of a question closed without them, a tick after first
   * finding them missing. Only a question seen open here: a player who resumes here on a result screen was sent that
   * result by the instance they were on. Not once the game moved on (the next question shown, the game ended): a
   * result would then take the players back.
   */
  async check(gameId: string): Promise<void> {
    const runtime = await this.store.getRuntime(gameId);
    const index = runtime?.questionIndex ?? -1;
    if (runtime?.status === 'question') this.open.set(gameId, index);
    const missing =
      runtime?.status === 'result' &&
      this.open.get(gameId) === index &&
      !this.results.hasDelivered(gameId, index) &&
      !this.closer.isClosing(gameId, index);
    if (!missing) {
      this.owed.delete(gameId);
      if (!runtime) this.forget(gameId);
      return;
    }
    if (this.owed.get(gameId) !== index) {
      this.owed.set(gameId, index);
      return;
    }
    this.owed.delete(gameId);
    // Worth knowing: it means the instances lost touch for a moment (Redis restarted or the network dropped).
    this.logger.warn(
      `the close of question ${index} of game ${gameId} came only through the store: sending its results`,
    );
    const [config, players, answers] = await Promise.all([
      this.games.config(gameId),
      this.store.listPlayers(gameId),
      this.store.answersTo(gameId, index),
    ]);
    const state = await this.snapshots.snapshot(config, runtime, null, players.length);
    await this.results.deliver(resultsMessage(config, index, storedStanding(players), answers, state));
  }

  forget(gameId: string): void {
    this.open.delete(gameId);
    this.owed.delete(gameId);
    this.results.forget(gameId);
  }
}
