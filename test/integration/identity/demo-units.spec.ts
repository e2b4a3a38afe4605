import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRootLogger } from '../../../libs/core/src/index.js';
import {
  demoUnitSeeds,
  historyMerges,
  type HistoryFixture,
  type TodayFixture,
  todayUnitCode,
} from '../../../libs/identity/src/index.js';
import { seedOnFirstStart } from '../../../apps/api/src/seed.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

interface UnitRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  depth: number;
  parentCode: string | null;
  status: string;
  mergedInto: string | null;
  members: number;
  youth: number;
}

const fixture = async <T>(file: string): Promise<T> =>
  JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../../fixtures', file), 'utf8')) as T;

describe("the demo data: today's unit tree, with the 2022–2024 tree merged into it as history", () => {
  let t: TestApp;
  let history: HistoryFixture;
  let today: TodayFixture;
  let units: UnitRow[];
  beforeAll(async () => {
    t = await startTestApp();
    history = await fixture<HistoryFixture>('units.json');
    today = await fixture<TodayFixture>('units-2025.json');
    await seedOnFirstStart(t.app, { ...t.config, loadDemoData: true }, createRootLogger('silent'));
    units = await t.dataSource.query(
      `SELECT u.id, u.code, u.name, u.kind, u.depth, p.code AS "parentCode", u.status, m.code AS "mergedInto",
         u.members, u.youth
       FROM org_unit u LEFT JOIN org_unit p ON p.id = u.parent_id LEFT JOIN org_unit m ON m.id = u.merged_into_id`,
    );
  });
  afterAll(async () => t?.close());

  it('shows the city union directly over the units of units-2025.json as the union names them', () => {
    const active = units.filter((u) => u.status === 'active');
    const expected = [
      ...today.units.map((u) => ({ code: todayUnitCode(u), name: u.union_name })),
      ...today.schools.map((s) => ({ code: s.id, name: s.union_name })),
    ];
    expect(active.filter((u) => u.depth === 1).map((u) => ({ code: u.code, name: u.name }))).toEqual(
      expect.arrayContaining(expected),
    );
    expect(active).toHaveLength(expected.length + 1);
    expect(active.find((u) => u.code === 'phuong-an-bien')).toMatchObject({
      name: 'Đoàn phường An Biên',
      kind: 'ward',
    });
    expect(active.find((u) => u.code === 'dac-khu-cat-hai')).toMatchObject({ name: 'Đoàn đặc khu Cát Hải' });
  });

  it('gives every unit a code under its parent and a kind that fits its depth', () => {
    for (const u of units.filter((x) => x.status === 'active' && x.depth > 0)) {
      // Under the root a code is one segment; deeper, it is the parent's code, "/", one segment.
      const fits = u.depth === 1 ? !u.code.includes('/') : u.code.startsWith(`${u.parentCode}/`);
      expect({ code: u.code, fits }).toEqual({ code: u.code, fits: true });
      expect(['ward', 'commune', 'town', 'school']).toContain(u.kind);
    }
  });

  it('keeps every 2022–2024 unit as merged into the unit it became, with a merge record', async () => {
    const merges = historyMerges(history, today);
    expect(merges.length).toBeGreaterThan(40);
    const byCode = new Map(units.map((u) => [u.code, u]));
    for (const { from, into } of merges) {
      expect({ from, status: byCode.get(from)?.status, into: byCode.get(from)?.mergedInto }).toEqual({
        from,
        status: 'merged',
        into,
      });
    }
    expect(merges).toContainEqual({ from: 'le-chan/an-bien', into: 'phuong-an-bien' });
    expect(merges).toContainEqual({ from: 'le-chan/school-1', into: 'vimaru' });
    expect(merges).toContainEqual({ from: 'cat-hai', into: 'dac-khu-cat-hai' });
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM unit_merge');
    expect(n).toBe(merges.length);
  });

  it('adds up: the members counted in the old tree are all in the new one, and each merge kept its figures', async () => {
    const sum = (rows: { counts: { members: number; youth: number } }[]) =>
      rows.reduce((s, r) => ({ members: s.members + r.counts.members, youth: s.youth + r.counts.youth }), {
        members: 0,
        youth: 0,
      });
    const seeded = sum(demoUnitSeeds(history, today));
    const active = units.filter((u) => u.status === 'active');
    expect({
      members: active.reduce((s, u) => s + u.members, 0),
      youth: active.reduce((s, u) => s + u.youth, 0),
    }).toEqual(seeded);
    const anBien = demoUnitSeeds(history, today).find((s) => s.code === 'le-chan/an-bien')!;
    const [record] = await t.dataSource.query(
      `SELECT m.source_counts AS counts FROM unit_merge m JOIN org_unit s ON s.id = m.source_unit_id
       WHERE s.code = 'le-chan/an-bien'`,
    );
    expect(record.counts).toMatchObject({ members: anBien.counts.members, youth: anBien.counts.youth });
  });

  it('puts the demo accounts in Đoàn phường Lê Chân', async () => {
    const rows: { code: string }[] = await t.dataSource.query(
      "SELECT DISTINCT o.code FROM app_user u JOIN org_unit o ON o.id = u.unit_id WHERE 'admin' <> ALL(u.roles)",
    );
    expect(rows).toEqual([{ code: 'phuong-le-chan' }]);
  });
});
