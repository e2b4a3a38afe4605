import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppError, AuditService, JobQueue, type Principal } from '#core';
import { AttemptLedger, AttemptService } from '#quiz-engine';
import { ContestRepository } from '../contest.repository.js';
import { RoundAccess } from './round-access.js';
import { RoundCache } from './round-cache.js';
import { ROUND_CLOSE_JOB } from './round-close-job.js';

const CLOSE_SWEEP_MS = 10_000;

/**
 * Closing a round, once: at its close time (a job, with a periodic sweep as a safety net) or by an organizer. Finishes
 * open attempts, computes the prediction value, freezes the ranking and the unit statistics.
 */
@Injectable()
export class RoundClosing implements OnModuleInit, OnApplicationShutdown {
  private closeTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: ContestRepository,
    private readonly access: RoundAccess,
    private readonly cache: RoundCache,
    private readonly attempts: AttemptService,
    private readonly ledger: AttemptLedger,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.work<{ roundId: string }>(ROUND_CLOSE_JOB, async ({ roundId }) => {
      // A round whose close time was moved later keeps its first job: it closes with the job of its new time.
      const round = await this.repo.findRound(roundId);
      if (round && round.status === 'open' && round.closesAt.getTime() > Date.now()) return;
      await this.closeRound(roundId, null);
    });
    // A safety net for a lost job (or a round whose close time was reached while every instance was down).
    this.closeTimer = setInterval(() => void this.closeDueRounds(), CLOSE_SWEEP_MS);
    this.closeTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.closeTimer) clearInterval(this.closeTimer);
  }

  async closeDueRounds(): Promise<void> {
    try {
      for (const id of await this.repo.roundsDueToClose()) await this.closeRound(id, null);
    } catch {
      // The database may be restarting; the next pass retries.
    }
  }

  async closeRound(roundId: string, actor: Principal | null) {
    if (actor) await this.access.manageableRound(actor, roundId);
    const out = await this.repo.transaction(async (m) => {
      const round = await this.repo.lockRound(m, roundId);
      if (!round) throw new AppError('ROUND_NOT_FOUND');
      if (round.status === 'closed') return { round, autoSubmitted: 0, closedAt: round.closedAt!, already: true };
      await this.repo.allowLargeSorts(m);
      // Also discards the papers drawn ahead that nobody took: none of them may outlive the round.
      const autoSubmitted = await this.ledger.closeContext(m, roundId);
      const predictionValue = round.predictionTarget
        ? await this.repo.predictionValue(m, roundId, round.predictionTarget, round.countedAttempt)
        : null;
      const ranking = await this.repo.buildRanking(m, roundId, round.countedAttempt, round.ranking, predictionValue);
      await this.repo.freezeUnitStats(m, ranking, round.statsPopulations);
      await this.repo.attachRanking(m, ranking);
      const closedAt = await this.repo.markClosed(m, roundId, predictionValue);
      if (actor) await this.audit.record(actor.userId, 'round.close', roundId, { autoSubmitted }, m);
      return { round: { ...round, predictionValue }, autoSubmitted, closedAt, already: false };
    });
    this.cache.forgetRound(roundId);
    this.attempts.forgetPapers(roundId);
    return {
      roundId,
      predictionValue: out.round.predictionValue,
      participants: await this.repo.participantCount(roundId),
      autoSubmitted: out.autoSubmitted,
      closedAt: out.closedAt.toISOString(),
    };
  }
}
