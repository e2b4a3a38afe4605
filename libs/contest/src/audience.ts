import { UNITS_SQL } from '#identity';

/**
 * Who may take part in a round: the whole city when its audience is empty, otherwise the people of the chosen units'
 * subtrees. A unit's path is the chain of ids from the root ("/city/district/ward/"), so a participant's unit is in
 * an audience unit's subtree exactly when that id is one of the path's segments.
 */
export function isRoundOpenToUnit(audienceUnitIds: readonly string[], unitPath: string | null | undefined): boolean {
  if (audienceUnitIds.length === 0) return true;
  if (!unitPath) return false;
  return audienceUnitIds.some((id) => unitPath.includes(`/${id}/`));
}

/**
 * The same rule in SQL, for every list of rounds a participant sees (one place, so lists and starts agree):
 * `round` is the alias of a contest_round row, `unitId` the SQL expression of the participant's unit id (a
 * parameter, e.g. `$2`; NULL for a person without a unit, who then sees only whole-city rounds).
 */
export function roundOpenToUnitSql(round: string, unitId: string): string {
  return `(cardinality(${round}.audience_unit_ids) = 0 OR EXISTS (
    SELECT 1 FROM ${UNITS_SQL} participant_unit
    WHERE participant_unit.id = ${unitId}
      AND string_to_array(trim(both '/' from participant_unit.path), '/')::uuid[] && ${round}.audience_unit_ids))`;
}
