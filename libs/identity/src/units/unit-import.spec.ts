import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Scope } from '../access-scope.service.js';
import type { Sheet } from '../imports/spreadsheet.js';
import { parseUnitKind, planUnitImport, UNIT_COLUMNS, type ExistingUnit } from './unit-import.js';

const headers = UNIT_COLUMNS.map((c) => c.label);
const sheetOf = (rows: (string | number | null)[][]): Sheet => ({
  headerRow: 1,
  headers,
  rows: rows.map((cells, i) => ({ row: i + 2, cells })),
});
const zero = { cadres: 0, members: 0, youth: 0, teens: 0 };
const existing = new Map<string, ExistingUnit>([
  ['city', { id: 'c', code: 'city', path: '/c/', depth: 0, status: 'active', parentCode: null, counts: zero }],
  ['d1', { id: 'd1', code: 'd1', path: '/c/d1/', depth: 1, status: 'active', parentCode: 'city', counts: zero }],
  ['d2', { id: 'd2', code: 'd2', path: '/c/d2/', depth: 1, status: 'active', parentCode: 'city', counts: zero }],
]);
const all: Scope = { kind: 'all' };
const d1: Scope = { kind: 'subtree', unitId: 'd1', pathPrefix: '/c/d1/' };

describe('planning a unit import', () => {
  it('understands unit kinds in Vietnamese and English', () => {
    expect(parseUnitKind('Đoàn phường')).toBe('ward');
    expect(parseUnitKind('XÃ')).toBe('commune');
    expect(parseUnitKind('school')).toBe('school');
    expect(parseUnitKind('Chi đoàn')).toBe('branch');
    expect(parseUnitKind('hợp tác xã')).toBeNull();
  });

  it('reports units of the file that are each other’s parents', () => {
    const { errors } = planUnitImport(
      sheetOf([
        ['aa', 'A', 'branch', 'bb', 0, 0, 0, 0],
        ['bb', 'B', 'branch', 'aa', 0, 0, 0, 0],
      ]),
      existing,
      all,
    );
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringContaining('vòng lặp') })]);
  });

  it('refuses a new unit under a parent outside the organizer’s subtree', () => {
    const { errors } = planUnitImport(sheetOf([['xx', 'X', 'branch', 'd2', 0, 0, 0, 0]]), existing, d1);
    expect(errors).toEqual([{ row: 2, message: expect.stringContaining('phạm vi'), text: 'd2' }]);
  });

  it('orders any valid chain of new units parent first, whatever the row order', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 30 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.nat(), { minLength: n, maxLength: n }),
              fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
            ),
          ),
        ([n, parentPicks, order]) => {
          // Unit i's parent is an earlier unit, or d1 for unit 0: always a tree.
          const rows = [...Array(n).keys()].map((i) => [
            `u${i}`,
            `U ${i}`,
            'branch',
            i === 0 ? 'd1' : `u${parentPicks[i]! % i}`,
            1,
            1,
            1,
            1,
          ]);
          const { plan, errors } = planUnitImport(sheetOf(order.map((i) => rows[i]!)), existing, d1);
          expect(errors).toEqual([]);
          const seen = new Set(['d1']);
          for (const c of plan.creates) {
            expect(seen.has(c.parentCode!)).toBe(true);
            seen.add(c.code);
          }
          expect(plan.creates).toHaveLength(n);
        },
      ),
    );
  });
});
