import { Injectable } from '@nestjs/common';
import { AppError, Clock, type Principal } from '#core';
import { AttemptService, reviewRank, startResponseBody } from '#quiz-engine';
import { isRoundOpenToUnit } from '../audience.js';
import { MAX_PREDICTION } from '../ranking.js';
import { AttemptPolicies } from './attempt-policies.js';
import { RoundCache } from './round-cache.js';

/**
 * A participant's hot path: start (or resume) an attempt in an open round meant for their unit, save answers, submit
 * with a prediction. Starts read the round and the unit's path from memory; keep this path free of extra reads.
 */
@Injectable()
export class ParticipantAttempts {
  constructor(
    private readonly cache: RoundCache,
    private readonly policies: AttemptPolicies,
    private readonly attempts: AttemptService,
    private readonly clock: Clock,
  ) {}

  async startAttempt(principal: Principal, roundId: string, client: { ip: string | null; deviceId: string | null }) {
    const round = await this.cache.round(roundId);
    if (!round) throw new AppError('ROUND_NOT_FOUND');
    const now = this.clock.now();
    if (round.status !== 'open' || now < round.opensAt || now >= round.closesAt) throw new AppError('ROUND_NOT_OPEN');
    // A round open to the whole city (most) costs nothing more; otherwise the unit's path comes from a cache.
    if (
      round.audienceUnitIds.length > 0 &&
      !isRoundOpenToUnit(round.audienceUnitIds, principal.unitId && (await this.cache.unitPath(principal.unitId)))
    )
      throw new AppError('ROUND_NOT_FOR_UNIT');
    const started = await this.attempts.start(await this.policies.of(round), principal.userId, client);
    // The response as JSON bytes (StartAttemptResponseDto): the paper's part written when it was drawn ahead of time
    // (or joined from cached fragments), not serialized object by object at every start of an opening rush.
    return startResponseBody(
      {
        attemptId: started.attemptId,
        attemptNo: started.attemptNo,
        deadline: started.deadline.toISOString(),
        serverNow: new Date().toISOString(),
        resumed: started.resumed,
        answers: started.answers,
        ...(round.predictionQuestion ? { predictionQuestion: round.predictionQuestion } : {}),
      },
      started.questionsJson,
    );
  }

  saveAnswer(principal: Principal, attemptId: string, questionId: string, body: Record<string, unknown>) {
    return this.attempts
      .saveAnswer(attemptId, principal.userId, questionId, body)
      .then((r) => ({ savedAt: r.savedAt.toISOString() }));
  }

  async submitAttempt(principal: Principal, attemptId: string, prediction: unknown) {
    if (
      prediction !== undefined &&
      prediction !== null &&
      !(
        typeof prediction === 'number' &&
        Number.isInteger(prediction) &&
        prediction >= 0 &&
        prediction <= MAX_PREDICTION
      )
    )
      throw new AppError('PREDICTION_INVALID', { max: MAX_PREDICTION });
    const r = await this.attempts.submit(attemptId, principal.userId, (prediction as number | undefined) ?? null);
    // The score goes back only when the round's review options show it (a round may keep scores until it closes).
    const round = await this.cache.round(r.contextId);
    const level = round?.status === 'closed' ? round.review.afterClose : round?.review.afterSubmit;
    const shown = level !== undefined && reviewRank(level) >= reviewRank('score');
    return {
      score: shown ? r.score : null,
      maxScore: shown ? r.maxScore : null,
      correctCount: shown ? r.correctCount : null,
      durationMs: r.durationMs,
      submittedAt: r.submittedAt.toISOString(),
      prediction: r.prediction,
    };
  }
}
