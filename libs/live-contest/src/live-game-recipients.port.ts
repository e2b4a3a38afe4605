import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  type CertificateRecipientList,
  LIVE_GAME_RECIPIENTS,
  type LiveGameRecipientsPort,
  PortRegistry,
  type RecipientSelection,
} from '#core';
import { LiveGameRepository } from './live-game.repository.js';

/**
 * The certificate library's view of a live game (LIVE_GAME_RECIPIENTS): the first N places of a game that ended with
 * results, ties at the N-th included, and of them only the players who joined signed in (a guest has no account to
 * issue to; how many were left out is `skipped`). Provided at start; certificate never imports live-contest.
 */
@Injectable()
export class LiveGameRecipients implements OnModuleInit, LiveGameRecipientsPort {
  constructor(
    private readonly repo: LiveGameRepository,
    private readonly ports: PortRegistry,
  ) {}

  onModuleInit(): void {
    this.ports.provide(LIVE_GAME_RECIPIENTS, this);
  }

  async gameRecipients(gameId: string, selection: RecipientSelection): Promise<CertificateRecipientList | null> {
    const game = await this.repo.findById(gameId);
    if (!game) return null;
    const base = { title: game.title, unitId: game.unitId };
    // Still running, or interrupted (its state was lost; it has no results): nothing to issue from.
    if (game.status !== 'ended' || game.interruptedAt || !game.endedAt)
      return { ...base, frozen: false, finalAt: null, recipients: [], skipped: 0 };
    const rows = await this.repo.topOfRanking(gameId, selection.topN ?? null);
    const recipients = rows.flatMap((r) =>
      r.userId
        ? [{ userId: r.userId, rank: r.rank, score: r.score, maxScore: null, prize: null, prizeLabel: null }]
        : [],
    );
    return {
      ...base,
      frozen: true,
      finalAt: game.endedAt.toISOString(),
      recipients,
      skipped: rows.length - recipients.length,
    };
  }
}
