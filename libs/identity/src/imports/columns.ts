import type { ErrorDetail } from '#contracts';
import type { Cell } from './spreadsheet.js';

/** One column an importer understands: its Vietnamese header (used in templates and messages) and accepted aliases. */
export interface ColumnSpec<K extends string = string> {
  key: K;
  label: string;
  aliases: string[];
  required: boolean;
}

/** Headers compared without diacritics, case or punctuation: "Mã đơn vị cấp trên" = "ma don vi cap tren". */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export type ColumnIndex<K extends string> = Partial<Record<K, number>>;

/** Finds each column's position; an unknown, repeated or missing column is an error on the header row. */
export function mapColumns<K extends string>(
  headers: string[],
  specs: readonly ColumnSpec<K>[],
  headerRow: number,
): { columns: ColumnIndex<K>; errors: ErrorDetail[] } {
  const columns: ColumnIndex<K> = {};
  const errors: ErrorDetail[] = [];
  const expected = specs.map((s) => `"${s.label}"`).join(', ');
  headers.forEach((header, index) => {
    if (!header.trim()) return;
    const folded = foldText(header);
    const spec = specs.find((s) => foldText(s.label) === folded || s.aliases.some((a) => foldText(a) === folded));
    if (!spec) {
      errors.push({
        row: headerRow,
        message: `Cột "${header}" không được hỗ trợ. Các cột: ${expected}.`,
        text: header,
      });
    } else if (columns[spec.key] !== undefined) {
      errors.push({ row: headerRow, message: `Cột "${spec.label}" xuất hiện hai lần.`, text: header });
    } else {
      columns[spec.key] = index;
    }
  });
  for (const spec of specs) {
    if (spec.required && columns[spec.key] === undefined) {
      errors.push({ row: headerRow, message: `Thiếu cột "${spec.label}".`, text: '' });
    }
  }
  return { columns, errors };
}

/** A cell as trimmed NFC text ('' when empty). Numbers keep their digits; dates become dd/mm/yyyy. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) {
    const d = String(cell.getUTCDate()).padStart(2, '0');
    const m = String(cell.getUTCMonth() + 1).padStart(2, '0');
    return `${d}/${m}/${cell.getUTCFullYear()}`;
  }
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  return String(cell).normalize('NFC').trim().replace(/\s+/g, ' ');
}

export const MAX_COUNT = 10_000_000;

/**
 * A head count: empty is null; "1.200", "1,200" and "1 200" are Vietnamese or English thousands grouping; negatives,
 * fractions and words are errors (a message to show, never a silent zero).
 */
export function parseCount(cell: Cell | undefined): { value: number | null } | { error: string } {
  if (cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '')) return { value: null };
  let value: number;
  if (typeof cell === 'number') {
    value = cell;
  } else {
    const text = cellText(cell);
    if (/^-\s*\d/.test(text)) return { error: 'Số lượng không được âm.' };
    if (/^\d{1,3}([.,\s]\d{3})+$/.test(text)) value = Number(text.replace(/[.,\s]/g, ''));
    else if (/^\d+$/.test(text)) value = Number(text);
    else return { error: 'Số lượng phải là số nguyên không âm.' };
  }
  if (!Number.isFinite(value)) return { error: 'Số lượng phải là số nguyên không âm.' };
  if (value < 0) return { error: 'Số lượng không được âm.' };
  if (!Number.isInteger(value)) return { error: 'Số lượng phải là số nguyên.' };
  if (value > MAX_COUNT) return { error: `Số lượng tối đa là ${MAX_COUNT.toLocaleString('vi-VN')}.` };
  return { value };
}
