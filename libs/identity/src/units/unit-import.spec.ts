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
  [
    'city',
    { id: 'c', code: 'city', kind: 'city', path: '/c/', depth: 0, status: 'active', parentCode: null, counts: zero },
  ],
  [
    'd1',
    {
      id: 'd1',
      code: 'd1',
      kind: 'district',
      path: '/c/d1/',
      depth: 1,
      status: 'active',
      parentCode: 'city',
      counts: zero,
    },
  ],
  [
    'd2',
    {
      id: 'd2',
      code: 'd2',
      kind: 'district',
      path: '/c/d2/',
      depth: 1,
      status: 'active',
      parentCode: 'city',
      counts: zero,
    },
  ],
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
        ['bb/aa', 'A', 'branch', 'aa/bb', 0, 0, 0, 0],
        ['aa/bb', 'B', 'branch', 'bb/aa', 0, 0, 0, 0],
      ]),
      existing,
      all,
    );
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringContaining('vòng lặp') })]);
  });

  it('refuses a new unit under a parent outside the organizer’s subtree', () => {
    const { errors } = planUnitImport(sheetOf([['d2/xx', 'X', 'branch', 'd2', 0, 0, 0, 0]]), existing, d1);
    expect(errors).toEqual([{ row: 2, message: expect.stringContaining('phạm vi'), text: 'd2' }]);
  });

  it('refuses, row by row, a code outside its parent’s and a kind that does not fit its parent', () => {
    const { errors } = planUnitImport(
      sheetOf([
        ['d2/chiem', 'Lấn sang quận khác', 'Đoàn phường', 'd1', 0, 0, 0, 0],
        ['d1/w9', 'Phường đúng', 'Đoàn phường', 'd1', 0, 0, 0, 0],
        ['d1/w9/q', 'Quận dưới phường', 'Quận đoàn', 'd1/w9', 0, 0, 0, 0],
        ['d1/w9/s', 'Trường dưới phường', 'Đoàn trường', 'd1/w9', 0, 0, 0, 0],
        ['d1/w9/s/c', 'Chi đoàn', 'Chi đoàn', 'd1/w9/s', 0, 0, 0, 0],
        ['lone', 'Gốc mới', 'Đoàn xã', '', 0, 0, 0, 0],
        ['w8', 'Phường dưới thành phố', 'Đoàn phường', 'city', 0, 0, 0, 0],
        ['city/w7', 'Mã có "/" dưới thành phố', 'Đoàn phường', 'city', 0, 0, 0, 0],
      ]),
      existing,
      all,
    );
    expect(errors).toEqual([
      { row: 2, message: expect.stringContaining('"d1/<tên>"'), text: 'd2/chiem' },
      { row: 4, message: expect.stringContaining('không thể trực thuộc Đoàn phường'), text: 'Quận đoàn' },
      { row: 7, message: expect.stringContaining('cấp cao nhất'), text: 'Đoàn xã' },
      { row: 9, message: expect.stringContaining('không chứa dấu "/"'), text: 'city/w7' },
    ]);
  });

  it('orders any valid chain of new units parent first, whatever the row order', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 20 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.nat(), { minLength: n, maxLength: n }),
              fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
            ),
          ),
        ([n, parentPicks, order]) => {
          // Unit i's parent is an earlier unit, or d1 for unit 0: always a tree.
          // Each code lives under its parent's code, as the rule wants.
          const codes: string[] = [];
          const parents: string[] = [];
          for (let i = 0; i < n; i++) {
            parents.push(i === 0 ? 'd1' : codes[parentPicks[i]! % i]!);
            codes.push(`${parents[i]}/u${i}`);
          }
          const rows = codes.map((code, i) => [code, `U ${i}`, 'branch', parents[i]!, 1, 1, 1, 1]);
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
