import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { AuditService, Clock, neutralizeRow, type Principal } from '#core';
import { vietnamToday } from '#identity';
import type { PlanFigureDto, PlanReportDto } from './dto/plan-report.dto.js';
import { PlanReportService } from './plan-report.service.js';
import { ReportingRepository } from './reporting.repository.js';

const SOURCE_VI: Record<string, string> = {
  members: 'Số đoàn viên, thanh thiếu nhi của đơn vị',
  registered: 'Số người đăng ký trên hệ thống (đơn vị chưa có số liệu)',
  mixed: 'Kết hợp số liệu đơn vị và số người đăng ký/nhập tay',
  entered: 'Do đơn vị nhập',
  none: '',
};
const MEASURED_VI: Record<string, string> = {
  courses: 'Hệ thống tính (hoàn thành khóa học)',
  contest: 'Hệ thống tính (tham gia cuộc thi trực tuyến)',
  manual: 'Đơn vị nhập',
};
const FLAG_VI: Record<string, string> = {
  ACHIEVED_ABOVE_POPULATION: 'Số đạt vượt tổng số — cần kiểm tra số liệu',
  MEMBER_COUNT_BELOW_REGISTERED: 'Số đoàn viên khai báo thấp hơn số người đã đăng ký',
};

/** dd/mm/yyyy from YYYY-MM-DD. */
const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');

/**
 * The yearly report (due 15/12) as a workbook: one sheet with a row per unit × target × population (the unit's total,
 * its own people, then each child unit), and one with the figures entered by hand, as entered. Audit-logged.
 */
@Injectable()
export class PlanReportXlsx {
  constructor(
    private readonly reports: PlanReportService,
    private readonly repo: ReportingRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async export(principal: Principal, unitId: string | undefined, year: number | undefined): Promise<Buffer> {
    const report = await this.reports.report(principal, unitId, year);
    const today = ddmmyyyy(vietnamToday(this.clock.now()));
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Hải Đăng';
    const ws = wb.addWorksheet('Chỉ tiêu KH 300');
    ws.addRow([`BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU KẾ HOẠCH 300/KH-UBND NĂM ${report.year}`]).font = { bold: true };
    ws.addRow([`Đơn vị: ${report.unit.name}`]);
    ws.addRow([`Ngày lập: ${today} — hạn nộp báo cáo: 15/12/${report.year}`]);
    ws.addRow([]);
    const header = ws.addRow([
      'Đơn vị',
      'Phạm vi',
      'Chỉ tiêu',
      'Nội dung',
      'Đối tượng',
      'Nguồn số đạt',
      'Đạt được (lũy kế)',
      'Trong năm',
      'Tổng số',
      'Nguồn tổng số',
      'Tỷ lệ (%)',
      'Chỉ tiêu 2025',
      'Chỉ tiêu 2030',
      'Còn thiếu so với 2025',
      'Còn thiếu so với 2030',
      'Ghi chú số liệu',
    ]);
    header.font = { bold: true };
    const names = new Map(report.children.map((c) => [c.id, c.name]));
    let rows = 0;
    const line = (
      unitName: string,
      scope: string,
      t: PlanReportDto['targets'][number],
      r: PlanReportDto['targets'][number]['rows'][number],
      f: PlanFigureDto,
    ) => {
      ws.addRow(
        neutralizeRow([
          unitName,
          scope,
          t.letter,
          t.topicVi,
          r.populationVi,
          MEASURED_VI[r.source] ?? '',
          f.achieved,
          f.inYear,
          f.population,
          SOURCE_VI[f.populationSource] ?? '',
          f.rate,
          r.goal2025 === null
            ? null
            : r.measure === 'percent'
              ? r.goal2025
              : `${r.goal2025} ${r.countUnitVi ?? ''}`.trim(),
          r.goal2030 === null
            ? null
            : r.measure === 'percent'
              ? r.goal2030
              : `${r.goal2030} ${r.countUnitVi ?? ''}`.trim(),
          f.gap2025,
          f.gap2030,
          f.flags.map((x) => FLAG_VI[x] ?? x).join('; '),
        ]),
      );
      rows++;
    };
    for (const t of report.targets) {
      for (const r of t.rows) {
        line(report.unit.name, 'Toàn đơn vị', t, r, r.total);
        line(report.unit.name, 'Trực thuộc trực tiếp', t, r, r.own);
        for (const c of r.children) line(names.get(c.unitId) ?? c.unitId, 'Đơn vị cấp dưới', t, r, c.figure);
      }
    }
    ws.columns.forEach((c, i) => (c.width = i === 3 ? 48 : i === 0 || i === 4 || i === 15 ? 28 : 14));
    ws.views = [{ state: 'frozen', ySplit: 5 }];

    const entries = wb.addWorksheet('Số liệu nhập tay');
    entries.addRow([
      'Đơn vị',
      'Chỉ tiêu',
      'Đối tượng',
      'Số đạt được',
      'Tổng số',
      'Ghi chú',
      'Người nhập',
      'Ngày nhập',
    ]).font = {
      bold: true,
    };
    for (const e of await this.repo.entriesInSubtree(report.year, report.unit.id)) {
      const row = report.targets.find((t) => t.letter === e.letter)?.rows.find((r) => r.key === e.rowKey);
      entries.addRow(
        neutralizeRow([
          e.unitName,
          e.letter,
          row?.populationVi ?? e.rowKey,
          e.achieved,
          e.base,
          e.note,
          e.enteredByName,
          ddmmyyyy(vietnamToday(e.enteredAt)),
        ]),
      );
    }
    entries.columns.forEach((c, i) => (c.width = i === 5 ? 48 : 18));
    await this.audit.record(principal.userId, 'report.plan-targets.export', report.unit.id, {
      year: report.year,
      rows,
    });
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
