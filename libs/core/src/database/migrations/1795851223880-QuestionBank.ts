import type { MigrationInterface, QueryRunner } from 'typeorm';

export class QuestionBank1795851223880 implements MigrationInterface {
  name = 'QuestionBank1795851223880';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "question_bank" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "description" text, "owner_unit_id" uuid NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_question_bank" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_question_bank_owner_unit_id" ON "question_bank"  ("owner_unit_id") ');
    await queryRunner.query(
      'CREATE TABLE "question_category" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "bank_id" uuid NOT NULL, "path" text NOT NULL, "depth" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_question_category_bank_path" UNIQUE ("bank_id", "path"), CONSTRAINT "pk_question_category" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "question" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "bank_id" uuid NOT NULL, "category_id" uuid, "category_path" text NOT NULL DEFAULT \'\', "type" text NOT NULL, "status" text NOT NULL, "difficulty" smallint, "tags" text array NOT NULL DEFAULT \'{}\', "external_id" text, "title" text, "text" text NOT NULL, "search_text" text NOT NULL, "content_hash" text NOT NULL, "current_version_id" uuid NOT NULL, "current_version" integer NOT NULL, "published_version_id" uuid, "published_version" integer, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_question" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_question_bank_content_hash" ON "question"  ("bank_id", "content_hash") ',
    );
    await queryRunner.query('CREATE INDEX "idx_question_bank_seq" ON "question"  ("bank_id", "seq") ');
    await queryRunner.query(
      'CREATE TABLE "question_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "question_id" uuid NOT NULL, "bank_id" uuid NOT NULL, "version" integer NOT NULL, "type" text NOT NULL, "category_path" text NOT NULL DEFAULT \'\', "difficulty" smallint, "content" jsonb NOT NULL, "author_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_question_version_question_version" UNIQUE ("question_id", "version"), CONSTRAINT "pk_question_version" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "question_review_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "question_id" uuid NOT NULL, "version" integer NOT NULL, "action" text NOT NULL, "from_status" text NOT NULL, "to_status" text NOT NULL, "actor_id" uuid, "comment" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_question_review_event" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_question_review_event_question_id" ON "question_review_event"  ("question_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "question_file" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "bank_id" uuid NOT NULL, "sha256" text NOT NULL, "mime_type" text NOT NULL, "size" integer NOT NULL, "data" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_question_file_bank_sha256" UNIQUE ("bank_id", "sha256"), CONSTRAINT "pk_question_file" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "question_bank" ADD CONSTRAINT "fk_question_bank_owner_unit_id" FOREIGN KEY ("owner_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "question_category" ADD CONSTRAINT "fk_question_category_bank_id" FOREIGN KEY ("bank_id") REFERENCES "question_bank"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "question" ADD CONSTRAINT "fk_question_bank_id" FOREIGN KEY ("bank_id") REFERENCES "question_bank"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "question" ADD CONSTRAINT "fk_question_category_id" FOREIGN KEY ("category_id") REFERENCES "question_category"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "question_version" ADD CONSTRAINT "fk_question_version_question_id" FOREIGN KEY ("question_id") REFERENCES "question"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "question_review_event" ADD CONSTRAINT "fk_question_review_event_question_id" FOREIGN KEY ("question_id") REFERENCES "question"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "question_file" ADD CONSTRAINT "fk_question_file_bank_id" FOREIGN KEY ("bank_id") REFERENCES "question_bank"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Hand-written (TypeORM cannot say these): trigram search over the diacritic-free text, the category prefix
    // match under any collation, and tag containment.
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query(
      'CREATE INDEX "idx_question_search_text_trgm" ON "question" USING gin ("search_text" gin_trgm_ops)',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_question_bank_category_path" ON "question" ("bank_id", "category_path" text_pattern_ops)',
    );
    await queryRunner.query('CREATE INDEX "idx_question_tags" ON "question" USING gin ("tags")');
    // The published pool of a bank: one index-only walk from the bank to the published versions.
    await queryRunner.query(
      'CREATE INDEX "idx_question_bank_published" ON "question" ("bank_id", "published_version_id") WHERE "published_version_id" IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_question_bank_published"');
    await queryRunner.query('DROP INDEX "public"."idx_question_tags"');
    await queryRunner.query('DROP INDEX "public"."idx_question_bank_category_path"');
    await queryRunner.query('DROP INDEX "public"."idx_question_search_text_trgm"');
    await queryRunner.query('ALTER TABLE "question_file" DROP CONSTRAINT "fk_question_file_bank_id"');
    await queryRunner.query(
      'ALTER TABLE "question_review_event" DROP CONSTRAINT "fk_question_review_event_question_id"',
    );
    await queryRunner.query('ALTER TABLE "question_version" DROP CONSTRAINT "fk_question_version_question_id"');
    await queryRunner.query('ALTER TABLE "question" DROP CONSTRAINT "fk_question_category_id"');
    await queryRunner.query('ALTER TABLE "question" DROP CONSTRAINT "fk_question_bank_id"');
    await queryRunner.query('ALTER TABLE "question_category" DROP CONSTRAINT "fk_question_category_bank_id"');
    await queryRunner.query('ALTER TABLE "question_bank" DROP CONSTRAINT "fk_question_bank_owner_unit_id"');
    await queryRunner.query('DROP TABLE "question_file"');
    await queryRunner.query('DROP INDEX "public"."idx_question_review_event_question_id"');
    await queryRunner.query('DROP TABLE "question_review_event"');
    await queryRunner.query('DROP TABLE "question_version"');
    await queryRunner.query('DROP INDEX "public"."idx_question_bank_seq"');
    await queryRunner.query('DROP INDEX "public"."idx_question_bank_content_hash"');
    await queryRunner.query('DROP TABLE "question"');
    await queryRunner.query('DROP TABLE "question_category"');
    await queryRunner.query('DROP INDEX "public"."idx_question_bank_owner_unit_id"');
    await queryRunner.query('DROP TABLE "question_bank"');
  }
}
