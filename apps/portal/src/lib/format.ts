const ZONE = 'Asia/Ho_Chi_Minh';
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** dd/mm/yyyy in Vietnam's time, whatever the phone's zone. */
export const formatDate = (iso: string | Date): string => dateFormat.format(new Date(iso));
/** HH:mm dd/mm/yyyy in Vietnam's time. */
export const formatDateTime = (iso: string | Date): string =>
  `${timeFormat.format(new Date(iso))} ${dateFormat.format(new Date(iso))}`;

/** mm:ss, or h:mm:ss past an hour; never negative. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h ? 2 : 1, '0');
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Lower case without diacritics (đ → d too): "Lê Chân" is found by typing "le chan". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().trim();
}

/** "dd/mm/yyyy" (or d/m/yyyy, with - or .) as YYYY-MM-DD; null when it is not a real date. */
export function parseVietnameseDate(text: string): string | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export const isoToVietnamese = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
};

/** Whole years between a YYYY-MM-DD birth date and today in Vietnam. */
export function ageToday(birthIso: string, now = new Date()): number {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(now);
  const [by, bm, bd] = birthIso.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
