import { Injectable } from '@nestjs/common';
import type { Principal } from '#core';
import { UnitRepository } from './units/unit.repository.js';
import { UserRepository } from './users/user.repository.js';

/** A unit as other modules and the app see it: who it is and whether it still stands (merged units are kept). */
export interface UnitRef {
  id: string;
  path: string;
  active: boolean;
}

/**
 * What other modules and the app may ask identity about units and people one at a time. Its repositories stay
 * private to identity; set-based SQL that must join people or units reads the fragments of identity-sql.ts instead.
 */
@Injectable()
export class IdentityDirectory {
  constructor(
    private readonly units: UnitRepository,
    private readonly users: UserRepository,
  ) {}

  async unitById(unitId: string): Promise<UnitRef | null> {
    return toUnitRef(await this.units.findById(unitId));
  }

  async unitByCode(code: string): Promise<UnitRef | null> {
    return toUnitRef(await this.units.findByCode(code));
  }

  /** The root of today's tree (the city), or null before any unit exists. */
  async rootUnit(): Promise<UnitRef | null> {
    return toUnitRef((await this.units.findActiveChildren(null))[0] ?? null);
  }

  /** The principal a person acts as (seeding and jobs act for someone without a request); `username` normalized. */
  async principalOf(username: string): Promise<Principal | null> {
    const user = await this.users.findByUsername(username);
    return user && { userId: user.id, username: user.username, roles: user.roles, unitId: user.unitId };
  }
}

function toUnitRef(unit: { id: string; path: string; status: 'active' | 'merged' } | null): UnitRef | null {
  return unit && { id: unit.id, path: unit.path, active: unit.status === 'active' };
}
