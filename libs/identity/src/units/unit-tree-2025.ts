import type { UnitKind } from '#contracts';
import { demoCounts, type UnitSeed, unitSeedsFromFixture } from './unit-tree-fixture.js';

/**
 * Today's city (fixtures/units-2025.json): since 01/07/2025 Hải Phòng (merged with Hải Dương) has no district level,
 * so the city union sits directly over the union of each phường, xã and đặc khu, and over the unions of universities
 * and schools. The file lists a sample of the 114 commune-level units, with what each was formed from.
 */
export interface TodayFixture {
  city: { id: string; name: string };
  units: { id: string; kind: string; name: string; union_name: string; formed_from?: string[] }[];
  schools: { id: string; name: string; union_name: string }[];
}

/** The 2022–2024 tree (fixtures/units.json), as unitSeedsFromFixture reads it. */
export type HistoryFixture = Parameters<typeof unitSeedsFromFixture>[0];

/** A đặc khu (special zone) is commune-level: it takes a commune's place in the tree. */
const KIND_2025: Record<string, { kind: UnitKind; slug: string }> = {
  phường: { kind: 'ward', slug: 'phuong' },
  xã: { kind: 'commune', slug: 'xa' },
  'đặc khu': { kind: 'commune', slug: 'dac-khu' },
};

/**
 * The code of a today unit: one segment under the city (the placement rule), prefixed by its kind, since the old
 * districts keep codes such as `le-chan` for the history that names them.
 */
export function todayUnitCode(unit: TodayFixture['units'][number]): string {
  const known = KIND_2025[unit.kind];
  if (!known) throw new Error(`units-2025: unknown kind "${unit.kind}" of ${unit.id}`);
  return `${known.slug}-${unit.id}`;
}

/** A merge of the demo history: the old unit `from` became part of `into`. */
export interface HistoryMerge {
  from: string;
  into: string;
}

/**
 * Where each unit of the 2022–2024 tree went on 01/07/2025, deepest first (a unit's children are merged before it, so
 * none is carried along under a parent that no longer exists):
 * - a school to the school union of the same name;
 * - a ward, commune or town to the today unit of the same name (phường An Biên → Đoàn phường An Biên);
 * - otherwise to the unit its district was formed into (the first listed whose `formed_from` names the district,
 *   "part of quận Lê Chân" → phường Lê Chân);
 * - otherwise, when the sample does not hold its successor, to the city union, where its members are counted until
 *   organizers import today's full list of units.
 */
export function historyMerges(history: HistoryFixture, today: TodayFixture): HistoryMerge[] {
  const cityCode = history.city.id ?? 'root';
  const byName = new Map<string, string>();
  for (const unit of today.units) byName.set(unit.name, todayUnitCode(unit));
  for (const school of today.schools) byName.set(school.name, school.id);
  const successorOfDistrict = (fullName: string): string =>
    today.units
      .filter((u) => (u.formed_from ?? []).some((f) => f === fullName || f === `part of ${fullName}`))
      .map(todayUnitCode)[0] ?? cityCode;
  const merges: HistoryMerge[] = [];
  for (const district of history.city.districts ?? []) {
    const fullName = district.full_name ?? district.name;
    const districtSuccessor = successorOfDistrict(fullName);
    for (const unit of [...(district.units ?? []), ...(district.schools ?? [])]) {
      merges.push({ from: unit.id!, into: byName.get(unit.name) ?? districtSuccessor });
    }
  }
  for (const district of history.city.districts ?? []) {
    merges.push({ from: district.id!, into: successorOfDistrict(district.full_name ?? district.name) });
  }
  return merges;
}

/**
 * The demo tree: the 2022–2024 units (to be merged, as history) and today's, all under the one city union. A today
 * unit that old units merge into starts with no members of its own: it gets theirs through the merges, so a year's
 * figures add up across the change; one with no predecessor in the sample gets demo counts of its own.
 */
export function demoUnitSeeds(history: HistoryFixture, today: TodayFixture): UnitSeed[] {
  const cityCode = history.city.id ?? 'root';
  const receiving = new Set(historyMerges(history, today).map((m) => m.into));
  const zero = { cadres: 0, members: 0, youth: 0, teens: 0 };
  const seeds = unitSeedsFromFixture(history);
  for (const unit of today.units) {
    const code = todayUnitCode(unit);
    const kind = KIND_2025[unit.kind]!.kind;
    seeds.push({
      code,
      name: unit.union_name,
      fullName: `${unit.kind} ${unit.name}`,
      kind,
      parentCode: cityCode,
      counts: receiving.has(code) ? zero : demoCounts(code, kind),
    });
  }
  for (const school of today.schools) {
    seeds.push({
      code: school.id,
      name: school.union_name,
      fullName: school.name,
      kind: 'school',
      parentCode: cityCode,
      counts: receiving.has(school.id) ? zero : demoCounts(school.id, 'school'),
    });
  }
  return seeds;
}
