import { Injectable } from '@nestjs/common';
import { AppError, type Principal } from '#core';
import { AccessScopeService, IdentityDirectory } from '#identity';
import { ContestRepository } from '../contest.repository.js';
import { RoundAccess } from './round-access.js';

/** A closed round's frozen statistics per unit, for the whole city or one unit's subtree. */
@Injectable()
export class UnitStatistics {
  constructor(
    private readonly repo: ContestRepository,
    private readonly access: RoundAccess,
    private readonly scope: AccessScopeService,
    private readonly identity: IdentityDirectory,
  ) {}

  async unitStats(principal: Principal, roundId: string, unitId?: string) {
    await this.access.closedRound(roundId);
    let prefix: string | null = null;
    if (unitId) {
      await this.scope.assertUnitInScope(principal, unitId).catch((e: unknown) => {
        // Aggregates carry no personal data: any signed-in person may read any unit's numbers.
        if (!(e instanceof AppError && e.code === 'OUT_OF_SCOPE')) throw e;
      });
      const stats = await this.repo.unitStats(roundId, null);
      const unit = stats.find((s) => s.unitId === unitId);
      if (!unit) throw new AppError('UNIT_NOT_FOUND');
      prefix = await this.unitPath(unitId);
    }
    return this.repo.unitStats(roundId, prefix);
  }

  private async unitPath(unitId: string): Promise<string | null> {
    return (await this.identity.unitById(unitId))?.path ?? null;
  }
}
