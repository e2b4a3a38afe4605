import { Injectable } from '@nestjs/common';
import { AppError, AuditService, Clock, type Principal } from '#core';
import { vietnamToday } from '#identity';
import { ContestRepository } from '../contest.repository.js';
import { PRIZE_LABELS_VI, lastPrizeRank, prizeForRank, type PrizeConfig } from '../prizes.js';
import { leaderboardRow } from './leaderboard.js';
import { RoundAccess } from './round-access.js';

/** A round's prizes: how many of each an organizer sets, and who wins them once the round is closed. */
@Injectable()
export class RoundPrizes {
  constructor(
    private readonly repo: ContestRepository,
    private readonly access: RoundAccess,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async setPrizes(principal: Principal, roundId: string, config: PrizeConfig) {
    await this.access.manageableRound(principal, roundId);
    await this.repo.setPrizes(roundId, config);
    await this.audit.record(principal.userId, 'round.prizes', roundId, { ...config });
    return this.prizes(roundId);
  }

  /** The prize counts, and once the round is closed its winners (before: none yet, so prizes can be set ahead). */
  async prizes(roundId: string) {
    const round = await this.repo.findRound(roundId);
    if (!round) throw new AppError('ROUND_NOT_FOUND');
    const config = round.prizes ?? { first: 0, second: 0, third: 0, consolation: 0 };
    if (round.status !== 'closed') return { config, winners: [] };
    const last = lastPrizeRank(config);
    const today = vietnamToday(this.clock.now());
    // Ties at the last prized rank share it, so read a little past it and filter by rank.
    const rows = last ? await this.repo.leaderboard(roundId, last + 1000) : [];
    return {
      config,
      winners: rows.flatMap((r) => {
        const prize = prizeForRank(r.rank, config);
        return prize ? [{ ...leaderboardRow(r, today), prize, prizeLabel: PRIZE_LABELS_VI[prize] }] : [];
      }),
    };
  }
}
