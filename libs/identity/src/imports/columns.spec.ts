import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { cellText, foldText, mapColumns, parseCount, type ColumnSpec } from './columns.js';

describe('import columns and cells', () => {
  it('matches headers without diacritics, case or punctuation', () => {
    expect(foldText('  Mã ĐƠN VỊ cấp-trên ')).toBe('ma don vi cap tren');
    const specs: ColumnSpec<'code' | 'name' | 'note'>[] = [
      { key: 'code', label: 'Mã đơn vị', aliases: ['code'], required: true },
      { key: 'name', label: 'Tên đơn vị', aliases: ['name'], required: true },
      { key: 'note', label: 'Ghi chú', aliases: [], required: false },
    ];
    expect(mapColumns(['MA DON VI', 'Name', ''], specs, 1)).toEqual({ columns: { code: 0, name: 1 }, errors: [] });
    const { errors } = mapColumns(['code', 'code', 'Lạ'], specs, 3);
    expect(errors.map((e) => [e.row, e.text])).toEqual([
      [3, 'code'],
      [3, 'Lạ'],
      [3, ''],
    ]);
  });

  it('reads counts as whole non-negative numbers, with Vietnamese or English thousands grouping', () => {
    expect(parseCount(null)).toEqual({ value: null });
    expect(parseCount('  ')).toEqual({ value: null });
    expect(parseCount(12)).toEqual({ value: 12 });
    expect(parseCount('1.234.567')).toEqual({ value: 1234567 });
    expect(parseCount('1,234')).toEqual({ value: 1234 });
    expect(parseCount('1 234')).toEqual({ value: 1234 });
    for (const bad of [-1, '-3', 2.5, '2,5', '1.23', 'mười', '=1+2', 10_000_001, Number.NaN]) {
      expect(parseCount(bad)).toHaveProperty('error');
    }
  });

  it('round-trips every count it accepts, written plain or grouped in thousands', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (n) => {
        expect(parseCount(n)).toEqual({ value: n });
        expect(parseCount(String(n))).toEqual({ value: n });
        expect(parseCount(n.toLocaleString('vi-VN'))).toEqual({ value: n });
        expect(parseCount(n.toLocaleString('en-US'))).toEqual({ value: n });
      }),
    );
  });

  it('never accepts a negative or fractional count', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const result = parseCount(x);
        if ('value' in result) expect(Number.isInteger(result.value) && result.value! >= 0).toBe(true);
      }),
    );
  });

  it('shows dates as dd/mm/yyyy and folds white space', () => {
    expect(cellText(new Date(Date.UTC(2008, 4, 9)))).toBe('09/05/2008');
    expect(cellText('  Nguyễn   Văn  An ')).toBe('Nguyễn Văn An');
    expect(cellText(42)).toBe('42');
  });
});
