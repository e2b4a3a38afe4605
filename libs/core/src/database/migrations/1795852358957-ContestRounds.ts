import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ContestRounds1795852358957 implements MigrationInterface {
  name = 'ContestRounds1795852358957';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "contest" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "description" text, "unit_id" uuid, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_contest" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "contest_round" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contest_id" uuid NOT NULL, "title" text NOT NULL, "bank_id" uuid NOT NULL, "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_seconds" integer NOT NULL, "max_attempts" integer NOT NULL, "counted_attempt" text NOT NULL, "blueprint" jsonb NOT NULL, "points_per_question" double precision NOT NULL, "prediction_question" text, "prediction_target" text, "ranking" text array NOT NULL, "review" jsonb NOT NULL, "stats_populations" text array NOT NULL, "prizes" jsonb, "status" text NOT NULL DEFAULT \'open\', "prediction_value" integer, "closed_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_contest_round" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_contest_round_open_closes_at" ON "contest_round"  ("closes_at") WHERE "status" = \'open\'',
    );
    await queryRunner.query('CREATE INDEX "idx_contest_round_contest_id" ON "contest_round"  ("contest_id") ');
    await queryRunner.query(
      'CREATE TABLE "round_ranking" ("round_id" uuid NOT NULL, "user_id" uuid NOT NULL, "rank" integer NOT NULL, "position" integer NOT NULL, "attempt_id" uuid NOT NULL, "unit_id" uuid, "score" double precision NOT NULL, "max_score" double precision NOT NULL, "prediction" integer, "prediction_distance" integer, "duration_ms" integer NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_round_ranking" PRIMARY KEY ("round_id", "user_id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_round_ranking_position" ON "round_ranking"  ("round_id", "position") ',
    );
    await queryRunner.query(
      'CREATE TABLE "round_regrade" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "actor_id" uuid, "changes" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_round_regrade" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_round_regrade_round_id" ON "round_regrade"  ("round_id") ');
    await queryRunner.query(
      'CREATE TABLE "round_unit_stat" ("round_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "depth" integer NOT NULL, "participants" integer NOT NULL, "attempts" integer NOT NULL, "members" integer NOT NULL, "rate" double precision, "rank_by_count" integer NOT NULL, "rank_by_rate" integer, CONSTRAINT "pk_round_unit_stat" PRIMARY KEY ("round_id", "unit_id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "round_unit_stat"');
    await queryRunner.query('DROP INDEX "public"."idx_round_regrade_round_id"');
    await queryRunner.query('DROP TABLE "round_regrade"');
    await queryRunner.query('DROP INDEX "public"."uq_round_ranking_position"');
    await queryRunner.query('DROP TABLE "round_ranking"');
    await queryRunner.query('DROP INDEX "public"."idx_contest_round_contest_id"');
    await queryRunner.query('DROP INDEX "public"."idx_contest_round_open_closes_at"');
    await queryRunner.query('DROP TABLE "contest_round"');
    await queryRunner.query('DROP TABLE "contest"');
  }
}
