/** Roles a user may hold. An organizer's powers are scoped to the subtree of their unit. */
export const ROLES = ['admin', 'organizer', 'author', 'reviewer', 'host', 'participant'] as const;
export type Role = (typeof ROLES)[number];

/** The populations of the city plan 300/KH-UBND; member counts per unit are kept for each. */
export const POPULATIONS = ['cadres', 'members', 'youth', 'teens'] as const;
export type Population = (typeof POPULATIONS)[number];

export const POPULATION_LABELS_VI: Record<Population, string> = {
  cadres: 'Cán bộ đoàn, hội, đội',
  members: 'Đoàn viên, hội viên',
  youth: 'Thanh niên',
  teens: 'Thiếu niên, nhi đồng',
};

export const UNIT_KINDS = [
  'city',
  'district',
  'ward',
  'commune',
  'town',
  'school',
  'agency',
  'enterprise',
  'branch',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS_VI: Record<UnitKind, string> = {
  city: 'Thành đoàn',
  district: 'Quận/Huyện đoàn',
  ward: 'Đoàn phường',
  commune: 'Đoàn xã',
  town: 'Đoàn thị trấn',
  school: 'Đoàn trường',
  agency: 'Đoàn cơ quan',
  enterprise: 'Đoàn doanh nghiệp',
  branch: 'Chi đoàn',
};

export interface MemberCounts {
  cadres: number;
  members: number;
  youth: number;
  teens: number;
}
