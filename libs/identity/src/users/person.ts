/** Pure rules about people: age in Vietnam's time zone, consent, and the name shown in public lists. */

const VN_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in Asia/Ho_Chi_Minh as YYYY-MM-DD. */
export function vietnamToday(now: Date): string {
  return VN_DATE.format(now);
}

/** Strict ISO calendar date (YYYY-MM-DD) that exists. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Whole years from birthDate to today (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Decree 13/2023/NĐ-CP: a child's data needs a guardian's consent, and the child's own from age 7. */
export const ADULT_AGE = 16;
export const CHILD_OWN_CONSENT_AGE = 7;
export const MIN_AGE = 6;

/** "Nguyễn Văn An" → "N. V. An": family and middle names reduced to initials, the given name kept. */
export function initialsName(fullName: string): string {
  const parts = fullName.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return parts[0] ? `${[...parts[0]][0]}.` : '';
  const given = parts[parts.length - 1]!;
  return [...parts.slice(0, -1).map((p) => `${[...p][0]!.toUpperCase()}.`), given].join(' ');
}

/** The name others may see: the full name for adults or with consent, otherwise initials. */
export function publicName(
  person: { fullName: string; birthDate: string | null; publicNameConsent: boolean },
  today: string,
): string {
  const adult = person.birthDate !== null && ageOn(person.birthDate, today) >= ADULT_AGE;
  return adult || person.publicNameConsent ? person.fullName : initialsName(person.fullName);
}

/** NFC, trimmed, inner white space folded. */
export function cleanText(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ');
}
