import { createHash } from 'node:crypto';
import type { MemberCounts, UnitKind } from '#contracts';

/** A unit as the tree importers and the demo seed hand it over: parent first, children after. */
export interface UnitSeed {
  code: string;
  name: string;
  fullName: string | null;
  kind: UnitKind;
  parentCode: string | null;
  counts: MemberCounts;
}

interface FixtureUnit {
  id: string | null;
  kind?: string;
  name: string;
  full_name?: string;
  units?: FixtureUnit[];
  schools?: FixtureUnit[];
  districts?: FixtureUnit[];
}

const KIND_BY_VIETNAMESE: Record<string, UnitKind> = {
  'thành phố trực thuộc trung ương': 'city',
  'thành phố': 'district',
  quận: 'district',
  huyện: 'district',
  phường: 'ward',
  xã: 'commune',
  'thị trấn': 'town',
};

/** Plausible member counts for demo data, the same on every machine (derived from the code). */
export function demoCounts(code: string, kind: UnitKind): MemberCounts {
  const h = createHash('sha256').update(code).digest();
  const scale = kind === 'school' ? 1 : 2;
  return {
    cadres: 10 + (h[0]! % 30) * scale,
    members: 150 + ((h[1]! << 4) % 900) * scale,
    youth: 400 + ((h[2]! << 5) % 3000) * scale,
    teens: 300 + ((h[3]! << 5) % 2500) * scale,
  };
}

/** Flattens shared/fixtures/units.json (city → districts → wards/communes and schools) into parent-first seeds. */
export function unitSeedsFromFixture(fixture: { city: FixtureUnit }): UnitSeed[] {
  const seeds: UnitSeed[] = [];
  const city = fixture.city;
  const cityCode = city.id ?? 'root';
  seeds.push({
    code: cityCode,
    name: `Thành đoàn ${city.name}`,
    fullName: `Thành phố ${city.name}`,
    kind: 'city',
    parentCode: null,
    counts: { cadres: 0, members: 0, youth: 0, teens: 0 },
  });
  for (const district of city.districts ?? []) {
    const dCode = district.id!;
    seeds.push({
      code: dCode,
      name: district.full_name ?? district.name,
      fullName: district.full_name ?? null,
      kind: KIND_BY_VIETNAMESE[district.kind ?? 'quận'] ?? 'district',
      parentCode: cityCode,
      counts: { cadres: 0, members: 0, youth: 0, teens: 0 },
    });
    for (const unit of district.units ?? []) {
      const kind = KIND_BY_VIETNAMESE[unit.kind ?? 'xã'] ?? 'commune';
      seeds.push({
        code: unit.id!,
        name: unit.full_name ?? unit.name,
        fullName: unit.full_name ?? null,
        kind,
        parentCode: dCode,
        counts: demoCounts(unit.id!, kind),
      });
    }
    for (const school of district.schools ?? []) {
      seeds.push({
        code: school.id!,
        name: school.name,
        fullName: school.name,
        kind: 'school',
        parentCode: dCode,
        counts: demoCounts(school.id!, 'school'),
      });
    }
  }
  return seeds;
}
