import { Injectable } from '@nestjs/common';
import { AppError, type Principal } from '#core';
import {
  AttemptLedger,
  AttemptService,
  reviewPaper,
  reviewRank,
  type ReviewedQuestion,
  type ReviewLevel,
} from '#quiz-engine';
import { ContestRepository } from '../contest.repository.js';

export interface AttemptReview {
  attemptId: string;
  roundId: string;
  attemptNo: number;
  level: ReviewLevel;
  roundClosed: boolean;
  moreAfterClose?: ReviewLevel;
  submittedAt: string;
  finishedBy: string;
  score?: number;
  maxScore?: number;
  correctCount?: number;
  durationMs?: number;
  prediction?: number | null;
  questions?: ReviewedQuestion[];
}

/**
 * One's own submitted attempt, with what the round's review options allow at this moment: afterSubmit while the
 * round is open, afterClose once it is closed. Nothing (and never the key) while the attempt can still be answered.
 */
@Injectable()
export class AttemptReviews {
  constructor(
    private readonly repo: ContestRepository,
    private readonly attempts: AttemptService,
    private readonly ledger: AttemptLedger,
  ) {}

  async reviewAttempt(principal: Principal, attemptId: string): Promise<AttemptReview> {
    const attempt = await this.ledger.findAttempt(attemptId);
    if (!attempt || attempt.userId !== principal.userId) throw new AppError('ATTEMPT_NOT_FOUND');
    // Read fresh, not from the start path's cache: the level changes the moment the round closes.
    const round = await this.repo.findRound(attempt.contextId);
    if (!round) throw new AppError('ATTEMPT_NOT_FOUND');
    if (attempt.status !== 'submitted') throw new AppError('ATTEMPT_IN_PROGRESS');
    const closed = round.status === 'closed';
    const level = closed ? round.review.afterClose : round.review.afterSubmit;
    const out: AttemptReview = {
      attemptId,
      roundId: round.id,
      attemptNo: attempt.attemptNo,
      level,
      roundClosed: closed,
      submittedAt: attempt.submittedAt!.toISOString(),
      finishedBy: attempt.finishedBy ?? 'participant',
    };
    if (!closed && reviewRank(round.review.afterClose) > reviewRank(level))
      out.moreAfterClose = round.review.afterClose;
    if (reviewRank(level) >= reviewRank('score'))
      Object.assign(out, {
        score: attempt.score ?? 0,
        maxScore: attempt.maxScore,
        correctCount: attempt.correctCount ?? 0,
        durationMs: attempt.durationMs ?? 0,
        prediction: attempt.prediction,
      });
    if (level === 'answers' || level === 'solutions') {
      // The versions the paper was drawn with, through the engine's cache (not the paper cache of open attempts).
      const versions = await this.attempts.versionsById(attempt.paper.map((p) => p.versionId));
      const questions = new Map(
        attempt.paper.flatMap((p) => {
          const q = versions.get(p.versionId);
          return q ? [[p.questionId, q] as const] : [];
        }),
      );
      const answers = await this.ledger.answersOf(attemptId);
      out.questions = reviewPaper(
        level,
        attempt.paper,
        questions,
        new Map(answers.map((a) => [a.questionId, a])),
        round.pointsPerQuestion,
      );
    }
    return out;
  }
}
