import type { MigrationInterface, QueryRunner } from 'typeorm';

export class QuizAttempts1795852308794 implements MigrationInterface {
  name = 'QuizAttempts1795852308794';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "quiz_attempt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "context_id" uuid NOT NULL, "user_id" uuid NOT NULL, "attempt_no" integer NOT NULL, "status" text NOT NULL DEFAULT \'in_progress\', "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE, "finished_by" text, "duration_ms" integer, "score" double precision, "max_score" double precision NOT NULL, "points_per_question" double precision NOT NULL, "correct_count" integer, "answered_count" integer, "prediction" integer, "seed" text NOT NULL, "paper" jsonb NOT NULL, "ip" text, "device_id" text, CONSTRAINT "pk_quiz_attempt" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_quiz_attempt_user_id" ON "quiz_attempt"  ("user_id") ');
    await queryRunner.query(
      'CREATE INDEX "idx_quiz_attempt_open_deadline" ON "quiz_attempt"  ("deadline") WHERE "status" = \'in_progress\'',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_quiz_attempt_number" ON "quiz_attempt"  ("context_id", "user_id", "attempt_no") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_quiz_attempt_in_progress" ON "quiz_attempt"  ("context_id", "user_id") WHERE "status" = \'in_progress\'',
    );
    await queryRunner.query(
      'CREATE TABLE "quiz_answer" ("attempt_id" uuid NOT NULL, "question_id" uuid NOT NULL, "value" jsonb NOT NULL, "fraction" double precision NOT NULL, "correct" boolean NOT NULL, "saved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_quiz_answer" PRIMARY KEY ("attempt_id", "question_id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "quiz_answer" ADD CONSTRAINT "fk_quiz_answer_attempt_id" FOREIGN KEY ("attempt_id") REFERENCES "quiz_attempt"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "quiz_answer" DROP CONSTRAINT "fk_quiz_answer_attempt_id"');
    await queryRunner.query('DROP TABLE "quiz_answer"');
    await queryRunner.query('DROP INDEX "public"."uq_quiz_attempt_in_progress"');
    await queryRunner.query('DROP INDEX "public"."uq_quiz_attempt_number"');
    await queryRunner.query('DROP INDEX "public"."idx_quiz_attempt_open_deadline"');
    await queryRunner.query('DROP INDEX "public"."idx_quiz_attempt_user_id"');
    await queryRunner.query('DROP TABLE "quiz_attempt"');
  }
}
