import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { QuestionSnapshot } from '#contracts';
import { Clock } from '#core';
import { QUESTION_PUBLISHED_EVENT, QuestionBankReader, type QuestionPublishedEvent } from '#question-bank';
import type { AttemptPolicy } from '#quiz-engine';
import { ContestRepository } from '../contest.repository.js';
import type { ContestRound } from '../entities/contest-round.entity.js';

const POOL_TTL_MS = 60_000;

/**
 * What the attempt engine needs of a round, the same for a start and for papers drawn ahead of time: its limits, the
 * other rounds of its contest, and its published pools per blueprint line (cached, so starts never query the bank
 * during an opening spike).
 */
@Injectable()
export class AttemptPolicies {
  private readonly pools = new Map<string, { at: number; bankId: string; pools: Promise<QuestionSnapshot[][]> }>();
  private readonly contestRounds = new Map<string, string[]>();

  constructor(
    private readonly repo: ContestRepository,
    private readonly bank: QuestionBankReader,
    private readonly clock: Clock,
  ) {}

  async of(round: ContestRound): Promise<AttemptPolicy> {
    return {
      contextId: round.id,
      relatedContextIds: await this.roundsOfContest(round.contestId),
      maxAttempts: round.maxAttempts,
      durationSeconds: round.durationSeconds,
      hardDeadline: round.closesAt,
      pointsPerQuestion: round.pointsPerQuestion,
      blueprint: round.blueprint,
      pools: () => this.roundPools(round),
    };
  }

  /** A contest got a new round: the next policy of its rounds reads their list again. */
  forgetRoundsOfContest(contestId: string): void {
    this.contestRounds.delete(contestId);
  }

  /** A round's blueprint or bank was edited: its next policy reads the pools again. */
  forgetPoolsOfRound(roundId: string): void {
    this.pools.delete(roundId);
  }

  /** A bank published new versions: rounds drawing from it reload their pools (and papers of the old ones are not
   * handed out any more, see AttemptService.topUpPapers). */
  @OnEvent(QUESTION_PUBLISHED_EVENT)
  forgetPoolsOfBank(event: QuestionPublishedEvent): void {
    for (const [roundId, hit] of this.pools) if (hit.bankId === event.bankId) this.pools.delete(roundId);
  }

  private roundPools(round: ContestRound): Promise<QuestionSnapshot[][]> {
    const hit = this.pools.get(round.id);
    if (hit && this.clock.nowMs() - hit.at < POOL_TTL_MS) return hit.pools;
    const pools = Promise.all(
      round.blueprint.map((b) =>
        this.bank.publishedPool({
          bankId: round.bankId,
          category: b.category,
          ...(b.difficulty ? { difficulty: b.difficulty } : {}),
        }),
      ),
    );
    this.pools.set(round.id, { at: this.clock.nowMs(), bankId: round.bankId, pools });
    pools.catch(() => this.pools.delete(round.id));
    return pools;
  }

  private async roundsOfContest(contestId: string): Promise<string[]> {
    let ids = this.contestRounds.get(contestId);
    if (!ids) {
      ids = await this.repo.roundIdsOfContest(contestId);
      this.contestRounds.set(contestId, ids);
    }
    return ids;
  }
}
