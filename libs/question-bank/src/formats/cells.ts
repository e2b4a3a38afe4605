/*
 * Spreadsheet formula injection (CSV/XLSX): a cell starting with = + - @ tab or CR may run as a formula when the file
 * is opened. Exports prefix such cells with ' (and a cell already starting with ' gets one more, so that the rule
 * can be undone exactly); imports remove that one prefix.
 */
const RISKY = /^[=+\-@\t\r']/;

export const neutralize = (s: string): string => (RISKY.test(s) ? `'${s}` : s);
export const unneutralize = (s: string): string => (/^'[=+\-@\t\r']/.test(s) ? s.slice(1) : s);
