import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { fillConnectionPool } from '#core';
import { AttemptService } from '#quiz-engine';
import { ContestRepository } from '../contest.repository.js';
import { AttemptPolicies } from './attempt-policies.js';

/** How often every instance tops up the pools of papers drawn ahead of time, and how early before a round opens. */
const PREDRAW_EVERY_MS = 10_000;
const PREDRAW_BEFORE_OPEN_MS = 15 * 60_000;
/** Most papers drawn ahead for one round (≈ 8 KB each): beyond it, starts draw their own. */
const MAX_PAPERS_AHEAD = 20_000;

/**
 * Papers drawn ahead of time for the rounds open or about to open, so their opening rush draws none, and the
 * instance's database connections open before it, so the rush opens none.
 */
@Injectable()
export class PapersAhead implements OnModuleInit, OnApplicationShutdown {
  private predrawTimer: NodeJS.Timeout | null = null;
  private predrawing = false;

  constructor(
    private readonly repo: ContestRepository,
    private readonly policies: AttemptPolicies,
    private readonly attempts: AttemptService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.predrawTimer = setInterval(() => void this.prepareDueRounds(), PREDRAW_EVERY_MS);
    this.predrawTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.predrawTimer) clearInterval(this.predrawTimer);
  }

  async prepareDueRounds(): Promise<void> {
    if (this.predrawing) return;
    this.predrawing = true;
    try {
      for (const id of await this.repo.roundsToPrepare(PREDRAW_BEFORE_OPEN_MS)) await this.preparePapers(id);
    } catch {
      // The database may be restarting, or a blueprint no longer satisfiable: starts then draw their own papers.
    } finally {
      this.predrawing = false;
    }
  }

  /**
   * Tops up the round's pool of papers drawn ahead of time to one per person still expected to start (the people of
   * its contest's units who have not), up to a bound, and opens this instance's missing database connections.
   * Returns how many papers the pool holds.
   */
  async preparePapers(roundId: string): Promise<number> {
    const round = await this.repo.findRound(roundId);
    if (!round || round.status !== 'open') return 0;
    const contest = await this.repo.findContest(round.contestId);
    const papers = await this.attempts.topUpPapers(await this.policies.of(round), async () =>
      Math.min(MAX_PAPERS_AHEAD, await this.repo.startsToCome(roundId, contest?.unitId ?? null)),
    );
    await fillConnectionPool(this.dataSource);
    return papers;
  }
}
