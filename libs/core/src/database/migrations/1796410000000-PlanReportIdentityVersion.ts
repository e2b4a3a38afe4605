import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The plan report depends on identity's units (tree, merges, member counts) and people (unit, population, status).
 * A statement-level trigger on each raises reporting's second version row in the same transaction as the change, so a
 * cached report is never served after one, without scanning 300,000 people on every read. Per statement, not per row:
 * an import or a merge moving thousands of people raises it once. Written by hand: TypeORM does not see triggers.
 */
export class PlanReportIdentityVersion1796410000000 implements MigrationInterface {
  name = 'PlanReportIdentityVersion1796410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION plan_report_identity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO plan_report_version (id, version) VALUES (2, 1)
         ON CONFLICT (id) DO UPDATE SET version = plan_report_version.version + 1;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER plan_report_units_changed AFTER INSERT OR DELETE OR UPDATE OF parent_id, path, status, merged_into_id,
       cadres, members, youth, teens, name ON org_unit FOR EACH STATEMENT EXECUTE FUNCTION plan_report_identity_changed()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER plan_report_people_changed AFTER INSERT OR DELETE OR UPDATE OF unit_id, population, status
       ON app_user FOR EACH STATEMENT EXECUTE FUNCTION plan_report_identity_changed()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER plan_report_people_changed ON app_user');
    await queryRunner.query('DROP TRIGGER plan_report_units_changed ON org_unit');
    await queryRunner.query('DROP FUNCTION plan_report_identity_changed()');
  }
}
