import { UNIT_KIND_LABELS_VI, type UnitKind } from '#contracts';

/**
 * The kinds that may sit directly under each kind (null: at the root). The city union is the root; districts (the
 * 2022–2024 tree) sit under it; wards, communes and towns under the city (today's two-tier tree) or a district; the
 * unions of schools, agencies and enterprises under any territorial unit; branches (chi đoàn, liên chi đoàn) under
 * anything but the city, and inside one another (a liên chi đoàn holds its chi đoàn).
 */
const PARENT_KINDS: Record<UnitKind, readonly (UnitKind | null)[]> = {
  city: [null],
  district: ['city'],
  ward: ['city', 'district'],
  commune: ['city', 'district'],
  town: ['city', 'district'],
  school: ['city', 'district', 'ward', 'commune', 'town'],
  agency: ['city', 'district', 'ward', 'commune', 'town'],
  enterprise: ['city', 'district', 'ward', 'commune', 'town'],
  branch: ['district', 'ward', 'commune', 'town', 'school', 'agency', 'enterprise', 'branch'],
};

export interface PlacementParent {
  code: string;
  kind: UnitKind;
  /** 0 for a root: its children's codes are one segment, the namespace every district's codes start from. */
  depth: number;
}

export interface PlacementRefusal {
  code: 'UNIT_CODE_OUTSIDE_PARENT' | 'UNIT_KIND_INVALID';
  message: string;
}

/** The code a child of `parent` must start with ("" under a root, whose children take one-segment codes). */
export function codePrefixUnder(parent: PlacementParent): string {
  return parent.depth === 0 ? '' : `${parent.code}/`;
}

/** Whether a unit of this code and kind may be created under `parent` (null: as a root). */
export function placementRefusal(
  parent: PlacementParent | null,
  code: string,
  kind: UnitKind,
): PlacementRefusal | null {
  const kindRefusal = kindRefusalUnder(parent, kind);
  if (kindRefusal) return kindRefusal;
  if (!parent) return null;
  const prefix = codePrefixUnder(parent);
  const rest = code.slice(prefix.length);
  if (!code.startsWith(prefix) || !rest || rest.includes('/')) {
    return {
      code: 'UNIT_CODE_OUTSIDE_PARENT',
      message: prefix
        ? `Mã đơn vị phải có dạng "${prefix}<tên>" (dưới đơn vị cấp trên "${parent.code}").`
        : 'Mã đơn vị trực thuộc cấp cao nhất không chứa dấu "/".',
    };
  }
  return null;
}

/** Whether a unit of this kind may sit under `parent` (null: as a root). */
export function kindRefusalUnder(parent: PlacementParent | null, kind: UnitKind): PlacementRefusal | null {
  if (PARENT_KINDS[kind].includes(parent?.kind ?? null)) return null;
  const allowed = PARENT_KINDS[kind].map((k) => (k ? UNIT_KIND_LABELS_VI[k] : 'cấp cao nhất')).join(', ');
  return {
    code: 'UNIT_KIND_INVALID',
    message: parent
      ? `${UNIT_KIND_LABELS_VI[kind]} không thể trực thuộc ${UNIT_KIND_LABELS_VI[parent.kind]}; chỉ trực thuộc: ${allowed}.`
      : `${UNIT_KIND_LABELS_VI[kind]} không thể ở cấp cao nhất; chỉ trực thuộc: ${allowed}.`,
  };
}

/** A unit's code once moved under `parent`: its last segment under the new parent's prefix. */
export function codeMovedUnder(parent: PlacementParent, code: string): string {
  return codePrefixUnder(parent) + code.slice(code.lastIndexOf('/') + 1);
}
