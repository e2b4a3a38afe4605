import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BankArchive1796404130000 implements MigrationInterface {
  name = 'BankArchive1796404130000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "question_bank" ADD "archived_at" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "question_bank" DROP COLUMN "archived_at"');
  }
}
