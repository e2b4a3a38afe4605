import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CertificateTables1796404816184 implements MigrationInterface {
  name = 'CertificateTables1796404816184';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "certificate_image" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sha256" text NOT NULL, "mime_type" text NOT NULL, "size" integer NOT NULL, "data" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_certificate_image_sha256" UNIQUE ("sha256"), CONSTRAINT "pk_certificate_image" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "certificate_template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid, "title" text NOT NULL, "body" text NOT NULL, "issuer_name" text NOT NULL, "signer_name" text NOT NULL DEFAULT \'\', "signer_title" text NOT NULL DEFAULT \'\', "orientation" text NOT NULL DEFAULT \'landscape\', "emblem_image_id" uuid, "background_image_id" uuid, "valid_months" integer, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_certificate_template" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_certificate_template_unit_id" ON "certificate_template"  ("unit_id") ');
    await queryRunner.query(
      'CREATE TABLE "certificate" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "template_id" uuid NOT NULL, "user_id" uuid NOT NULL, "unit_id" uuid, "source" text NOT NULL, "achievement_key" text NOT NULL, "achievement_name" text NOT NULL, "rank" integer, "score" double precision, "prize_label" text, "holder_name" text NOT NULL, "holder_birth_date" date, "holder_unit_name" text, "issuer_name" text NOT NULL, "title" text NOT NULL, "body_text" text NOT NULL, "signer_name" text NOT NULL, "signer_title" text NOT NULL, "orientation" text NOT NULL, "emblem_image_id" uuid, "background_image_id" uuid, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "status_list_id" uuid NOT NULL, "status_index" integer NOT NULL, "credential_jwt" text NOT NULL, "signing_kid" text NOT NULL, "batch_id" uuid, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, "revoked_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_certificate_status_entry" UNIQUE ("status_list_id", "status_index"), CONSTRAINT "uq_certificate_code" UNIQUE ("code"), CONSTRAINT "uq_certificate_user_achievement" UNIQUE ("user_id", "achievement_key"), CONSTRAINT "pk_certificate" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_certificate_batch_id" ON "certificate"  ("batch_id") ');
    await queryRunner.query(
      'CREATE TABLE "certificate_batch" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source" text NOT NULL, "source_id" uuid NOT NULL, "template_id" uuid NOT NULL, "unit_id" uuid, "top_n" integer, "status" text NOT NULL DEFAULT \'queued\', "total" integer NOT NULL DEFAULT \'0\', "done" integer NOT NULL DEFAULT \'0\', "failed" integer NOT NULL DEFAULT \'0\', "error" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_certificate_batch" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "certificate_signing_key" ("kid" text NOT NULL, "public_jwk" jsonb NOT NULL, "private_jwk" jsonb NOT NULL, "status" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retired_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, CONSTRAINT "pk_certificate_signing_key" PRIMARY KEY ("kid"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_certificate_signing_key_active" ON "certificate_signing_key"  ("status") WHERE status = \'active\'',
    );
    await queryRunner.query(
      'CREATE TABLE "certificate_status_list" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "length" integer NOT NULL, "next_index" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_certificate_status_list" PRIMARY KEY ("id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "certificate_status_list"');
    await queryRunner.query('DROP INDEX "public"."uq_certificate_signing_key_active"');
    await queryRunner.query('DROP TABLE "certificate_signing_key"');
    await queryRunner.query('DROP TABLE "certificate_batch"');
    await queryRunner.query('DROP INDEX "public"."idx_certificate_batch_id"');
    await queryRunner.query('DROP TABLE "certificate"');
    await queryRunner.query('DROP INDEX "public"."idx_certificate_template_unit_id"');
    await queryRunner.query('DROP TABLE "certificate_template"');
    await queryRunner.query('DROP TABLE "certificate_image"');
  }
}
