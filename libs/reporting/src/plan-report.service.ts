import { Injectable } from '@nestjs/common';
import type { MemberCounts } from '#contracts';
import { AppError, Clock, CONTEST_PARTICIPATION_PORT, PortRegistry, type Principal } from '#core';
import { AccessScopeService, IdentityDirectory, pathInScope } from '#identity';
import type { PlanFigureDto, PlanReportDto, PlanRowDto } from './dto/plan-report.dto.js';
import { rollUp, toFigure, type EnteredFigure, type RolledUp } from './plan-figures.js';
import { PLAN_FIRST_YEAR, PLAN_ROWS, PLAN_TARGETS, rowId } from './plan-targets.js';
import { ReportingRepository, type UnitRow } from './reporting.repository.js';

/** Contest participation counts toward target a only (see plan-targets.ts). */
export const CONTEST_LETTERS = ['a'];
const CONTEST_ROW_BY_POPULATION: Record<string, string> = {
  cadres: rowId('a', 'cadres'),
  members: rowId('a', 'members'),
  youth: rowId('a', 'youth'),
  teens: rowId('a', 'teens'),
};

interface Computed {
  rolled: RolledUp;
  units: Map<string, UnitRow>;
  contestAvailable: boolean;
  computedAt: Date;
}

/** The year of a moment in Vietnam (UTC+7 all year). */
export const vietnamYear = (at: Date) => new Date(at.getTime() + 7 * 3_600_000).getUTCFullYear();

/**
 * The plan report. The whole city's figures for a year are computed once per version of what they depend on
 * (reporting's own version, raised in the transaction of every fact and entry; identity's, raised by triggers in the
 * transaction of every change of units, member counts and people; contest's participation version), kept in this instance's memory under that key, and any unit's report is a slice
 * of them. A write commits its version with it, so the next read after it recomputes: no stale figure is served,
 * on any instance.
 */
@Injectable()
export class PlanReportService {
  private readonly cache = new Map<string, Promise<Computed>>();

  constructor(
    private readonly repo: ReportingRepository,
    private readonly scope: AccessScopeService,
    private readonly identity: IdentityDirectory,
    private readonly ports: PortRegistry,
    private readonly clock: Clock,
  ) {}

  async report(principal: Principal, unitId: string | undefined, year: number | undefined): Promise<PlanReportDto> {
    const { unit, y, computed } = await this.prepare(principal, unitId, year);
    const entries = await this.repo.entriesOfYear(y, unit.id);
    return this.present(computed, unit.id, y, entries);
  }

  /** Resolves the unit (in the caller's scope) and the year, and the city's computed figures for it. */
  async prepare(principal: Principal, unitId: string | undefined, year: number | undefined) {
    const y = year ?? vietnamYear(this.clock.now());
    const id = unitId ?? principal.unitId ?? (await this.identity.rootUnit())?.id;
    if (!id) throw new AppError('UNIT_NOT_FOUND');
    await this.scope.assertUnitInScope(principal, id);
    const computed = await this.computed(y);
    let unit = computed.units.get(id);
    if (!unit) throw new AppError('UNIT_NOT_FOUND');
    // A merged unit's report is the one of the unit it became (its figures count there now).
    while (!unit.active && unit.mergedIntoId) unit = computed.units.get(unit.mergedIntoId)!;
    const scope = await this.scope.scopeOf(principal);
    if (!pathInScope(scope, unit.path)) throw new AppError('OUT_OF_SCOPE');
    return { unit, y, computed };
  }

  private async computed(year: number): Promise<Computed> {
    const contest = this.ports.find(CONTEST_PARTICIPATION_PORT);
    const [key, contestVersion] = await Promise.all([this.repo.versionKey(), contest?.version() ?? 'none']);
    const cacheKey = `${year}|${key}|${contestVersion}`;
    let hit = this.cache.get(cacheKey);
    if (!hit) {
      hit = this.compute(year);
      // A few keys (years, the latest versions): an old version is never read again.
      if (this.cache.size >= 8) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(cacheKey, hit);
      hit.catch(() => this.cache.delete(cacheKey));
    }
    return hit;
  }

  private async compute(year: number): Promise<Computed> {
    const contest = this.ports.find(CONTEST_PARTICIPATION_PORT);
    const from = new Date(Date.UTC(PLAN_FIRST_YEAR, 0, 1) - 7 * 3_600_000);
    const to = new Date(Date.UTC(year + 1, 0, 1) - 7 * 3_600_000);
    const yearFrom = new Date(Date.UTC(year, 0, 1) - 7 * 3_600_000);
    const [units, registered, tallies, entries, cumulative, ofYear] = await Promise.all([
      this.repo.allUnits(),
      this.repo.registeredByUnit(),
      this.repo.talliesTo(year),
      this.repo.entriesOfYear(year),
      contest?.participantsByUnit(from, to) ?? [],
      contest?.participantsByUnit(yearFrom, to) ?? [],
    ]);
    const registeredMap = new Map<string, Partial<MemberCounts>>();
    for (const r of registered) {
      const m = registeredMap.get(r.unitId) ?? {};
      m[r.population] = r.people;
      registeredMap.set(r.unitId, m);
    }
    const measured = new Map<string, Map<string, { achieved: number; inYear: number }>>();
    const add = (unitId: string, row: string, achieved: number, inYear: number) => {
      const m = measured.get(unitId) ?? new Map<string, { achieved: number; inYear: number }>();
      const cur = m.get(row) ?? { achieved: 0, inYear: 0 };
      m.set(row, { achieved: cur.achieved + achieved, inYear: cur.inYear + inYear });
      measured.set(unitId, m);
    };
    for (const t of tallies) add(t.unitId, rowId(t.letter, t.rowKey), t.achieved, t.inYear);
    for (const c of cumulative) {
      const row = c.population && CONTEST_ROW_BY_POPULATION[c.population];
      if (row) add(c.unitId, row, c.participants, 0);
    }
    for (const c of ofYear) {
      const row = c.population && CONTEST_ROW_BY_POPULATION[c.population];
      if (row) add(c.unitId, row, 0, c.participants);
    }
    const entryMap = new Map<string, Map<string, EnteredFigure>>();
    for (const e of entries) {
      const m = entryMap.get(e.unitId) ?? new Map<string, EnteredFigure>();
      m.set(rowId(e.letter, e.rowKey), { achieved: e.achieved, base: e.base });
      entryMap.set(e.unitId, m);
    }
    const rolled = rollUp({
      units: units.map((u) => ({
        id: u.id,
        parentId: u.parentId,
        active: u.active,
        mergedIntoId: u.mergedIntoId,
        counts: u.counts,
      })),
      registered: registeredMap,
      measured,
      entries: entryMap,
    });
    return { rolled, units: new Map(units.map((u) => [u.id, u])), contestAvailable: !!contest, computedAt: new Date() };
  }

  present(
    computed: Computed,
    unitId: string,
    year: number,
    entries: Awaited<ReturnType<ReportingRepository['entriesOfYear']>>,
  ): PlanReportDto {
    const { rolled, units } = computed;
    const collator = new Intl.Collator('vi');
    const children = (rolled.children.get(unitId) ?? [])
      .map((id) => units.get(id)!)
      .sort((a, b) => collator.compare(a.name, b.name));
    const total = rolled.total.get(unitId)!;
    const own = rolled.own.get(unitId)!;
    const rowDto = (letter: string): PlanRowDto[] =>
      PLAN_ROWS.filter((r) => r.letter === letter).map((row) => {
        const id = rowId(row.letter, row.key);
        return {
          letter: row.letter,
          key: row.key,
          populationVi: row.populationVi,
          populationEn: row.populationEn,
          measure: row.measure,
          goal2025: row.goal2025,
          goal2030: row.goal2030,
          countUnitVi: row.countUnitVi,
          source: row.source,
          total: toFigure(row, total.get(id)!) as PlanFigureDto,
          own: toFigure(row, own.get(id)!) as PlanFigureDto,
          children: children.map((c) => ({
            unitId: c.id,
            figure: toFigure(row, rolled.total.get(c.id)!.get(id)!) as PlanFigureDto,
          })),
        };
      });
    return {
      year,
      unit: { id: unitId, name: units.get(unitId)!.name },
      children: children.map((c) => ({ id: c.id, name: c.name })),
      targets: PLAN_TARGETS.map((t) => ({
        letter: t.letter,
        topicVi: t.topicVi,
        topicEn: t.topicEn,
        rows: rowDto(t.letter),
      })),
      entries: entries.map((e) => ({
        unitId: e.unitId,
        year,
        letter: e.letter,
        rowKey: e.rowKey,
        achieved: e.achieved,
        base: e.base,
        note: e.note,
        enteredByName: e.enteredByName,
        enteredAt: e.enteredAt.toISOString(),
      })),
      contestLetters: CONTEST_LETTERS,
      contestAvailable: computed.contestAvailable,
      computedAt: computed.computedAt.toISOString(),
    };
  }
}
