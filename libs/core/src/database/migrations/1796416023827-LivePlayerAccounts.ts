import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LivePlayerAccounts1796416023827 implements MigrationInterface {
  name = 'LivePlayerAccounts1796416023827';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "live_game" ADD "unit_id" uuid');
    await queryRunner.query('ALTER TABLE "live_player" ADD "user_id" uuid');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_live_player_game_id_user_id" ON "live_player"  ("game_id", "user_id") WHERE user_id IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."uq_live_player_game_id_user_id"');
    await queryRunner.query('ALTER TABLE "live_player" DROP COLUMN "user_id"');
    await queryRunner.query('ALTER TABLE "live_game" DROP COLUMN "unit_id"');
  }
}
