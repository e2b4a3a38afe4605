import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlanReport1796404420228 implements MigrationInterface {
  name = 'PlanReport1796404420228';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "plan_achiever" ("user_id" uuid NOT NULL, "letter" text NOT NULL, "row_key" text NOT NULL, "unit_id" uuid NOT NULL, "year" integer NOT NULL, "completion_id" uuid NOT NULL, CONSTRAINT "pk_plan_achiever" PRIMARY KEY ("user_id", "letter"))',
    );
    await queryRunner.query(
      'CREATE TABLE "plan_completion" ("completion_id" uuid NOT NULL, "user_id" uuid NOT NULL, "course_id" uuid NOT NULL, "unit_id" uuid, "population" text, "letters" text array NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_plan_completion" PRIMARY KEY ("completion_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "plan_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "year" integer NOT NULL, "letter" text NOT NULL, "row_key" text NOT NULL, "achieved" double precision, "base" integer, "note" text NOT NULL, "entered_by" uuid NOT NULL, "entered_by_name" text NOT NULL, "entered_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_plan_entry_unit_year_row" UNIQUE ("unit_id", "year", "letter", "row_key"), CONSTRAINT "pk_plan_entry" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "plan_report_version" ("id" smallint NOT NULL, "version" bigint NOT NULL, CONSTRAINT "pk_plan_report_version" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "plan_tally" ("unit_id" uuid NOT NULL, "letter" text NOT NULL, "row_key" text NOT NULL, "year" integer NOT NULL, "achieved" integer NOT NULL, CONSTRAINT "pk_plan_tally" PRIMARY KEY ("unit_id", "letter", "row_key", "year"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "plan_tally"');
    await queryRunner.query('DROP TABLE "plan_report_version"');
    await queryRunner.query('DROP TABLE "plan_entry"');
    await queryRunner.query('DROP TABLE "plan_completion"');
    await queryRunner.query('DROP TABLE "plan_achiever"');
  }
}
