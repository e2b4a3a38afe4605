import { Injectable } from '@nestjs/common';
import type { Principal } from '#core';
import { AttemptLedger, AttemptService, analyseItems, type ItemStats } from '#quiz-engine';
import { ContestRepository } from '../contest.repository.js';
import { flagAttempts, type AttemptFlag } from '../suspicious.js';
import { RoundAccess } from './round-access.js';

/** What an organizer reviews after a round: each question's item analysis, and attempts that look suspicious. */
@Injectable()
export class RoundAnalysis {
  constructor(
    private readonly repo: ContestRepository,
    private readonly access: RoundAccess,
    private readonly attempts: AttemptService,
    private readonly ledger: AttemptLedger,
  ) {}

  async itemAnalysis(principal: Principal, roundId: string): Promise<ItemStats[]> {
    await this.access.manageableRound(principal, roundId);
    await this.access.closedRound(roundId);
    const responses = await this.repo.countedResponses(roundId);
    const versions = await this.ledger.versionsInContext(roundId);
    const snapshots = await this.attempts.versionsById([...new Set(versions.map((v) => v.versionId))]);
    const keys = new Map<string, { id: string; fraction: number }[]>();
    for (const q of snapshots.values())
      if (q.options)
        keys.set(
          q.questionId,
          q.options.map((o) => ({ id: o.id, fraction: o.fraction })),
        );
    return analyseItems(
      responses.map((r) => ({ ...r, ...(r.optionIds ? { optionIds: r.optionIds } : { optionIds: undefined }) })),
      keys,
    );
  }

  /** Flags for a person to review, never acted on automatically. */
  async flags(principal: Principal, roundId: string): Promise<AttemptFlag[]> {
    await this.access.manageableRound(principal, roundId);
    return flagAttempts(await this.repo.attemptTraces(roundId));
  }
}
