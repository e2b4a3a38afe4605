import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveGames1795852450328 implements MigrationInterface {
  name = 'LiveGames1795852450328';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "live_game" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pin" text NOT NULL, "title" text NOT NULL, "host_user_id" uuid, "bank_id" uuid NOT NULL, "settings" jsonb NOT NULL, "question_version_ids" uuid array NOT NULL, "status" text NOT NULL DEFAULT \'lobby\', "player_count" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_live_game" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_live_game_host_user_id" ON "live_game"  ("host_user_id") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_live_game_active_pin" ON "live_game"  ("pin") WHERE status <> \'ended\'',
    );
    await queryRunner.query(
      'CREATE TABLE "live_player" ("id" uuid NOT NULL, "game_id" uuid NOT NULL, "nickname" text NOT NULL, "rank" integer NOT NULL, "score" integer NOT NULL, "correct_count" integer NOT NULL, "correct_time_ms" integer NOT NULL, "kicked" boolean NOT NULL DEFAULT false, "join_order" integer NOT NULL, CONSTRAINT "pk_live_player" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_live_player_game_id_rank" ON "live_player"  ("game_id", "rank") ');
    await queryRunner.query(
      'ALTER TABLE "live_player" ADD CONSTRAINT "fk_live_player_game_id" FOREIGN KEY ("game_id") REFERENCES "live_game"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "live_player" DROP CONSTRAINT "fk_live_player_game_id"');
    await queryRunner.query('DROP INDEX "public"."idx_live_player_game_id_rank"');
    await queryRunner.query('DROP TABLE "live_player"');
    await queryRunner.query('DROP INDEX "public"."uq_live_game_active_pin"');
    await queryRunner.query('DROP INDEX "public"."idx_live_game_host_user_id"');
    await queryRunner.query('DROP TABLE "live_game"');
  }
}
