import type { ErrorDetail } from '#contracts';

/**
 * The fields a template's text may use, as `{{name}}`. A template that names any other field is refused when it is
 * saved (CERTIFICATE_TEMPLATE_FIELD_UNKNOWN), so issuing never meets one.
 */
export const TEMPLATE_FIELDS = {
  fullName: 'Họ và tên người nhận',
  birthDate: 'Ngày sinh (dd/mm/yyyy)',
  unit: 'Đơn vị của người nhận',
  achievement: 'Thành tích (tên khóa học, cuộc thi, trò chơi)',
  rank: 'Thứ hạng',
  prize: 'Giải (Giải Nhất, Giải Nhì, …)',
  score: 'Điểm',
  date: 'Ngày cấp (dd/mm/yyyy)',
  signerName: 'Họ tên người ký',
  signerTitle: 'Chức vụ người ký',
  code: 'Mã xác minh',
} as const;

export type TemplateField = keyof typeof TEMPLATE_FIELDS;
export type TemplateValues = Record<TemplateField, string>;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Every `{{…}}` in the text that is not a known field (each once), as error details for the field `field`. */
export function unknownFields(text: string, field: string): ErrorDetail[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (!Object.hasOwn(TEMPLATE_FIELDS, match[1]!)) unknown.add(match[0]);
  }
  return [...unknown].map((text) => ({
    field,
    text,
    message: `Trường ${text} không tồn tại. Các trường dùng được: ${Object.keys(TEMPLATE_FIELDS)
      .map((f) => `{{${f}}}`)
      .join(', ')}.`,
  }));
}

/** The text with each field replaced by its value (unknown ones were refused when the template was saved). */
export function fillTemplate(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as TemplateField] : whole,
  );
}

/**
 * Made once: an Intl formatter holds ICU memory outside the JS heap that only a full collection frees, so one made per
 * certificate piles up over a bulk issue until V8 next runs a full collection.
 */
const VN_DATE = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** dd/mm/yyyy in Asia/Ho_Chi_Minh. */
export function vietnameseDate(date: Date): string {
  return VN_DATE.format(date);
}

/** A YYYY-MM-DD birth date as dd/mm/yyyy. */
export function isoDateToVietnamese(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** What a preview prints: a long name with every Vietnamese diacritic. */
export const SAMPLE_VALUES: TemplateValues = {
  fullName: 'Nguyễn Thị Thuỳ Dương',
  birthDate: '02/09/2008',
  unit: 'Đoàn phường Hồng Bàng',
  achievement: 'Cuộc thi tìm hiểu Luật An ninh mạng năm 2026',
  rank: '1',
  prize: 'Giải Nhất',
  score: '95',
  date: '15/12/2026',
  signerName: 'Trần Văn Hưởng',
  signerTitle: 'Bí thư Thành đoàn',
  code: '7K3M-Q9XD-2F8H-WN',
};
