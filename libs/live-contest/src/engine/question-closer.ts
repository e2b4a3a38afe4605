import { Injectable } from '@nestjs/common';
import { LiveBroadcaster } from '../live.broadcaster.js';
import { applyRound } from '../scoring.js';
import { type LivePlayerRecord, LiveStateStore } from '../state/live-state.store.js';
import { GameSnapshots } from './game-snapshots.js';
import { KeptStandings } from './kept-standings.js';
import { LiveGameCatalog } from './live-game-catalog.js';
import { QuestionResults, resultsMessage, storedStanding } from './question-results.js';

/**
 * Closing a question and scoring it: answers stop, every answer is applied in one pass, the standing is sorted once
 * and saved unless another instance counted it first, the game moves to its result screen and the results go out.
 */
@Injectable()
export class QuestionCloser {
  /** `gameId:index` of the closes running here. */
  private readonly closing = new Set<string>();

  constructor(
    private readonly games: LiveGameCatalog,
    private readonly snapshots: GameSnapshots,
    private readonly store: LiveStateStore,
    private readonly out: LiveBroadcaster,
    private readonly results: QuestionResults,
    private readonly standings: KeptStandings,
  ) {}

  /** Whether this instance is closing question `index` of the game right now. */
  isClosing(gameId: string, index: number): boolean {
    return this.closing.has(`${gameId}:${index}`);
  }

  /**
   * Closes question `index`: stops answers, applies every answer in one pass, sorts once, broadcasts the top 10
   * once and sends each player their own result. Only the instance that actually closes the answers proceeds, unless
   * `redo` (the host said so, or a new driver finishing the work of a dead one).
   */
  async closeQuestion(gameId: string, index: number, redo: boolean): Promise<void> {
    // Marked before the first await: the clock's tick must not start a second close of it here meanwhile.
    const key = `${gameId}:${index}`;
    if (this.closing.has(key)) return;
    this.closing.add(key);
    try {
      if (!redo) {
        // A timer armed before the host paused the question: it is closed at its new time after host:resume.
        const runtime = await this.store.getRuntime(gameId);
        if (runtime?.pausedAt && runtime.status === 'question' && runtime.questionIndex === index) return;
      }
      const first = await this.store.closeAnswers(gameId, index);
      if (!first && !redo) return;
      // Taken out: ranking changes the records in place, and only a close whose scores were saved puts them back.
      const held = this.standings.get(gameId);
      this.standings.delete(gameId);
      const known = held?.index === index - 1 ? held : undefined;
      const [answers, config, roster] = await Promise.all([
        this.store.answersTo(gameId, index),
        this.games.config(gameId),
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
        ordered = storedStanding(await this.store.listPlayers(gameId));
      }
      const moved = await this.games.mutate(gameId, (rt) =>
        rt.status === 'question' && rt.questionIndex === index ? { ...rt, status: 'result' } : null,
      );
      if (!moved) return;
      // What every player gets after a question, in this order on every instance: their own result and rank (the
      // figure players wait for), then the top 10, the same for all (and the host the new state). Each instance
      // sends its own sockets' part: a room broadcast through the adapter would reach another instance while it is
      // still sending its players' own results (in chunks, with turns of the event loop between) and overtake them.
      const results = resultsMessage(
        config,
        index,
        ordered,
        answers,
        // Every player, removed ones included, as the store counts them: no read before the others can start.
        await this.snapshots.snapshot(config, moved.after, null, players.length),
      );
      this.out.syncOthers(results);
      await this.results.deliver(results);
    } finally {
      this.closing.delete(key);
    }
  }
}
