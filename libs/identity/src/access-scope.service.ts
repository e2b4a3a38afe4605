import { Injectable } from '@nestjs/common';
import { AppError, type Principal } from '#core';
import { UnitRepository } from './units/unit.repository.js';

/** What part of the unit tree a caller manages: everything (admin) or one subtree, named by its path prefix. */
export type Scope = { kind: 'all' } | { kind: 'subtree'; unitId: string; pathPrefix: string };

@Injectable()
export class AccessScopeService {
  constructor(private readonly units: UnitRepository) {}

  async scopeOf(principal: Principal): Promise<Scope> {
    if (principal.roles.includes('admin')) return { kind: 'all' };
    if (!principal.unitId) throw new AppError('FORBIDDEN');
    const unit = await this.units.findById(principal.unitId);
    if (!unit) throw new AppError('FORBIDDEN');
    return { kind: 'subtree', unitId: unit.id, pathPrefix: unit.path };
  }

  /** Throws OUT_OF_SCOPE unless the unit lies in the caller's subtree (UNIT_NOT_FOUND when it does not exist). */
  async assertUnitInScope(principal: Principal, unitId: string): Promise<Scope> {
    const scope = await this.scopeOf(principal);
    const unit = await this.units.findById(unitId);
    if (!unit) throw new AppError('UNIT_NOT_FOUND');
    if (scope.kind === 'subtree' && !unit.path.startsWith(scope.pathPrefix)) throw new AppError('OUT_OF_SCOPE');
    return scope;
  }
}
