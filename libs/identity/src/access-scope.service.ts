import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError, type Principal } from '#core';
import { UnitRepository } from './units/unit.repository.js';

/** What part of the unit tree a caller manages: everything (admin) or one subtree, named by its path prefix. */
export type Scope = { kind: 'all' } | { kind: 'subtree'; unitId: string; pathPrefix: string };

/** Is a unit with this materialized path inside the scope? */
export function pathInScope(scope: Scope, path: string): boolean {
  return scope.kind === 'all' || path.startsWith(scope.pathPrefix);
}

@Injectable()
export class AccessScopeService {
  constructor(private readonly units: UnitRepository) {}

  /** `manager`: read inside the caller's transaction (e.g. after taking the tree lock). */
  async scopeOf(principal: Principal, manager?: EntityManager): Promise<Scope> {
    if (principal.roles.includes('admin')) return { kind: 'all' };
    if (!principal.unitId) throw new AppError('FORBIDDEN');
    const unit = await this.units.findById(principal.unitId, manager);
    if (!unit) throw new AppError('FORBIDDEN');
    return { kind: 'subtree', unitId: unit.id, pathPrefix: unit.path };
  }

  /** Throws OUT_OF_SCOPE unless the unit lies in the caller's subtree (UNIT_NOT_FOUND when it does not exist). */
  async assertUnitInScope(principal: Principal, unitId: string, manager?: EntityManager): Promise<Scope> {
    const scope = await this.scopeOf(principal, manager);
    const unit = await this.units.findById(unitId, manager);
    if (!unit) throw new AppError('UNIT_NOT_FOUND');
    if (!pathInScope(scope, unit.path)) throw new AppError('OUT_OF_SCOPE');
    return scope;
  }
}
