import type { UnitResponseDto } from '../dto/unit.dto.js';
import type { OrgUnit } from '../entities/org-unit.entity.js';

export function toUnitResponse(unit: OrgUnit & { childCount?: number }): UnitResponseDto {
  return {
    id: unit.id,
    code: unit.code,
    name: unit.name,
    fullName: unit.fullName,
    kind: unit.kind,
    parentId: unit.parentId,
    depth: unit.depth,
    counts: { cadres: unit.cadres, members: unit.members, youth: unit.youth, teens: unit.teens },
    status: unit.status,
    mergedIntoId: unit.mergedIntoId,
    ...(unit.childCount !== undefined ? { childCount: unit.childCount } : {}),
  };
}
