import { Injectable } from '@nestjs/common';
import { AppError, Clock, type Principal } from '#core';
import { publicName, vietnamToday } from '#identity';
import { ContestRepository, type RankingRow } from '../contest.repository.js';
import { explainRank } from '../ranking.js';
import { RoundAccess } from './round-access.js';

export interface LeaderboardRow {
  rank: number;
  userId: string;
  displayName: string;
  unitId: string | null;
  score: number;
  prediction: number | null;
  durationMs: number;
  submittedAt: string;
}

/** A frozen ranking's row as anyone may read it: the person's public name as of today. */
export function leaderboardRow(r: RankingRow, today: string): LeaderboardRow {
  return {
    rank: r.rank,
    userId: r.userId,
    displayName: publicName(r, today),
    unitId: r.unitId,
    score: r.score,
    prediction: r.prediction,
    durationMs: r.durationMs,
    submittedAt: new Date(r.submittedAt).toISOString(),
  };
}

/** A closed round's frozen ranking: its top rows, and one's own rank with why it is that rank. */
@Injectable()
export class RoundLeaderboard {
  constructor(
    private readonly repo: ContestRepository,
    private readonly access: RoundAccess,
    private readonly clock: Clock,
  ) {}

  async leaderboard(roundId: string, limit = 100): Promise<LeaderboardRow[]> {
    await this.access.closedRound(roundId);
    const today = vietnamToday(this.clock.now());
    return (await this.repo.leaderboard(roundId, limit)).map((r) => leaderboardRow(r, today));
  }

  async myRank(principal: Principal, roundId: string) {
    const round = await this.access.closedRound(roundId);
    const r = await this.repo.rankingOfUser(roundId, principal.userId);
    if (!r) throw new AppError('NOT_FOUND');
    return {
      ...leaderboardRow(r, vietnamToday(this.clock.now())),
      maxScore: r.maxScore,
      predictionValue: round.predictionValue,
      predictionDistance: r.predictionDistance,
      participants: await this.repo.participantCount(roundId),
      explanation: explainRank(r),
    };
  }
}
