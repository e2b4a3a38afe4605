import { Injectable } from '@nestjs/common';
import type { LiveGameState, LiveLeaderRow } from '#contracts';
import { LiveBroadcaster, type ResultsSync } from '../live.broadcaster.js';
import { answerDistribution, answerKey } from '../live-questions.js';
import { compareStanding, competitionRanks } from '../scoring.js';
import {
  type LiveGameConfig,
  type LivePlayerRecord,
  LiveStateStore,
  type PlayerScores,
  type ScoredAnswer,
} from '../state/live-state.store.js';
import { KeptStandings } from './kept-standings.js';

/** Own results sent per turn of the event loop (about 30–60 ms of sending on this machine). */
const RESULT_CHUNK = 1000;

/** The first `n` of a standing as leaderboard rows, ties sharing a rank. */
export function leaderRows(standing: LivePlayerRecord[], n: number): LiveLeaderRow[] {
  const ranks = competitionRanks(standing.slice(0, n));
  return standing
    .slice(0, n)
    .map((p, i) => ({ rank: ranks[i]!, playerId: p.id, nickname: p.nickname, score: p.score }));
}

const TOP = 10;

/** The standing as stored: every player not removed, best first. */
export function storedStanding(players: LivePlayerRecord[]): LivePlayerRecord[] {
  return players.filter((p) => !p.kicked).sort(compareStanding);
}

/**
 * The message of question `index`'s close: the answer, how many chose each option, the top 10 of `ordered` and the
 * host's new state.
 */
export function resultsMessage(
  config: LiveGameConfig,
  index: number,
  ordered: LivePlayerRecord[],
  answers: ReadonlyMap<string, ScoredAnswer>,
  state: LiveGameState,
): ResultsSync {
  return {
    type: 'results',
    gameId: config.gameId,
    index,
    leaderboard: {
      index,
      top: leaderRows(ordered, TOP),
      answer: answerKey(config.questions[index]!),
      answeredCount: answers.size,
      playerCount: ordered.length,
      distribution: answerDistribution(config.questions[index]!, answers.values()),
    },
    state,
  };
}

/** The players with the given ids, in that order (undefined for one not among them). */
function inOrderOf(ids: string[], players: LivePlayerRecord[]): (LivePlayerRecord | undefined)[] {
  const byId = new Map(players.map((p) => [p.id, p]));
  return ids.map((id) => byId.get(id));
}

/**
 * What this instance sends after a question closes, in this order: each local player's own result (chunked), then
 * the top 10 to its sockets, then the new state to its host.
 */
@Injectable()
export class QuestionResults {
  /** Game id → the last question whose results this instance has sent (or is sending) to its sockets. */
  private readonly delivered = new Map<string, number>();

  constructor(
    private readonly out: LiveBroadcaster,
    private readonly store: LiveStateStore,
    private readonly standings: KeptStandings,
  ) {}

  /**
   * This instance's part of a close: each local player's own result, then the top 10 to its sockets, and the new
   * state to its host. Players get no state here: their result is the move to the result screen, and a third
   * message to 10,000 phones at the moment they all wait costs the servers a third more writes.
   * Once per question: the same close coming again (a late copy of the message after the tick sent it) sends nothing.
   */
  async deliver(msg: ResultsSync): Promise<void> {
    if (this.hasDelivered(msg.gameId, msg.index)) return;
    // Marked before the first await: a copy arriving while this one sends must not send too.
    this.delivered.set(msg.gameId, msg.index);
    await this.sendOwnResults(msg.gameId, msg.index);
    this.out.toLocal(msg.gameId, 'game', 'leaderboard:update', msg.leaderboard);
    this.out.toLocal(msg.gameId, 'host', 'game:state', msg.state);
  }

  /** Whether this instance has sent (or is sending) the results of question `index` of the game. */
  hasDelivered(gameId: string, index: number): boolean {
    return (this.delivered.get(gameId) ?? -1) >= index;
  }

  forget(gameId: string): void {
    this.delivered.delete(gameId);
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
}
