import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountChangesAndBackOff1796393722195 implements MigrationInterface {
  name = 'AccountChangesAndBackOff1796393722195';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Failure counts keyed by username become back-off keys: the old counts are short-lived and simply dropped.
    await queryRunner.query('DELETE FROM "login_throttle"');
    await queryRunner.query('ALTER TABLE "login_throttle" DROP CONSTRAINT "pk_login_throttle"');
    await queryRunner.query('ALTER TABLE "login_throttle" DROP COLUMN "username"');
    await queryRunner.query('ALTER TABLE "login_throttle" DROP COLUMN "failures"');
    await queryRunner.query('ALTER TABLE "login_throttle" DROP COLUMN "locked_until"');
    await queryRunner.query('ALTER TABLE "app_user" ADD "authz_version" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "app_user" ADD "authz_changed_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "app_user" ADD "must_change_password" boolean NOT NULL DEFAULT false');
    await queryRunner.query('ALTER TABLE "login_throttle" ADD "key" text NOT NULL');
    await queryRunner.query('ALTER TABLE "login_throttle" ADD CONSTRAINT "pk_login_throttle" PRIMARY KEY ("key")');
    await queryRunner.query('ALTER TABLE "login_throttle" ADD "count" integer NOT NULL');
    await queryRunner.query('ALTER TABLE "login_throttle" ADD "last_at" TIMESTAMP WITH TIME ZONE NOT NULL');
    await queryRunner.query('ALTER TABLE "login_throttle" ADD "blocked_until" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "login_throttle" ADD "last_success_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'CREATE INDEX "idx_app_user_authz_changed" ON "app_user"  ("authz_changed_at") WHERE authz_changed_at IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM "login_throttle"');
    await queryRunner.query('DROP INDEX "public"."idx_app_user_authz_changed"');
    await queryRunner.query('ALTER TABLE "login_throttle" DROP COLUMN "last_success_at"');
    await queryRunner.query('ALTER TABLE "login_throttle" DROP COLUMN "blocked_until"');
    await queryRunner.query('ALTER TABLE "login_throttle" DROP COLUMN "last_at"');
    await queryRunner.query('ALTER TABLE "login_throttle" DROP COLUMN "count"');
    await queryRunner.query('ALTER TABLE "login_throttle" DROP CONSTRAINT "pk_login_throttle"');
    await queryRunner.query('ALTER TABLE "login_throttle" DROP COLUMN "key"');
    await queryRunner.query('ALTER TABLE "app_user" DROP COLUMN "must_change_password"');
    await queryRunner.query('ALTER TABLE "app_user" DROP COLUMN "authz_changed_at"');
    await queryRunner.query('ALTER TABLE "app_user" DROP COLUMN "authz_version"');
    await queryRunner.query('ALTER TABLE "login_throttle" ADD "locked_until" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "login_throttle" ADD "failures" integer NOT NULL');
    await queryRunner.query('ALTER TABLE "login_throttle" ADD "username" text NOT NULL');
    await queryRunner.query('ALTER TABLE "login_throttle" ADD CONSTRAINT "pk_login_throttle" PRIMARY KEY ("username")');
  }
}
