import { Injectable } from '@nestjs/common';
import type { LiveGameState } from '#contracts';
import { Clock } from '#core';
import { LiveBroadcaster } from '../live.broadcaster.js';
import { publicQuestion } from '../live-questions.js';
import {
  type LiveGameConfig,
  type LiveGameRuntime,
  type LivePlayerRecord,
  LiveStateStore,
} from '../state/live-state.store.js';
import { LiveGameCatalog } from './live-game-catalog.js';

/** What a game looks like to a player or host at this moment (`game:state`): the question on screen, their own line. */
@Injectable()
export class GameSnapshots {
  constructor(
    private readonly games: LiveGameCatalog,
    private readonly store: LiveStateStore,
    private readonly out: LiveBroadcaster,
    private readonly clock: Clock,
  ) {}

  async snapshot(
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
      pausedByHost: Boolean(runtime.pausedAt),
      remainingMs:
        runtime.status === 'question' && runtime.pausedAt ? Math.max(0, runtime.deadline - runtime.pausedAt) : null,
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

  async broadcastState(gameId: string, runtime?: LiveGameRuntime): Promise<LiveGameState> {
    const config = await this.games.config(gameId);
    const state = await this.snapshot(config, runtime ?? (await this.games.runtime(gameId)), null);
    this.out.toGame(gameId, 'game:state', state);
    return state;
  }
}
