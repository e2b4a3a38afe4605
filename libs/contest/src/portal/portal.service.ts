import { Injectable } from '@nestjs/common';
import { AppError, Clock, type Principal } from '#core';
import { reviewRank } from '#quiz-engine';
import type {
  MyAttemptDto,
  MyAttemptPageDto,
  PortalContestPageDto,
  PortalRoundDto,
  PortalRoundRulesDto,
} from '../dto/portal.dto.js';
import { PortalRepository, type MyAttemptRow, type PortalRoundRow } from './portal.repository.js';

export const PORTAL_PAGE_SIZE = 20;

/**
 * What the participants' portal reads: the contests and rounds one can enter now or soon (whole-city rounds and those
 * whose audience holds one's unit), one round's public rules, and one's own attempts with what each round lets its
 * participants see of them.
 */
@Injectable()
export class PortalService {
  constructor(
    private readonly repo: PortalRepository,
    private readonly clock: Clock,
  ) {}

  async contests(principal: Principal, page = 1, pageSize = PORTAL_PAGE_SIZE): Promise<PortalContestPageDto> {
    const now = this.clock.now();
    const { rows, total } = await this.repo.contestsWithLiveRounds(
      now,
      principal.unitId,
      (page - 1) * pageSize,
      pageSize,
    );
    const rounds = await this.repo.liveRoundsOf(
      rows.map((c) => c.id),
      now,
      principal,
    );
    return {
      items: rows.map((c) => ({
        id: c.id,
        title: c.title,
        description: c.description,
        rounds: rounds.filter((r) => r.contestId === c.id).map((r) => this.round(r, now)),
      })),
      total,
      page,
      pageSize,
      serverNow: now.toISOString(),
    };
  }

  async rules(principal: Principal, roundId: string): Promise<PortalRoundRulesDto> {
    const now = this.clock.now();
    const r = await this.repo.roundRules(roundId, now, principal);
    if (!r) throw new AppError('ROUND_NOT_FOUND');
    return {
      ...this.round(r, now),
      contestTitle: r.contestTitle,
      contestDescription: r.contestDescription,
      pointsPerQuestion: r.pointsPerQuestion,
      countedAttempt: r.countedAttempt,
      predictionQuestion: r.predictionQuestion,
      reviewAfterSubmit: r.review.afterSubmit,
      reviewAfterClose: r.review.afterClose,
      serverNow: now.toISOString(),
    };
  }

  async myAttempts(principal: Principal, page = 1, pageSize = PORTAL_PAGE_SIZE): Promise<MyAttemptPageDto> {
    const { rows, total } = await this.repo.attemptsOf(principal.userId, (page - 1) * pageSize, pageSize);
    return { items: rows.map((a) => this.attempt(a)), total, page, pageSize };
  }

  private round(r: PortalRoundRow, now: Date): PortalRoundDto {
    const closed = r.status === 'closed' || now >= r.closesAt;
    return {
      id: r.id,
      contestId: r.contestId,
      title: r.title,
      phase: closed ? 'closed' : now < r.opensAt ? 'upcoming' : 'open',
      opensAt: r.opensAt.toISOString(),
      closesAt: r.closesAt.toISOString(),
      durationSeconds: r.durationSeconds,
      questionCount: r.questionCount,
      maxAttempts: r.maxAttempts,
      attemptsUsed: r.attemptsUsed,
      // A running attempt is resumed, not a new one: it is already counted in attemptsUsed.
      attemptsLeft: Math.max(0, r.maxAttempts - r.attemptsUsed),
      attemptInProgress: r.attemptInProgress,
    };
  }

  /** Scores only where the round shows them now (as submit and review do); nothing of a running attempt. */
  private attempt(a: MyAttemptRow): MyAttemptDto {
    const roundClosed = a.roundStatus === 'closed';
    const level = a.status === 'submitted' ? (roundClosed ? a.review.afterClose : a.review.afterSubmit) : 'none';
    const shown = reviewRank(level) >= reviewRank('score');
    return {
      attemptId: a.attemptId,
      roundId: a.roundId,
      roundTitle: a.roundTitle,
      contestId: a.contestId,
      contestTitle: a.contestTitle,
      attemptNo: a.attemptNo,
      status: a.status,
      startedAt: a.startedAt.toISOString(),
      deadline: a.deadline.toISOString(),
      submittedAt: a.submittedAt?.toISOString() ?? null,
      roundClosed,
      reviewLevel: level,
      score: shown ? a.score : null,
      maxScore: shown ? a.maxScore : null,
      correctCount: shown ? a.correctCount : null,
      durationMs: a.status === 'submitted' ? a.durationMs : null,
      rank: roundClosed ? a.rank : null,
    };
  }
}
