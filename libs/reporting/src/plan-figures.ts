import type { MemberCounts, Population } from '#contracts';
import { PLAN_ROWS, rowId, type PlanTargetRow } from './plan-targets.js';

/** A unit as the report needs it: where it hangs, whether it still stands, and its own member counts. */
export interface ReportUnit {
  id: string;
  parentId: string | null;
  active: boolean;
  /** For a merged unit: the unit it became (followed until an active one). */
  mergedIntoId: string | null;
  counts: MemberCounts;
}

/** An organizer's entry for one unit and row (the report's year). */
export interface EnteredFigure {
  achieved: number | null;
  base: number | null;
}

export interface ReportInputs {
  units: ReportUnit[];
  /** People registered on the platform per unit and population (active accounts). */
  registered: Map<string, Partial<MemberCounts>>;
  /** Measured achieved per unit and row id (`letter:key`): cumulative to the year, and in the year alone. */
  measured: Map<string, Map<string, { achieved: number; inYear: number }>>;
  entries: Map<string, Map<string, EnteredFigure>>;
}

/** A row's sums over a set of units: every field adds up from children to parent. */
export interface Tally {
  achieved: number;
  inYear: number;
  base: number;
  /** The parts of `base` taken from member counts, from registered people (counts missing), and entered. */
  baseMembers: number;
  baseRegistered: number;
  baseEntered: number;
  /** Units summed here whose member count is lower than the people registered in the row's populations. */
  unitsBelowRegistered: number;
  /** Units summed here with an organizer's entry for the row. */
  unitsEntered: number;
}

export const emptyTally = (): Tally => ({
  achieved: 0,
  inYear: 0,
  base: 0,
  baseMembers: 0,
  baseRegistered: 0,
  baseEntered: 0,
  unitsBelowRegistered: 0,
  unitsEntered: 0,
});

export function addTally(into: Tally, t: Tally): void {
  into.achieved += t.achieved;
  into.inYear += t.inYear;
  into.base += t.base;
  into.baseMembers += t.baseMembers;
  into.baseRegistered += t.baseRegistered;
  into.baseEntered += t.baseEntered;
  into.unitsBelowRegistered += t.unitsBelowRegistered;
  into.unitsEntered += t.unitsEntered;
}

export type RowTallies = Map<string, Tally>;

export interface RolledUp {
  /** A unit's own figures (its direct people and entries, and those of the merged units that became it). */
  own: Map<string, RowTallies>;
  /** Own plus every descendant's. */
  total: Map<string, RowTallies>;
  /** Active children per unit. */
  children: Map<string, string[]>;
}

/** The active unit a unit's figures count toward today: itself, or the end of its merge chain. */
export function successorOf(unitId: string, units: Map<string, ReportUnit>): string | null {
  let id: string | null = unitId;
  for (let hops = 0; id !== null && hops <= units.size; hops++) {
    const unit = units.get(id);
    if (!unit) return null;
    if (unit.active) return unit.id;
    id = unit.mergedIntoId;
  }
  return null;
}

function ownBase(
  row: PlanTargetRow,
  unit: ReportUnit,
  registered: Partial<MemberCounts> | undefined,
  entered: EnteredFigure | undefined,
  t: Tally,
): void {
  if (entered?.base != null) {
    t.base = t.baseEntered = entered.base;
    return;
  }
  if (!row.populations) return;
  let below = false;
  for (const p of row.populations as Population[]) {
    const count = unit.counts[p] ?? 0;
    const people = registered?.[p] ?? 0;
    if (count > 0) {
      t.baseMembers += count;
      if (people > count) below = true;
    } else {
      t.baseRegistered += people;
    }
  }
  t.base = t.baseMembers + t.baseRegistered;
  if (below) t.unitsBelowRegistered = 1;
}

/**
 * Every unit's own and total figures for every row. Figures recorded under a merged unit count toward the active
 * unit it became; a unit's total is its own plus its active children's totals, so parents always reconcile.
 */
export function rollUp(inputs: ReportInputs): RolledUp {
  const byId = new Map(inputs.units.map((u) => [u.id, u]));
  const active = inputs.units.filter((u) => u.active);
  // Gather each active unit's measured figures and entries, the merged units' included.
  const measured = new Map<string, Map<string, { achieved: number; inYear: number }>>();
  const entries = new Map<string, Map<string, EnteredFigure>>();
  for (const [unitId, rows] of inputs.measured) {
    const to = successorOf(unitId, byId);
    if (!to) continue;
    const m = measured.get(to) ?? new Map<string, { achieved: number; inYear: number }>();
    for (const [r, v] of rows) {
      const cur = m.get(r) ?? { achieved: 0, inYear: 0 };
      m.set(r, { achieved: cur.achieved + v.achieved, inYear: cur.inYear + v.inYear });
    }
    measured.set(to, m);
  }
  for (const [unitId, rows] of inputs.entries) {
    const to = successorOf(unitId, byId);
    if (!to) continue;
    const m = entries.get(to) ?? new Map<string, EnteredFigure>();
    for (const [r, v] of rows) {
      const cur = m.get(r);
      m.set(r, {
        achieved: cur?.achieved == null && v.achieved == null ? null : (cur?.achieved ?? 0) + (v.achieved ?? 0),
        base: cur?.base == null && v.base == null ? null : (cur?.base ?? 0) + (v.base ?? 0),
      });
    }
    entries.set(to, m);
  }

  const own = new Map<string, RowTallies>();
  for (const unit of active) {
    const rows: RowTallies = new Map();
    for (const row of PLAN_ROWS) {
      const id = rowId(row.letter, row.key);
      const t = emptyTally();
      const entered = entries.get(unit.id)?.get(id);
      if (row.source === 'manual') {
        t.achieved = t.inYear = entered?.achieved ?? 0;
      } else {
        const m = measured.get(unit.id)?.get(id);
        t.achieved = m?.achieved ?? 0;
        t.inYear = m?.inYear ?? 0;
      }
      if (entered) t.unitsEntered = 1;
      ownBase(row, unit, inputs.registered.get(unit.id), entered, t);
      rows.set(id, t);
    }
    own.set(unit.id, rows);
  }

  const children = new Map<string, string[]>();
  for (const unit of active) {
    if (unit.parentId && byId.get(unit.parentId)?.active) {
      const list = children.get(unit.parentId) ?? [];
      list.push(unit.id);
      children.set(unit.parentId, list);
    }
  }
  const total = new Map<string, RowTallies>();
  const visit = (id: string): RowTallies => {
    const done = total.get(id);
    if (done) return done;
    const sum: RowTallies = new Map();
    for (const [r, t] of own.get(id)!) sum.set(r, { ...t });
    for (const child of children.get(id) ?? []) {
      for (const [r, t] of visit(child)) addTally(sum.get(r)!, t);
    }
    total.set(id, sum);
    return sum;
  };
  // Iterative order (deepest first) keeps a 1,000-level chain off the call stack.
  const depthOf = new Map<string, number>();
  const depth = (id: string): number => {
    let d = 0;
    let cur = byId.get(id);
    while (cur?.parentId && byId.get(cur.parentId)?.active && d <= byId.size) {
      d++;
      cur = byId.get(cur.parentId);
    }
    return d;
  };
  for (const u of active) depthOf.set(u.id, depth(u.id));
  for (const u of [...active].sort((a, b) => depthOf.get(b.id)! - depthOf.get(a.id)!)) visit(u.id);
  return { own, total, children };
}

export type BaseSource = 'members' | 'registered' | 'mixed' | 'entered' | 'none';
export type FigureFlag = 'ACHIEVED_ABOVE_POPULATION' | 'MEMBER_COUNT_BELOW_REGISTERED';

export interface Figure {
  achieved: number;
  inYear: number;
  population: number | null;
  populationSource: BaseSource;
  /** Percent, never above 100: null when there is no population or the count is above it (a data problem). */
  rate: number | null;
  /** How far from the goal: people (or the count) still missing; 0 when met; null without a goal or population. */
  gap2025: number | null;
  gap2030: number | null;
  flags: FigureFlag[];
  unitsBelowRegistered: number;
  unitsEntered: number;
}

function gapTo(row: PlanTargetRow, t: Tally, goal: number | null): number | null {
  if (goal === null) return null;
  if (row.measure === 'count') return Math.max(0, goal - t.achieved);
  if (t.base <= 0) return null;
  return Math.max(0, Math.ceil((goal * t.base) / 100 - t.achieved - 1e-9));
}

export function toFigure(row: PlanTargetRow, t: Tally): Figure {
  const flags: FigureFlag[] = [];
  let rate: number | null = null;
  if (row.measure === 'percent') {
    if (t.achieved > t.base) flags.push('ACHIEVED_ABOVE_POPULATION');
    else if (t.base > 0) rate = Math.round((t.achieved / t.base) * 1000) / 10;
  }
  if (t.unitsBelowRegistered > 0) flags.push('MEMBER_COUNT_BELOW_REGISTERED');
  const parts = [t.baseMembers > 0, t.baseRegistered > 0].filter(Boolean).length;
  const populationSource: BaseSource =
    t.baseEntered > 0 && t.baseMembers + t.baseRegistered === 0
      ? 'entered'
      : t.baseEntered > 0 || parts === 2
        ? 'mixed'
        : t.baseMembers > 0
          ? 'members'
          : t.baseRegistered > 0
            ? 'registered'
            : 'none';
  return {
    achieved: t.achieved,
    inYear: t.inYear,
    population: row.measure === 'percent' ? t.base : null,
    populationSource: row.measure === 'percent' ? populationSource : 'none',
    rate,
    gap2025: gapTo(row, t, row.goal2025),
    gap2030: gapTo(row, t, row.goal2030 ?? row.goal2025),
    flags,
    unitsBelowRegistered: t.unitsBelowRegistered,
    unitsEntered: t.unitsEntered,
  };
}
