import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';

export type Unit = Schemas['UnitResponseDto'];
export type FoundUnit = Schemas['UnitSearchResultDto'];
export type Counts = Schemas['MemberCountsDto'];
export type ChangePreview = Schemas['UnitChangePreviewDto'];

export const POPULATION_KEYS = ['cadres', 'members', 'youth', 'teens'] as const;

export const unitQuery = (unitId: string) => ({
  queryKey: ['unit', unitId],
  queryFn: () => unwrap(api.GET('/api/v1/units/{unitId}', { params: { path: { unitId } } })),
});

/** Children of a unit (the roots for null), asked for when a level of the tree is opened. */
export const childrenQuery = (parentId: string | null) => ({
  queryKey: ['units', 'children', parentId],
  queryFn: () => unwrap(api.GET('/api/v1/units', { params: { query: parentId ? { parentId } : {} } })),
});

export const searchQuery = (q: string) => ({
  queryKey: ['units', 'search', q],
  queryFn: () => unwrap(api.GET('/api/v1/units/search', { params: { query: { q, limit: 30 } } })),
  enabled: q.trim().length > 0,
});

/** Every cached view of the tree is refreshed after a change to it. */
export const UNIT_KEYS = [['units'], ['unit']] as const;

/** The kinds that may sit directly under each kind, as the API checks them (unit-placement.ts). */
const PARENT_KINDS: Record<Unit['kind'], readonly Unit['kind'][]> = {
  city: [],
  district: ['city'],
  ward: ['city', 'district'],
  commune: ['city', 'district'],
  town: ['city', 'district'],
  school: ['city', 'district', 'ward', 'commune', 'town'],
  agency: ['city', 'district', 'ward', 'commune', 'town'],
  enterprise: ['city', 'district', 'ward', 'commune', 'town'],
  branch: ['district', 'ward', 'commune', 'town', 'school', 'agency', 'enterprise', 'branch'],
};

export const kindsUnder = (parent: Unit['kind']): Unit['kind'][] =>
  (Object.keys(PARENT_KINDS) as Unit['kind'][]).filter((k) => PARENT_KINDS[k].includes(parent));

/** A child's code starts with its parent's and "/", except under the root, where it is one segment. */
export const codePrefixUnder = (parent: Pick<Unit, 'code' | 'depth'>): string =>
  parent.depth === 0 ? '' : `${parent.code}/`;

export const totalOf = (c: Counts): number => c.cadres + c.members + c.youth + c.teens;
