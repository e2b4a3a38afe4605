import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PapersDrawnAhead1796393855935 implements MigrationInterface {
  name = 'PapersDrawnAhead1796393855935';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "quiz_paper" ("id" uuid NOT NULL, "context_id" uuid NOT NULL, "pool_key" text NOT NULL, "max_score" double precision NOT NULL, "paper" jsonb NOT NULL, "drawn_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_quiz_paper" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_quiz_paper_context_pool" ON "quiz_paper"  ("context_id", "pool_key") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_quiz_paper_context_pool"');
    await queryRunner.query('DROP TABLE "quiz_paper"');
  }
}
