import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CourseTables1796404826512 implements MigrationInterface {
  name = 'CourseTables1796404826512';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "course" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "description" text NOT NULL DEFAULT \'\', "unit_id" uuid, "status" text NOT NULL DEFAULT \'draft\', "self_enrolment" boolean NOT NULL DEFAULT false, "plan_targets" text array NOT NULL DEFAULT \'{}\', "populations" text array NOT NULL DEFAULT \'{}\', "certificate_template_id" uuid, "created_by" uuid, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_course" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_course_unit_id" ON "course"  ("unit_id") ');
    await queryRunner.query(
      'CREATE TABLE "course_document" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "file_name" text NOT NULL, "mime_type" text NOT NULL, "size" integer NOT NULL, "sha256" text NOT NULL, "data" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_course_document" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_course_document_course_id" ON "course_document"  ("course_id") ');
    // Stored uncompressed (PDFs are compressed already): a range request reads only its slice of the TOAST chunks.
    await queryRunner.query('ALTER TABLE "course_document" ALTER COLUMN "data" SET STORAGE EXTERNAL');
    await queryRunner.query(
      'CREATE TABLE "course_section" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "title" text NOT NULL, "position" integer NOT NULL, CONSTRAINT "pk_course_section" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_course_section_course_id" ON "course_section"  ("course_id", "position") ',
    );
    await queryRunner.query(
      'CREATE TABLE "course_lesson" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "section_id" uuid NOT NULL, "position" integer NOT NULL, "title" text NOT NULL, "kind" text NOT NULL, "required" boolean NOT NULL DEFAULT true, "body_html" text, "video_url" text, "document_id" uuid, "scorm_package_id" uuid, "quiz" jsonb, CONSTRAINT "pk_course_lesson" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_course_lesson_section_id" ON "course_lesson"  ("section_id", "position") ',
    );
    await queryRunner.query('CREATE INDEX "idx_course_lesson_course_id" ON "course_lesson"  ("course_id") ');
    await queryRunner.query(
      'CREATE TABLE "scorm_package" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "title" text NOT NULL, "launch_href" text NOT NULL, "file_count" integer NOT NULL, "total_bytes" bigint NOT NULL, "uploaded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_scorm_package" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_scorm_package_course_id" ON "scorm_package"  ("course_id") ');
    await queryRunner.query(
      'CREATE TABLE "scorm_package_file" ("package_id" uuid NOT NULL, "path" text NOT NULL, "mime_type" text NOT NULL, "size" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "pk_scorm_package_file" PRIMARY KEY ("package_id", "path"))',
    );
    await queryRunner.query(
      'CREATE TABLE "course_enrolment_rule" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "populations" text array NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_course_enrolment_rule_course_unit" UNIQUE ("course_id", "unit_id"), CONSTRAINT "pk_course_enrolment_rule" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "course_enrolment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "user_id" uuid NOT NULL, "rule_id" uuid, "due_at" TIMESTAMP WITH TIME ZONE, "enrolled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_lesson_id" uuid, "last_activity_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "completion_id" uuid, "score_percent" real, CONSTRAINT "uq_course_enrolment_course_user" UNIQUE ("course_id", "user_id"), CONSTRAINT "pk_course_enrolment" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_course_enrolment_rule_id" ON "course_enrolment"  ("rule_id") ');
    await queryRunner.query('CREATE INDEX "idx_course_enrolment_user_id" ON "course_enrolment"  ("user_id") ');
    await queryRunner.query(
      'CREATE TABLE "course_lesson_progress" ("lesson_id" uuid NOT NULL, "user_id" uuid NOT NULL, "course_id" uuid NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "score_percent" real, CONSTRAINT "pk_course_lesson_progress" PRIMARY KEY ("lesson_id", "user_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_course_lesson_progress_course_user" ON "course_lesson_progress"  ("course_id", "user_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "scorm_progress" ("lesson_id" uuid NOT NULL, "user_id" uuid NOT NULL, "lesson_status" text NOT NULL DEFAULT \'not attempted\', "score_raw" real, "score_min" real, "score_max" real, "suspend_data" text, "lesson_location" text, "session_time" text, "total_seconds" real NOT NULL DEFAULT \'0\', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_scorm_progress" PRIMARY KEY ("lesson_id", "user_id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "course_document" ADD CONSTRAINT "fk_course_document_course_id" FOREIGN KEY ("course_id") REFERENCES "course"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "course_section" ADD CONSTRAINT "fk_course_section_course_id" FOREIGN KEY ("course_id") REFERENCES "course"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "course_lesson" ADD CONSTRAINT "fk_course_lesson_course_id" FOREIGN KEY ("course_id") REFERENCES "course"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "course_lesson" ADD CONSTRAINT "fk_course_lesson_section_id" FOREIGN KEY ("section_id") REFERENCES "course_section"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "scorm_package" ADD CONSTRAINT "fk_scorm_package_course_id" FOREIGN KEY ("course_id") REFERENCES "course"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "scorm_package_file" ADD CONSTRAINT "fk_scorm_package_file_package_id" FOREIGN KEY ("package_id") REFERENCES "scorm_package"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "course_enrolment_rule" ADD CONSTRAINT "fk_course_enrolment_rule_course_id" FOREIGN KEY ("course_id") REFERENCES "course"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "course_enrolment" ADD CONSTRAINT "fk_course_enrolment_course_id" FOREIGN KEY ("course_id") REFERENCES "course"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "course_enrolment" DROP CONSTRAINT "fk_course_enrolment_course_id"');
    await queryRunner.query('ALTER TABLE "course_enrolment_rule" DROP CONSTRAINT "fk_course_enrolment_rule_course_id"');
    await queryRunner.query('ALTER TABLE "scorm_package_file" DROP CONSTRAINT "fk_scorm_package_file_package_id"');
    await queryRunner.query('ALTER TABLE "scorm_package" DROP CONSTRAINT "fk_scorm_package_course_id"');
    await queryRunner.query('ALTER TABLE "course_lesson" DROP CONSTRAINT "fk_course_lesson_section_id"');
    await queryRunner.query('ALTER TABLE "course_lesson" DROP CONSTRAINT "fk_course_lesson_course_id"');
    await queryRunner.query('ALTER TABLE "course_section" DROP CONSTRAINT "fk_course_section_course_id"');
    await queryRunner.query('ALTER TABLE "course_document" DROP CONSTRAINT "fk_course_document_course_id"');
    await queryRunner.query('DROP TABLE "scorm_progress"');
    await queryRunner.query('DROP INDEX "public"."idx_course_lesson_progress_course_user"');
    await queryRunner.query('DROP TABLE "course_lesson_progress"');
    await queryRunner.query('DROP INDEX "public"."idx_course_enrolment_user_id"');
    await queryRunner.query('DROP INDEX "public"."idx_course_enrolment_rule_id"');
    await queryRunner.query('DROP TABLE "course_enrolment"');
    await queryRunner.query('DROP TABLE "course_enrolment_rule"');
    await queryRunner.query('DROP TABLE "scorm_package_file"');
    await queryRunner.query('DROP INDEX "public"."idx_scorm_package_course_id"');
    await queryRunner.query('DROP TABLE "scorm_package"');
    await queryRunner.query('DROP INDEX "public"."idx_course_lesson_course_id"');
    await queryRunner.query('DROP INDEX "public"."idx_course_lesson_section_id"');
    await queryRunner.query('DROP TABLE "course_lesson"');
    await queryRunner.query('DROP INDEX "public"."idx_course_section_course_id"');
    await queryRunner.query('DROP TABLE "course_section"');
    await queryRunner.query('DROP INDEX "public"."idx_course_document_course_id"');
    await queryRunner.query('DROP TABLE "course_document"');
    await queryRunner.query('DROP INDEX "public"."idx_course_unit_id"');
    await queryRunner.query('DROP TABLE "course"');
  }
}
