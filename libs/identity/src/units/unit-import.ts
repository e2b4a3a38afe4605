import {
  POPULATIONS,
  UNIT_KIND_LABELS_VI,
  UNIT_KINDS,
  type ErrorDetail,
  type MemberCounts,
  type UnitKind,
} from '#contracts';
import { pathInScope, type Scope } from '../access-scope.service.js';
import { cellText, foldText, mapColumns, parseCount, type ColumnSpec } from '../imports/columns.js';
import type { Sheet } from '../imports/spreadsheet.js';
import { cleanText } from '../users/person.js';
import { placementRefusal, type PlacementParent } from './unit-placement.js';

/** Rows one unit import may hold. */
export const UNIT_IMPORT_MAX_ROWS = 20_000;

export type UnitColumn = 'code' | 'name' | 'kind' | 'parentCode' | keyof MemberCounts;

export const UNIT_COLUMNS: readonly ColumnSpec<UnitColumn>[] = [
  { key: 'code', label: 'Mã đơn vị', aliases: ['mã', 'code', 'unit code'], required: true },
  { key: 'name', label: 'Tên đơn vị', aliases: ['tên', 'name', 'unit name'], required: true },
  { key: 'kind', label: 'Loại đơn vị', aliases: ['loại', 'kind', 'type'], required: true },
  {
    key: 'parentCode',
    label: 'Mã đơn vị cấp trên',
    aliases: ['mã cấp trên', 'đơn vị cấp trên', 'parent code', 'parent'],
    required: true,
  },
  { key: 'cadres', label: 'Cán bộ đoàn, hội, đội', aliases: ['cán bộ', 'cadres'], required: true },
  { key: 'members', label: 'Đoàn viên, hội viên', aliases: ['đoàn viên', 'members'], required: true },
  { key: 'youth', label: 'Thanh niên', aliases: ['youth'], required: true },
  {
    key: 'teens',
    label: 'Thiếu niên, nhi đồng',
    aliases: ['thiếu niên', 'thiếu nhi', 'teens', 'teens children', 'children'],
    required: true,
  },
];

const UNIT_CODE = /^[a-z0-9][a-z0-9/_-]{1,99}$/;

/** Kinds by folded Vietnamese or English word: "Đoàn phường" / "phường" / "ward" → ward. */
const KIND_WORDS: Record<string, UnitKind> = Object.fromEntries([
  ...UNIT_KINDS.map((k) => [k, k] as const),
  ...Object.entries(UNIT_KIND_LABELS_VI).map(([k, label]) => [foldText(label), k as UnitKind] as const),
  ...(
    [
      ['thanh pho', 'city'],
      ['quan', 'district'],
      ['huyen', 'district'],
      ['quan doan', 'district'],
      ['huyen doan', 'district'],
      ['phuong', 'ward'],
      ['xa', 'commune'],
      ['thi tran', 'town'],
      ['truong', 'school'],
      ['co quan', 'agency'],
      ['doanh nghiep', 'enterprise'],
      ['chi doan', 'branch'],
    ] as const
  ).map(([w, k]) => [w, k as UnitKind] as const),
]);

export function parseUnitKind(text: string): UnitKind | null {
  return KIND_WORDS[foldText(text)] ?? null;
}

/** A unit already in the database that a row names (by its code or as a parent). */
export interface ExistingUnit {
  id: string;
  code: string;
  kind: UnitKind;
  path: string;
  depth: number;
  status: 'active' | 'merged';
  parentCode: string | null;
  counts: MemberCounts;
}

export interface PlannedCreate {
  row: number;
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  counts: MemberCounts;
}

export interface PlannedUpdate {
  row: number;
  id: string;
  code: string;
  counts: MemberCounts;
}

export interface UnitImportPlan {
  /** Parent before child, so they can be written in this order. */
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  unchanged: { row: number; code: string }[];
}

interface ParsedRow {
  row: number;
  code: string;
  name: string;
  kindText: string;
  parentCode: string;
  counts: Partial<Record<keyof MemberCounts, number | null>>;
}

/** The codes a sheet names (as units and as parents), to look up in the database before planning. */
export function codesNamedIn(sheet: Sheet): string[] {
  const { columns } = mapColumns(sheet.headers, UNIT_COLUMNS, sheet.headerRow);
  const codes = new Set<string>();
  for (const r of sheet.rows) {
    for (const col of [columns.code, columns.parentCode]) {
      const code = col === undefined ? '' : cellText(r.cells[col]).toLowerCase();
      if (code) codes.add(code);
    }
  }
  return [...codes];
}

/**
 * Checks every row and decides what the import would do: create new codes, update the counts of existing ones. Pure:
 * the caller looks the named codes up first. Any error means nothing is written (the caller's rule).
 */
export function planUnitImport(
  sheet: Sheet,
  existing: ReadonlyMap<string, ExistingUnit>,
  scope: Scope,
): { plan: UnitImportPlan; errors: ErrorDetail[] } {
  const { columns, errors } = mapColumns(sheet.headers, UNIT_COLUMNS, sheet.headerRow);
  const plan: UnitImportPlan = { creates: [], updates: [], unchanged: [] };
  if (errors.length) return { plan, errors };
  if (!sheet.rows.length) {
    return { plan, errors: [{ row: sheet.headerRow + 1, message: 'Tệp không có dòng dữ liệu nào.', text: '' }] };
  }
  const cell = (r: { cells: unknown[] }, key: UnitColumn) =>
    columns[key] === undefined ? undefined : (r.cells[columns[key]] as Parameters<typeof cellText>[0]);

  const parsed: ParsedRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const r of sheet.rows) {
    const fail = (message: string, text: string) => errors.push({ row: r.row, message, text });
    const code = cellText(cell(r, 'code')).toLowerCase();
    const row: ParsedRow = {
      row: r.row,
      code,
      name: cleanText(cellText(cell(r, 'name'))),
      kindText: cellText(cell(r, 'kind')),
      parentCode: cellText(cell(r, 'parentCode')).toLowerCase(),
      counts: {},
    };
    let ok = true;
    if (!code) {
      fail('Thiếu mã đơn vị.', '');
      ok = false;
    } else if (!UNIT_CODE.test(code)) {
      fail('Mã đơn vị gồm 2–100 ký tự: chữ thường không dấu, số, "-", "_" hoặc "/".', code);
      ok = false;
    } else if (firstRowOf.has(code)) {
      fail(`Mã đơn vị "${code}" trùng với dòng ${firstRowOf.get(code)}.`, code);
      ok = false;
    } else {
      firstRowOf.set(code, r.row);
    }
    for (const population of POPULATIONS) {
      const count = parseCount(cell(r, population));
      if ('error' in count) {
        fail(`${UNIT_COLUMNS.find((c) => c.key === population)!.label}: ${count.error}`, cellText(cell(r, population)));
        ok = false;
      } else {
        row.counts[population] = count.value;
      }
    }
    if (ok) parsed.push(row);
  }

  const newByCode = new Map<string, ParsedRow>();
  for (const row of parsed) {
    const fail = (message: string, text: string) => errors.push({ row: row.row, message, text });
    const current = existing.get(row.code);
    if (current) {
      if (!pathInScope(scope, current.path)) {
        fail(`Đơn vị "${row.code}" không thuộc phạm vi quản lý của bạn.`, row.code);
      } else if (current.status !== 'active') {
        fail(`Đơn vị "${row.code}" đã được sáp nhập, không cập nhật được.`, row.code);
      } else if (row.parentCode && row.parentCode !== current.parentCode) {
        fail(
          `Đơn vị "${row.code}" đã có, thuộc "${current.parentCode ?? '(cấp cao nhất)'}"; muốn đổi cấp trên hãy dùng chức năng chuyển đơn vị.`,
          row.parentCode,
        );
      } else {
        const counts = { ...current.counts };
        for (const p of POPULATIONS) counts[p] = row.counts[p] ?? current.counts[p];
        if (POPULATIONS.every((p) => counts[p] === current.counts[p])) {
          plan.unchanged.push({ row: row.row, code: row.code });
        } else {
          plan.updates.push({ row: row.row, id: current.id, code: row.code, counts });
        }
      }
      continue;
    }
    let ok = true;
    if (!row.name) {
      fail('Thiếu tên đơn vị.', '');
      ok = false;
    } else if (row.name.length > 200) {
      fail('Tên đơn vị dài tối đa 200 ký tự.', row.name.slice(0, 50));
      ok = false;
    }
    if (!parseUnitKind(row.kindText)) {
      fail(`Loại đơn vị không hợp lệ. Dùng một trong: ${Object.values(UNIT_KIND_LABELS_VI).join(', ')}.`, row.kindText);
      ok = false;
    }
    if (!row.parentCode && scope.kind !== 'all') {
      fail('Thiếu mã đơn vị cấp trên.', '');
      ok = false;
    } else if (row.parentCode === row.code) {
      fail('Đơn vị không thể là cấp trên của chính nó.', row.parentCode);
      ok = false;
    }
    if (ok) newByCode.set(row.code, row);
  }

  // Parent first: a new unit waits for its new parent; an existing parent must be active and in scope.
  const placed = new Map<string, PlacementParent>();
  const failed = new Set<string>();
  const place = (row: ParsedRow, chain: string[]): boolean => {
    if (placed.has(row.code)) return true;
    if (failed.has(row.code)) return false;
    const fail = (message: string, text: string) => {
      errors.push({ row: row.row, message, text });
      failed.add(row.code);
      return false;
    };
    let parent: PlacementParent | null = null;
    if (row.parentCode) {
      if (chain.includes(row.parentCode))
        return fail('Các đơn vị trong tệp làm cấp trên của nhau (vòng lặp).', row.parentCode);
      const newParent = newByCode.get(row.parentCode);
      const oldParent = existing.get(row.parentCode);
      if (newParent) {
        if (!place(newParent, [...chain, row.code])) {
          failed.add(row.code);
          return false;
        }
      } else if (!oldParent) {
        if (firstRowOf.has(row.parentCode)) {
          failed.add(row.code);
          return false; // the parent's own row has an error, reported there
        }
        return fail(
          `Không tìm thấy đơn vị cấp trên "${row.parentCode}" (trong tệp hay trong hệ thống).`,
          row.parentCode,
        );
      } else if (!pathInScope(scope, oldParent.path)) {
        return fail(`Đơn vị cấp trên "${row.parentCode}" không thuộc phạm vi quản lý của bạn.`, row.parentCode);
      } else if (oldParent.status !== 'active') {
        return fail(`Đơn vị cấp trên "${row.parentCode}" đã được sáp nhập.`, row.parentCode);
      }
      parent = placed.get(row.parentCode) ?? oldParent!;
    }
    const kind = parseUnitKind(row.kindText)!;
    // A code under its parent's code, a kind that fits the parent: the same rule as creating one unit by hand.
    const refusal = placementRefusal(parent, row.code, kind);
    if (refusal) return fail(refusal.message, refusal.code === 'UNIT_KIND_INVALID' ? row.kindText : row.code);
    placed.set(row.code, { code: row.code, kind, depth: parent ? parent.depth + 1 : 0 });
    plan.creates.push({
      row: row.row,
      code: row.code,
      name: row.name,
      kind,
      parentCode: row.parentCode || null,
      counts: {
        cadres: row.counts.cadres ?? 0,
        members: row.counts.members ?? 0,
        youth: row.counts.youth ?? 0,
        teens: row.counts.teens ?? 0,
      },
    });
    return true;
  };
  for (const row of newByCode.values()) place(row, []);
  errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { plan, errors };
}
