import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RoundAudience1796394610366 implements MigrationInterface {
  name = 'RoundAudience1796394610366';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "contest_round" ADD "audience_unit_ids" uuid array NOT NULL DEFAULT \'{}\'');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "contest_round" DROP COLUMN "audience_unit_ids"');
  }
}
