import { POPULATIONS, type Population } from '#contracts';

/*
 * identity's tables as other modules' set-based SQL may read them. Freezing a round's ranking and its unit statistics
 * over up to a million attempts must stay one statement each, so contest joins people and units in SQL rather than
 * asking identity for them row by row. These derived tables are the only place outside identity's repositories that
 * names its tables and columns; PostgreSQL pulls such plain subqueries up into the outer join, so plans are the same
 * as joining the tables directly.
 */

/** People: id, unit_id, username, full_name, birth_date, public_name_consent, population (null when not known). */
export const PEOPLE_SQL =
  '(SELECT id, unit_id, username, full_name, birth_date, public_name_consent, population FROM app_user)';

/**
 * Units: id, name, parent_id, path, depth, active, and the member count of each population (cadres, members, youth,
 * teens). `path` lists the ids from the root (`/a/b/`), so a unit's subtree is every unit whose path starts with it.
 */
export const UNITS_SQL =
  "(SELECT id, name, parent_id, path, depth, status = 'active' AS active, cadres, members, youth, teens FROM org_unit)";

/** SQL that holds when the unit path `path` lies in the subtree whose root has the path `rootPath`. */
export function inSubtreeSql(path: string, rootPath: string): string {
  return `left(${path}, length(${rootPath})) = ${rootPath}`;
}

/** SQL summing the member counts of some populations over a units row (`alias` from UNITS_SQL). */
export function memberCountSql(alias: string, populations: readonly Population[]): string {
  const known = populations.filter((p) => (POPULATIONS as readonly string[]).includes(p));
  return known.length ? known.map((p) => `${alias}.${p}`).join(' + ') : '0';
}

/**
 * Units with their merge history for reports: id, parent_id, active, merged_into_id (the unit a merged one became),
 * updated_at, and the member counts (cadres, members, youth, teens).
 */
export const UNIT_HISTORY_SQL =
  "(SELECT id, parent_id, status = 'active' AS active, merged_into_id, updated_at, cadres, members, youth, teens FROM org_unit)";

/** People as reports count them: id, unit_id, population, active, updated_at. */
export const PEOPLE_BY_POPULATION_SQL =
  "(SELECT id, unit_id, population, status = 'active' AS active, updated_at FROM app_user)";
