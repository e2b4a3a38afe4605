/**
 * Numbers as organizers write them. The Vietnamese decimal comma is read only where it cannot mean anything else:
 * exactly one comma with digits on both sides, no dot, and not exactly three digits after the comma unless the whole
 * part is 0 ("1,5" → 1.5, "0,125" → 0.125, "12,75" → 12.75). "1,500" could be 1.5 or 1500, "1.000,5" or "1,2,3"
 * could be anything: those are errors asking for 1.5 or 1500, never a guess. A number read with a comma is reported
 * back as a warning so the organizer sees how it was understood.
 */
export type NumberRead = { ok: true; value: number; comma: boolean } | { ok: false; message: string };

const PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA = /^([+-]?)(\d+),(\d+)$/;

export function readNumber(raw: string): NumberRead {
  const s = raw.trim().replace(/\u2212/g, '-');
  if (PLAIN.test(s)) {
    const value = Number(s);
    if (Number.isFinite(value)) return { ok: true, value, comma: false };
    return { ok: false, message: `"${raw.trim()}" quá lớn, không phải một số hợp lệ.` };
  }
  const m = COMMA.exec(s);
  if (m) {
    const [, sign, whole, frac] = m as unknown as [string, string, string, string];
    if (frac.length === 3 && !/^0+$/.test(whole)) {
      const asDecimal = String(Number(`${whole}.${frac}`));
      const asThousands = String(Number(`${whole}${frac}`));
      return {
        ok: false,
        message: `"${raw.trim()}" không rõ là ${sign}${asDecimal} hay ${sign}${asThousands}: hãy viết ${sign}${asDecimal} hoặc ${sign}${asThousands} (dùng dấu chấm cho phần thập phân, không dùng dấu phân cách hàng nghìn).`,
      };
    }
    return { ok: true, value: Number(`${sign}${whole}.${frac}`), comma: true };
  }
  if (s === '') return { ok: false, message: 'Đáp án số đang để trống.' };
  if (/^[+-]?[\d.,\s]+$/.test(s)) {
    return {
      ok: false,
      message: `"${raw.trim()}" không phải một số viết được hiểu một cách duy nhất: hãy dùng dấu chấm cho phần thập phân (ví dụ 1.5) và không dùng dấu phân cách hàng nghìn.`,
    };
  }
  return { ok: false, message: `"${raw.trim()}" không phải là số.` };
}

export interface NumericalSpec {
  value: number;
  tolerance: number;
  /** The written numbers that used a decimal comma, for the warning. */
  commaNumbers: string[];
}

/**
 * One numerical answer: "v", "v:t" (GIFT's tolerance), "v±t" or "v+-t" (spreadsheets) or a range "a..b" (value in
 * the middle, tolerance half the width).
 */
export function readNumericalSpec(raw: string): { ok: true; spec: NumericalSpec } | { ok: false; message: string } {
  const s = raw.trim();
  const commaNumbers: string[] = [];
  const num = (part: string): number | string => {
    const r = readNumber(part);
    if (!r.ok) return r.message;
    if (r.comma) commaNumbers.push(part.trim());
    return r.value;
  };
  const range = s.indexOf('..');
  if (range > 0) {
    const lo = num(s.slice(0, range));
    const hi = num(s.slice(range + 2));
    if (typeof lo === 'string') return { ok: false, message: lo };
    if (typeof hi === 'string') return { ok: false, message: hi };
    if (hi < lo) return { ok: false, message: `Khoảng "${s}" có cận dưới lớn hơn cận trên.` };
    return { ok: true, spec: { value: (lo + hi) / 2, tolerance: (hi - lo) / 2, commaNumbers } };
  }
  const sep = /:|±|\+\/?-/.exec(s);
  const valuePart = sep ? s.slice(0, sep.index) : s;
  const value = num(valuePart);
  if (typeof value === 'string') return { ok: false, message: value };
  let tolerance = 0;
  if (sep) {
    const t = num(s.slice(sep.index + sep[0].length));
    if (typeof t === 'string') return { ok: false, message: `Sai số: ${t}` };
    if (t < 0) return { ok: false, message: `Sai số trong "${s}" không được âm.` };
    tolerance = t;
  }
  return { ok: true, spec: { value, tolerance, commaNumbers } };
}

export const commaWarning = (numbers: string[]): string =>
  `Đã đọc ${numbers.map((n) => `"${n}" là ${n.replace(',', '.')}`).join(', ')} (dấu phẩy thập phân). Nếu không đúng, hãy sửa tệp và nhập lại.`;
