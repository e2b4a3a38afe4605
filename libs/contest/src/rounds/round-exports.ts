import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { AuditService, Clock, neutralizeRow, type Principal } from '#core';
import { publicName, vietnamToday } from '#identity';
import { ContestRepository } from '../contest.repository.js';
import { prizeForRank, PRIZE_LABELS_VI } from '../prizes.js';
import { RoundAccess } from './round-access.js';

const VN_DATE_TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** dd/mm/yyyy HH:MM:SS in Asia/Ho_Chi_Minh. */
export function vnDateTime(d: Date): string {
  const p = Object.fromEntries(VN_DATE_TIME.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

/**
 * A closed round's spreadsheets for organizers: results of the people in their subtree and unit statistics (each
 * export is audit-logged).
 */
@Injectable()
export class RoundExports {
  constructor(
    private readonly repo: ContestRepository,
    private readonly access: RoundAccess,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The round (which the organizer manages and which is closed) and the organizer's subtree to export. */
  private async exportable(principal: Principal, roundId: string) {
    const round = await this.access.manageableRound(principal, roundId);
    await this.access.closedRound(roundId);
    return { round, prefix: await this.access.scopePrefix(principal) };
  }

  private sheet(wb: ExcelJS.Workbook, name: string, headers: string[], rows: (string | number | null)[][]) {
    const ws = wb.addWorksheet(name);
    ws.addRow(headers).font = { bold: true };
    for (const r of rows) ws.addRow(neutralizeRow(r));
    ws.columns.forEach((c) => (c.width = 18));
    return ws;
  }

  /** Results of the people in the organizer's subtree (personal data: the export is audit-logged). */
  async results(principal: Principal, roundId: string): Promise<Buffer> {
    const { round, prefix } = await this.exportable(principal, roundId);
    const rows = await this.repo.rankingInSubtree(roundId, prefix);
    const today = vietnamToday(this.clock.now());
    const wb = new ExcelJS.Workbook();
    this.sheet(
      wb,
      'Kết quả',
      [
        'Hạng',
        'Họ và tên',
        'Đơn vị',
        'Điểm',
        'Điểm tối đa',
        'Dự đoán',
        'Lệch dự đoán',
        'Thời gian (giây)',
        'Nộp bài lúc',
        'Giải',
      ],
      rows.map((r) => {
        const prize = round.prizes ? prizeForRank(r.rank, round.prizes) : null;
        return [
          r.rank,
          publicName(r, today),
          r.unitName ?? '',
          r.score,
          r.maxScore,
          r.prediction,
          r.predictionDistance,
          Math.round(r.durationMs / 100) / 10,
          vnDateTime(new Date(r.submittedAt)),
          prize ? PRIZE_LABELS_VI[prize] : '',
        ];
      }),
    );
    await this.audit.record(principal.userId, 'round.export.results', roundId, { rows: rows.length, scope: prefix });
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  async statistics(principal: Principal, roundId: string): Promise<Buffer> {
    const { prefix } = await this.exportable(principal, roundId);
    const rows = await this.repo.unitStats(roundId, prefix);
    const wb = new ExcelJS.Workbook();
    this.sheet(
      wb,
      'Thống kê đơn vị',
      [
        'Đơn vị',
        'Cấp',
        'Số người dự thi',
        'Số lượt thi',
        'Số đoàn viên/thanh thiếu nhi',
        'Tỷ lệ tham gia (%)',
        'Xếp hạng theo số lượng',
        'Xếp hạng theo tỷ lệ',
      ],
      rows.map((r) => [
        r.name,
        r.depth,
        r.participants,
        r.attempts,
        r.members,
        r.rate === null ? null : Math.round(r.rate * 10000) / 100,
        r.rankByCount,
        r.rankByRate,
      ]),
    );
    await this.audit.record(principal.userId, 'round.export.statistics', roundId, { rows: rows.length, scope: prefix });
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
