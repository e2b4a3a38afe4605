import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LessonFileReferences1796416388023 implements MigrationInterface {
  name = 'LessonFileReferences1796416388023';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "course_lesson" ADD CONSTRAINT "fk_course_lesson_document_id" FOREIGN KEY ("document_id") REFERENCES "course_document"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "course_lesson" ADD CONSTRAINT "fk_course_lesson_scorm_package_id" FOREIGN KEY ("scorm_package_id") REFERENCES "scorm_package"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "course_lesson" DROP CONSTRAINT "fk_course_lesson_scorm_package_id"');
    await queryRunner.query('ALTER TABLE "course_lesson" DROP CONSTRAINT "fk_course_lesson_document_id"');
  }
}
