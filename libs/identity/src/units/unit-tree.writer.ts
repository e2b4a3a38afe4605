import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '#core';
import type { OrgUnit } from '../entities/org-unit.entity.js';
import type { UnitSeed } from './unit-tree-fixture.js';
import { UnitRepository } from './unit.repository.js';

@Injectable()
export class UnitTreeWriter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: UnitRepository,
  ) {}

  /** Writes parent-first seeds in one transaction; a code that exists already is kept as it is. */
  async writeTree(seeds: UnitSeed[]): Promise<{ created: number }> {
    return this.dataSource.transaction(async (manager) => {
      const byCode = new Map<string, OrgUnit>();
      let created = 0;
      for (const seed of seeds) {
        const existing = await this.units.findByCode(seed.code, manager);
        if (existing) {
          byCode.set(seed.code, existing);
          continue;
        }
        const parent = seed.parentCode
          ? (byCode.get(seed.parentCode) ?? (await this.units.findByCode(seed.parentCode, manager)))
          : null;
        if (seed.parentCode && !parent) throw new AppError('UNIT_NOT_FOUND', { code: seed.parentCode });
        byCode.set(seed.code, await this.units.create(parent, seed, manager));
        created++;
      }
      return { created };
    });
  }
}
