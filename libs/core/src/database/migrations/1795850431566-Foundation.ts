import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795850431566 implements MigrationInterface {
  name = 'Foundation1795850431566';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor_id" uuid, "action" text NOT NULL, "target" text, "details" jsonb NOT NULL DEFAULT \'{}\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_audit_event" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_audit_event_actor_id_created_at" ON "audit_event"  ("actor_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "system_setting" ("key" text NOT NULL, "value" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_system_setting" PRIMARY KEY ("key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "org_unit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "name" text NOT NULL, "full_name" text, "kind" text NOT NULL, "parent_id" uuid, "path" text NOT NULL, "depth" integer NOT NULL, "cadres" integer NOT NULL DEFAULT \'0\', "members" integer NOT NULL DEFAULT \'0\', "youth" integer NOT NULL DEFAULT \'0\', "teens" integer NOT NULL DEFAULT \'0\', "status" text NOT NULL DEFAULT \'active\', "merged_into_id" uuid, "merged_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_org_unit_code" UNIQUE ("code"), CONSTRAINT "pk_org_unit" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_org_unit_parent_id" ON "org_unit"  ("parent_id") ');
    await queryRunner.query('CREATE INDEX "idx_org_unit_path" ON "org_unit" ("path" text_pattern_ops)');
    await queryRunner.query(
      'CREATE TABLE "unit_merge" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source_unit_id" uuid NOT NULL, "target_unit_id" uuid NOT NULL, "moved_users" integer NOT NULL, "moved_children" integer NOT NULL, "source_counts" jsonb NOT NULL, "merged_by" uuid, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_unit_merge" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" text NOT NULL, "password_hash" text NOT NULL, "full_name" text NOT NULL, "birth_date" date, "unit_id" uuid, "phone" text, "email" text, "citizen_id_hash" text, "citizen_id_last4" text, "roles" text array NOT NULL DEFAULT \'{participant}\', "population" text, "guardian_name" text, "guardian_phone" text, "guardian_consent_at" TIMESTAMP WITH TIME ZONE, "child_consent_at" TIMESTAMP WITH TIME ZONE, "public_name_consent" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT \'active\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_app_user_username" UNIQUE ("username"), CONSTRAINT "uq_app_user_citizen_id_hash" UNIQUE ("citizen_id_hash"), CONSTRAINT "pk_app_user" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_app_user_unit_id" ON "app_user"  ("unit_id") ');
    await queryRunner.query(
      'CREATE TABLE "login_throttle" ("username" text NOT NULL, "failures" integer NOT NULL, "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_login_throttle" PRIMARY KEY ("username"))',
    );
    await queryRunner.query(
      'ALTER TABLE "org_unit" ADD CONSTRAINT "fk_org_unit_parent_id" FOREIGN KEY ("parent_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "app_user" ADD CONSTRAINT "fk_app_user_unit_id" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "app_user" DROP CONSTRAINT "fk_app_user_unit_id"');
    await queryRunner.query('ALTER TABLE "org_unit" DROP CONSTRAINT "fk_org_unit_parent_id"');
    await queryRunner.query('DROP TABLE "login_throttle"');
    await queryRunner.query('DROP INDEX "public"."idx_app_user_unit_id"');
    await queryRunner.query('DROP TABLE "app_user"');
    await queryRunner.query('DROP TABLE "unit_merge"');
    await queryRunner.query('DROP INDEX "public"."idx_org_unit_path"');
    await queryRunner.query('DROP INDEX "public"."idx_org_unit_parent_id"');
    await queryRunner.query('DROP TABLE "org_unit"');
    await queryRunner.query('DROP TABLE "system_setting"');
    await queryRunner.query('DROP INDEX "public"."idx_audit_event_actor_id_created_at"');
    await queryRunner.query('DROP TABLE "audit_event"');
  }
}
