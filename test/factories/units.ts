import type { TestApp } from '../support/test-app.js';
import { UnitTreeWriter, type UnitSeed } from '../../libs/identity/src/index.js';
import { UnitRepository } from '../../libs/identity/src/units/unit.repository.js';

const zero = { cadres: 0, members: 0, youth: 0, teens: 0 };

/** city → two districts → two wards each, plus a school: enough tree to test scope, moves and merges. */
export const SMALL_TREE: UnitSeed[] = [
  { code: 'city', name: 'Thành đoàn Thử Nghiệm', fullName: null, kind: 'city', parentCode: null, counts: zero },
  { code: 'd1', name: 'Quận Một', fullName: null, kind: 'district', parentCode: 'city', counts: zero },
  { code: 'd2', name: 'Quận Hai', fullName: null, kind: 'district', parentCode: 'city', counts: zero },
  {
    code: 'd1/w1',
    name: 'Phường Một Một',
    fullName: null,
    kind: 'ward',
    parentCode: 'd1',
    counts: { cadres: 10, members: 100, youth: 300, teens: 200 },
  },
  {
    code: 'd1/w2',
    name: 'Phường Một Hai',
    fullName: null,
    kind: 'ward',
    parentCode: 'd1',
    counts: { cadres: 5, members: 50, youth: 150, teens: 100 },
  },
  {
    code: 'd2/w1',
    name: 'Phường Hai Một',
    fullName: null,
    kind: 'ward',
    parentCode: 'd2',
    counts: { cadres: 7, members: 70, youth: 210, teens: 140 },
  },
  {
    code: 'd2/s1',
    name: 'Trường THCS Mẫu Thử',
    fullName: null,
    kind: 'school',
    parentCode: 'd2',
    counts: { cadres: 2, members: 30, youth: 0, teens: 600 },
  },
];

export type UnitIds = Record<string, string>;

export async function seedSmallTree(t: TestApp): Promise<UnitIds> {
  await t.app.get(UnitTreeWriter).writeTree(SMALL_TREE);
  const repo = t.app.get(UnitRepository);
  const ids: UnitIds = {};
  for (const seed of SMALL_TREE) ids[seed.code] = (await repo.findByCode(seed.code))!.id;
  return ids;
}
