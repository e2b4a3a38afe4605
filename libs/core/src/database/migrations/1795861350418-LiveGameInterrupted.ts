import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveGameInterrupted1795861350418 implements MigrationInterface {
  name = 'LiveGameInterrupted1795861350418';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "live_game" ADD "interrupted_at" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "live_game" DROP COLUMN "interrupted_at"');
  }
}
