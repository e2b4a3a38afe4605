import { Injectable } from '@nestjs/common';
import type { Population } from '#contracts';
import { IdentityDirectory } from '#identity';
import { courseRowFor } from './plan-targets.js';
import { ReportingRepository } from './reporting.repository.js';

const DEMO_ORGANIZER = 'tochuc.lechan';

/**
 * Demo figures for the plan report, loaded before the demo's 01/07/2025 reorganization: course completions recorded
 * in 2024 under old units (they count, through the merges, toward the units those became), more in 2025 and 2026
 * under today's units, and a few figures entered by hand with their notes.
 */
@Injectable()
export class DemoPlanReport {
  constructor(
    private readonly repo: ReportingRepository,
    private readonly identity: IdentityDirectory,
  ) {}

  /** `merges`: the reorganization about to run (old unit code → the unit it becomes). */
  async seedDemoPlanReport(merges: { from: string; into: string }[]): Promise<void> {
    const units = await this.repo.allUnits();
    const byCode = new Map<string, string>();
    for (const m of merges) {
      const u = await this.identity.unitByCode(m.from);
      if (u) byCode.set(m.from, u.id);
    }
    const unitOf = new Map(units.map((u) => [u.id, u]));
    const organizer = await this.identity.principalOf(DEMO_ORGANIZER);
    const home = organizer?.unitId ? unitOf.get(organizer.unitId) : undefined;
    // The old units that become the organizer's unit, then a few more, so the city's report has figures throughout.
    const old = merges
      .filter((m) => m.into === 'phuong-le-chan' || merges.indexOf(m) % 9 === 0)
      .map((m) => byCode.get(m.from))
      .filter((id): id is string => !!id && (unitOf.get(id)?.counts.youth ?? 0) > 0)
      .slice(0, 24);
    const oldIds = new Set(byCode.values());
    const today = units.filter((u) => u.active && !oldIds.has(u.id) && u.counts.youth > 0).slice(0, 12);
    await this.repo.transaction(async (manager) => {
      const plan: [string, Population, number, number][] = [
        ['e', 'cadres', 0.45, 0.5],
        ['e', 'members', 0.3, 0.35],
        ['e', 'youth', 0.2, 0.25],
        ['e', 'teens', 0.15, 0.3],
        ['đ', 'cadres', 0.4, 0.45],
        ['b', 'members', 0.35, 0.4],
        ['b', 'cadres', 0.5, 0.3],
      ];
      const add = async (unitId: string, year: number, share: number, letter: string, p: Population) => {
        const unit = unitOf.get(unitId)!;
        const people = Math.floor(unit.counts[p] * share);
        const row = courseRowFor(letter, p);
        if (!row || people <= 0) return;
        await this.repo.insertDemoAchievers(
          {
            unitId,
            letter,
            rowKey: row.key,
            population: p,
            year,
            people,
            seed: `demo:${unitId}:${letter}:${p}:${year}`,
          },
          manager,
        );
      };
      for (const id of old) for (const [l, p, s2024] of plan) await add(id, 2024, s2024, l, p);
      for (const u of today) {
        for (const [l, p, s2024, s2025] of plan) {
          await add(u.id, 2025, s2025, l, p);
          await add(u.id, 2026, s2024 / 3, l, p);
        }
      }
      if (organizer && home) {
        const entries: [string, string, number | null, number | null, string][] = [
          ['d', 'youth', 1850, null, 'Số liệu thống kê ứng dụng "Thanh niên Việt Nam" tháng 11/2026.'],
          ['g', 'schools', 5, 7, 'Báo cáo của các trường trên địa bàn phường.'],
          ['h', 'pages', 3, 4, 'Fanpage Đoàn phường và các chi đoàn đã liên kết với trang Trung ương Đoàn.'],
          ['m', 'places', 9, 11, 'Nhóm Zalo, fanpage của các khu dân cư và trường học.'],
          ['o', 'households', 1200, 2400, 'Khảo sát hộ gia đình do các chi đoàn thực hiện.'],
        ];
        for (const [letter, rowKey, achieved, base, note] of entries) {
          await this.repo.upsertEntry(
            {
              unitId: home.id,
              year: 2026,
              letter,
              rowKey,
              achieved,
              base,
              note,
              enteredBy: organizer.userId,
              enteredByName: await this.repo.fullNameOf(organizer.userId),
            },
            manager,
          );
        }
      }
      await this.repo.bumpVersion(manager);
    });
  }
}
