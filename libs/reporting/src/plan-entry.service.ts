import { Injectable } from '@nestjs/common';
import { AppError, AuditService, type Principal } from '#core';
import { AccessScopeService, IdentityDirectory } from '#identity';
import type { PlanEntryDto, SavePlanEntryDto } from './dto/plan-report.dto.js';
import { findRow } from './plan-targets.js';
import { ReportingRepository } from './reporting.repository.js';

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', [{ field, message }]);

/**
 * Figures an organizer enters for a unit of their subtree and a year: the achieved number of a target the platform
 * cannot measure, and the total it is measured against where the unit tree has none (schools, pages, newly
 * admitted members). Measured achievements are never entered by hand.
 */
@Injectable()
export class PlanEntryService {
  constructor(
    private readonly repo: ReportingRepository,
    private readonly scope: AccessScopeService,
    private readonly identity: IdentityDirectory,
    private readonly audit: AuditService,
  ) {}

  async save(principal: Principal, dto: SavePlanEntryDto): Promise<PlanEntryDto> {
    const row = findRow(dto.letter, dto.rowKey);
    if (!row) throw invalid('rowKey', `Chỉ tiêu ${dto.letter} không có dòng "${dto.rowKey}".`);
    const achieved = dto.achieved ?? null;
    const base = dto.base ?? null;
    if (row.source !== 'manual' && achieved !== null) {
      throw invalid('achieved', `Chỉ tiêu ${dto.letter} do hệ thống tính; chỉ nhập được tổng số (mẫu số).`);
    }
    if (row.measure === 'count' && base !== null) {
      throw invalid('base', `Chỉ tiêu ${dto.letter} là số lượng, không có tổng số (mẫu số).`);
    }
    if (achieved === null && base === null) throw invalid('achieved', 'Cần nhập số đạt được hoặc tổng số.');
    if (row.measure === 'percent' && achieved !== null && !Number.isInteger(achieved)) {
      throw invalid('achieved', 'Số đạt được phải là số nguyên.');
    }
    const note = dto.note.trim();
    if (!note) throw invalid('note', 'Cần ghi chú nguồn số liệu.');
    await this.scope.assertUnitInScope(principal, dto.unitId);
    const unit = await this.identity.unitById(dto.unitId);
    if (!unit?.active) throw new AppError('UNIT_INACTIVE');
    const enteredByName = (await this.repo.fullNameOf(principal.userId)) || principal.username;
    const enteredAt = await this.repo.transaction(async (manager) => {
      const at = await this.repo.upsertEntry(
        {
          unitId: dto.unitId,
          year: dto.year,
          letter: dto.letter,
          rowKey: dto.rowKey,
          achieved,
          base,
          note,
          enteredBy: principal.userId,
          enteredByName,
        },
        manager,
      );
      await this.repo.bumpVersion(manager);
      await this.audit.record(
        principal.userId,
        'report.plan-entry',
        dto.unitId,
        { year: dto.year, letter: dto.letter, rowKey: dto.rowKey, achieved, base, note },
        manager,
      );
      return at;
    });
    return {
      unitId: dto.unitId,
      year: dto.year,
      letter: dto.letter,
      rowKey: dto.rowKey,
      achieved,
      base,
      note,
      enteredByName,
      enteredAt: enteredAt.toISOString(),
    };
  }
}
