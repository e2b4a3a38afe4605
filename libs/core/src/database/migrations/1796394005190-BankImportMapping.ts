import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BankImportMapping1796394005190 implements MigrationInterface {
  name = 'BankImportMapping1796394005190';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "question_bank" ADD "import_mapping" jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "question_bank" DROP COLUMN "import_mapping"');
  }
}
