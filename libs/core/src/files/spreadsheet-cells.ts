/*
 * Spreadsheet formula injection (CSV/XLSX): a cell starting with = + - @ | % tab or CR may run as a formula (or a DDE
 * command) when the file is opened. Every export of text someone typed (names, units, nicknames, questions) prefixes
 * such cells with ' (and a cell already starting with ' gets one more, so that the rule can be undone exactly);
 * imports of those files remove that one prefix.
 */
const RISKY = /^[=+\-@|%\t\r']/;
const NEUTRALIZED = /^'[=+\-@|%\t\r']/;

export const neutralize = (s: string): string => (RISKY.test(s) ? `'${s}` : s);
export const unneutralize = (s: string): string => (NEUTRALIZED.test(s) ? s.slice(1) : s);

/** A row of cells with every text cell neutralized; numbers, dates and empty cells as they are. */
export const neutralizeRow = <T>(cells: T[]): T[] =>
  cells.map((c) => (typeof c === 'string' ? (neutralize(c) as T) : c));
