import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  PortRegistry,
  RANKING_RECIPIENTS,
  type CertificateRecipientList,
  type RankingRecipientsPort,
  type RecipientSelection,
} from '#core';
import { ContestRepository } from '../contest.repository.js';
import { PRIZE_LABELS_VI, lastPrizeRank, prizeForRank } from '../prizes.js';

/** Rows read past the last rank asked for, so people tied on it are all included (as the prize list does). */
const TIE_MARGIN = 1000;

/**
 * The certificate library's view of a round (RANKING_RECIPIENTS): its frozen ranking's prize winners or top N, read
 * with contest's own SQL as the leaderboard and the prize list read them. Provided at start; certificate never
 * imports contest.
 */
@Injectable()
export class RoundRecipientsPort implements OnModuleInit, RankingRecipientsPort {
  constructor(
    private readonly repo: ContestRepository,
    private readonly ports: PortRegistry,
  ) {}

  onModuleInit(): void {
    this.ports.provide(RANKING_RECIPIENTS, this);
  }

  async roundRecipients(roundId: string, selection: RecipientSelection): Promise<CertificateRecipientList | null> {
    const round = await this.repo.findRound(roundId);
    if (!round) return null;
    const contest = await this.repo.findContest(round.contestId);
    const title = contest ? `${contest.title} — ${round.title}` : round.title;
    const unitId = contest?.unitId ?? null;
    if (round.status !== 'closed') return { title, unitId, frozen: false, finalAt: null, recipients: [] };
    const config = round.prizes ?? { first: 0, second: 0, third: 0, consolation: 0 };
    const last = selection.topN ?? lastPrizeRank(config);
    const rows = last ? await this.repo.leaderboard(roundId, last + TIE_MARGIN) : [];
    const recipients = rows.flatMap((r) => {
      const prize = prizeForRank(r.rank, config);
      if (selection.topN ? r.rank > selection.topN : !prize) return [];
      return [
        {
          userId: r.userId,
          rank: r.rank,
          score: r.score,
          maxScore: r.maxScore,
          prize,
          prizeLabel: prize ? PRIZE_LABELS_VI[prize] : null,
        },
      ];
    });
    return { title, unitId, frozen: true, finalAt: round.closedAt?.toISOString() ?? null, recipients };
  }
}
