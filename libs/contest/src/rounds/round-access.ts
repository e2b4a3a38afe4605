import { Injectable } from '@nestjs/common';
import { AppError, hasRole, type Principal } from '#core';
import { AccessScopeService } from '#identity';
import { ContestRepository } from '../contest.repository.js';
import type { ContestRound } from '../entities/contest-round.entity.js';

/**
 * Who may manage a contest or a round (an admin, or an organizer whose subtree holds the contest's unit), and which
 * rounds have results to read (closed ones).
 */
@Injectable()
export class RoundAccess {
  constructor(
    private readonly repo: ContestRepository,
    private readonly scope: AccessScopeService,
  ) {}

  async manageableContest(principal: Principal, contestId: string) {
    const contest = await this.repo.findContest(contestId);
    if (!contest) throw new AppError('CONTEST_NOT_FOUND');
    if (!hasRole(principal, 'admin') && contest.unitId) await this.scope.assertUnitInScope(principal, contest.unitId);
    return contest;
  }

  async manageableRound(principal: Principal, roundId: string): Promise<ContestRound> {
    const round = await this.repo.findRound(roundId);
    if (!round) throw new AppError('ROUND_NOT_FOUND');
    await this.manageableContest(principal, round.contestId);
    return round;
  }

  async closedRound(roundId: string): Promise<ContestRound> {
    const round = await this.repo.findRound(roundId);
    if (!round) throw new AppError('ROUND_NOT_FOUND');
    if (round.status !== 'closed') throw new AppError('ROUND_NOT_CLOSED');
    return round;
  }

  /** Audience units must exist and lie in the organizer's own part of the tree. */
  async checkedAudience(principal: Principal, unitIds: string[]): Promise<string[]> {
    for (const unitId of unitIds) await this.scope.assertUnitInScope(principal, unitId);
    return unitIds;
  }

  /** The path prefix of the organizer's subtree, or null for the whole city. */
  async scopePrefix(principal: Principal): Promise<string | null> {
    const s = await this.scope.scopeOf(principal);
    return s.kind === 'all' ? null : s.pathPrefix;
  }
}
