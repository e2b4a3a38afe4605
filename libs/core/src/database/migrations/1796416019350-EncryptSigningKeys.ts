import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EncryptSigningKeys1796416019350 implements MigrationInterface {
  name = 'EncryptSigningKeys1796416019350';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "certificate_signing_key" ADD "private_key_encrypted" text');
    await queryRunner.query('ALTER TABLE "certificate_signing_key" ALTER COLUMN "private_jwk" DROP NOT NULL');
    await queryRunner.query(
      'ALTER TABLE "certificate_signing_key" ADD CONSTRAINT "ck_certificate_signing_key_private" CHECK (private_jwk IS NOT NULL OR private_key_encrypted IS NOT NULL)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "certificate_signing_key" DROP CONSTRAINT "ck_certificate_signing_key_private"',
    );
    await queryRunner.query('ALTER TABLE "certificate_signing_key" ALTER COLUMN "private_jwk" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "certificate_signing_key" DROP COLUMN "private_key_encrypted"');
  }
}
