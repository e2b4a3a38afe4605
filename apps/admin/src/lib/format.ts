import i18n from '../i18n';

// Dates and numbers always in Vietnamese conventions (dd/mm/yyyy, 1.234,5) and Hải Phòng time, whatever the
// interface language: they are what the union's reports and paperwork use.
const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const dateTime = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const number = new Intl.NumberFormat('vi-VN');
const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 2 });

export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));
export const formatNumber = (n: number): string => number.format(n);
export const formatPercent = (fraction: number): string => percent.format(fraction);

/** "1,5" and "1.5" both read as 1.5; anything else (e.g. "1.500,5", "abc") is rejected rather than guessed. */
export function parseDecimal(raw: string): number | null {
  const s = raw.trim();
  if (!/^[-+]?\d+([.,]\d+)?$/.test(s)) return null;
  return Number(s.replace(',', '.'));
}

export const pageTitle = (title: string): string => `${title} · ${i18n.t('app.name')}`;
