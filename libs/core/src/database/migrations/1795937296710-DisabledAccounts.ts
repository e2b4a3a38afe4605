import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DisabledAccounts1795937296710 implements MigrationInterface {
  name = 'DisabledAccounts1795937296710';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "idx_app_user_disabled" ON "app_user"  ("updated_at") WHERE status = \'disabled\'',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_app_user_disabled"');
  }
}
