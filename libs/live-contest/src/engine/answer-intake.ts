import { Injectable } from '@nestjs/common';
import type { PlayerAnswerPayload, PlayerAnswerResult } from '#contracts';
import { AppError } from '#core';
import { scoreAnswer } from '#quiz-engine';
import type { LiveSocket } from '../live.broadcaster.js';
import { answerChoice, answerFits } from '../live-questions.js';
import { LiveSettings } from '../live-settings.js';
import { answerPoints } from '../scoring.js';
import { LiveStateStore } from '../state/live-state.store.js';
import { LiveGameCatalog } from './live-game-catalog.js';

/**
 * Taking a player's answer: only to the question on screen, in time by the frame's arrival (the player's extra time
 * and the grace counted), scored at once; a resend of an answer already counted is acknowledged as a duplicate.
 */
@Injectable()
export class AnswerIntake {
  constructor(
    private readonly games: LiveGameCatalog,
    private readonly store: LiveStateStore,
    private readonly settings: LiveSettings,
  ) {}

  /**
   * Records one answer. `receivedAt` is the server's clock when the answer's frame arrived (read by the gateway before
   * anything else): lateness and speed points are judged by it, never by when the answer got its turn, so a busy
   * server refuses or slows nobody who answered in time.
   */
  async answer(socket: LiveSocket, payload: PlayerAnswerPayload, receivedAt: number): Promise<PlayerAnswerResult> {
    const { gameId, playerId } = socket.data;
    if (!gameId || !playerId) throw new AppError('GAME_STATE_INVALID');
    const config = await this.games.config(gameId);
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
    // While the host holds the question (host:pause) its clock stands still: an answer counts as given at the pause.
    const elapsedMs = Math.min(receivedAt, runtime.pausedAt || Number.POSITIVE_INFINITY) - runtime.shownAt;
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
      choice: answerChoice(question, payload.optionIds),
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
}
