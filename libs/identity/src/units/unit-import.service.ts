import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { UNIT_KIND_LABELS_VI } from '#contracts';
import { AppError, AuditService, type Principal } from '#core';
import { AccessScopeService, type Scope } from '../access-scope.service.js';
import type { UnitImportResultDto } from '../dto/import.dto.js';
import type { OrgUnit } from '../entities/org-unit.entity.js';
import { readSpreadsheet, type Sheet } from '../imports/spreadsheet.js';
import { buildWorkbook } from '../imports/workbook.js';
import {
  codesNamedIn,
  planUnitImport,
  UNIT_COLUMNS,
  UNIT_IMPORT_MAX_ROWS,
  type ExistingUnit,
  type UnitImportPlan,
} from './unit-import.js';
import { UnitRepository } from './unit.repository.js';

const HEADERS = UNIT_COLUMNS.map((c) => ({ header: c.label, width: c.key === 'name' ? 36 : 20 }));

/** The unit tree and its member counts in and out of spreadsheets. */
@Injectable()
export class UnitImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: UnitRepository,
    private readonly scope: AccessScopeService,
    private readonly audit: AuditService,
  ) {}

  /** All-or-nothing: every row is checked first; any error rejects the file with all of them, nothing written. */
  async importUnits(principal: Principal, file: Buffer | undefined, dryRun: boolean): Promise<UnitImportResultDto> {
    if (!file?.length) throw new AppError('FILE_REQUIRED');
    const sheet = await readSpreadsheet(file, { maxRows: UNIT_IMPORT_MAX_ROWS });
    if (dryRun) {
      const { plan } = await this.plan(principal, sheet, this.dataSource.manager);
      return summary(plan, true);
    }
    return this.dataSource.transaction(async (manager) => {
      // Planned under the tree lock, so a concurrent move or merge cannot invalidate the parents it relies on.
      await this.units.lockTree(manager);
      const { plan, existing } = await this.plan(principal, sheet, manager);
      await this.write(plan, existing, manager);
      await this.audit.record(
        principal.userId,
        'unit.import',
        null,
        { created: plan.creates.length, updated: plan.updates.length },
        manager,
      );
      return summary(plan, false);
    });
  }

  private async plan(
    principal: Principal,
    sheet: Sheet,
    manager: EntityManager,
  ): Promise<{ plan: UnitImportPlan; existing: Map<string, ExistingUnit> }> {
    const scope: Scope = await this.scope.scopeOf(principal, manager);
    const found = await this.units.findByCodesWithParentCode(codesNamedIn(sheet), manager);
    const existing = new Map<string, ExistingUnit>(
      found.map((u) => [
        u.code,
        {
          id: u.id,
          code: u.code,
          kind: u.kind,
          path: u.path,
          depth: u.depth,
          status: u.status,
          parentCode: u.parentCode,
          counts: { cadres: u.cadres, members: u.members, youth: u.youth, teens: u.teens },
        },
      ]),
    );
    const { plan, errors } = planUnitImport(sheet, existing, scope);
    if (errors.length) throw new AppError('IMPORT_INVALID', errors);
    return { plan, existing };
  }

  /** New units get their ids and paths here, parent first, then go in with a few multi-row inserts. */
  private async write(plan: UnitImportPlan, existing: Map<string, ExistingUnit>, manager: EntityManager) {
    const placed = new Map<string, { id: string; path: string; depth: number }>(existing);
    const rows: Partial<OrgUnit>[] = plan.creates.map((c) => {
      const parent = c.parentCode ? placed.get(c.parentCode)! : null;
      const id = randomUUID();
      const path = `${parent?.path ?? '/'}${id}/`;
      const depth = (parent?.depth ?? -1) + 1;
      placed.set(c.code, { id, path, depth });
      return {
        id,
        code: c.code,
        name: c.name,
        fullName: null,
        kind: c.kind,
        parentId: parent?.id ?? null,
        path,
        depth,
        ...c.counts,
        status: 'active',
      };
    });
    await this.units.insertMany(rows, manager);
    await this.units.setCountsMany(plan.updates, manager);
  }

  /** The template: the header row, two example rows, and a sheet that explains the columns in Vietnamese. */
  async template(): Promise<Buffer> {
    return buildWorkbook([
      {
        name: 'Đơn vị',
        columns: HEADERS,
        rows: [
          ['phuong-an-bien/khu-pho-1', 'Chi đoàn khu phố 1', 'Chi đoàn', 'phuong-an-bien', 2, 40, 120, 80],
          ['phuong-an-bien/thcs-an-bien', 'Đoàn trường THCS An Biên', 'Đoàn trường', 'phuong-an-bien', 5, 60, 0, 700],
        ],
      },
      {
        name: 'Hướng dẫn',
        columns: [
          { header: 'Cột', width: 26 },
          { header: 'Ý nghĩa', width: 100 },
        ],
        rows: [
          [
            'Mã đơn vị',
            'Bắt buộc, duy nhất: chữ thường không dấu, số, "-", "_", "/". Đơn vị mới: mã của cấp trên, "/", rồi một phần ' +
              'không có "/" (trực thuộc Thành đoàn: chỉ một phần). Mã đã có: cập nhật số lượng.',
          ],
          ['Tên đơn vị', 'Bắt buộc với đơn vị mới. Với đơn vị đã có, tên không đổi (đổi tên trong trang đơn vị).'],
          [
            'Loại đơn vị',
            `Một trong: ${Object.values(UNIT_KIND_LABELS_VI).join(', ')}. Phải hợp với cấp trên: phường, xã, thị trấn ` +
              'dưới Thành đoàn hoặc quận/huyện đoàn; trường, cơ quan, doanh nghiệp dưới các đơn vị đó; chi đoàn dưới mọi ' +
              'đơn vị trừ Thành đoàn.',
          ],
          ['Mã đơn vị cấp trên', 'Mã của đơn vị cấp trên: có sẵn trong hệ thống hoặc ở một dòng khác của tệp.'],
          ['Cán bộ … Thiếu niên, nhi đồng', 'Số người theo từng đối tượng: số nguyên không âm; để trống = giữ nguyên.'],
          [
            'Giới hạn',
            `Tối đa ${UNIT_IMPORT_MAX_ROWS.toLocaleString('vi-VN')} dòng. Có lỗi ở bất kỳ dòng nào thì không ghi gì.`,
          ],
        ],
      },
    ]);
  }

  /** The caller's part of the tree in the import layout, so an export can be edited and imported back. */
  async exportTree(principal: Principal): Promise<Buffer> {
    const scope = await this.scope.scopeOf(principal);
    const units = await this.units.findActiveInSubtree(scope.kind === 'all' ? null : scope.pathPrefix);
    return buildWorkbook([
      {
        name: 'Đơn vị',
        columns: HEADERS,
        rows: units.map((u) => [
          u.code,
          u.name,
          UNIT_KIND_LABELS_VI[u.kind],
          u.parentCode ?? '',
          u.cadres,
          u.members,
          u.youth,
          u.teens,
        ]),
      },
    ]);
  }
}

function summary(plan: UnitImportPlan, dryRun: boolean): UnitImportResultDto {
  const changes = [
    ...plan.creates.map((c) => ({ row: c.row, code: c.code, action: 'create' as const })),
    ...plan.updates.map((u) => ({ row: u.row, code: u.code, action: 'update' as const })),
    ...plan.unchanged.map((u) => ({ row: u.row, code: u.code, action: 'unchanged' as const })),
  ].sort((a, b) => a.row - b.row);
  return {
    dryRun,
    created: plan.creates.length,
    updated: plan.updates.length,
    unchanged: plan.unchanged.length,
    changes,
  };
}
