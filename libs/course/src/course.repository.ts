import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { inSubtreeSql, UNITS_SQL } from '#identity';
import { returnedRows } from '#quiz-engine';
import { CourseDocument } from './entities/course-document.entity.js';
import { CourseLesson, type LessonKind, type LessonQuiz } from './entities/course-lesson.entity.js';
import { CourseSection } from './entities/course-section.entity.js';
import { Course, type CourseStatus } from './entities/course.entity.js';
import { ScormPackage, ScormPackageFile } from './entities/scorm-package.entity.js';

export interface CourseListRow {
  course: Course;
  lessonCount: number;
  enrolledCount: number;
  completedCount: number;
}

export type LessonFields = Partial<
  Pick<CourseLesson, 'title' | 'required' | 'bodyHtml' | 'videoUrl' | 'documentId' | 'scormPackageId' | 'quiz' | 'kind'>
>;

/** The outline of a course as the learner path caches it: lessons in order, with what the rule needs. */
export interface OutlineLesson {
  id: string;
  sectionId: string;
  title: string;
  kind: LessonKind;
  required: boolean;
  quiz: LessonQuiz | null;
}

/** Courses, their outline and their stored files (documents, SCORM packages): the only door to those tables. */
@Injectable()
export class CourseRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insertCourse(fields: Partial<Course>): Promise<string> {
    const saved = await this.db.getRepository(Course).save(this.db.getRepository(Course).create(fields));
    return saved.id;
  }

  findCourse(id: string, m: EntityManager = this.db.manager): Promise<Course | null> {
    return m.getRepository(Course).findOne({ where: { id } });
  }

  /** Courses whose unit lies under `scopePath` (null: all), newest first, with their counts. */
  async listCourses(scopePath: string | null): Promise<CourseListRow[]> {
    const rows: { id: string; lesson_count: number; enrolled_count: number; completed_count: number }[] =
      await this.db.query(
        `SELECT c.id,
           (SELECT count(*)::int FROM course_lesson l WHERE l.course_id = c.id) AS lesson_count,
           (SELECT count(*)::int FROM course_enrolment e WHERE e.course_id = c.id) AS enrolled_count,
           (SELECT count(*)::int FROM course_enrolment e WHERE e.course_id = c.id AND e.completed_at IS NOT NULL)
             AS completed_count
         FROM course c LEFT JOIN ${UNITS_SQL} u ON u.id = c.unit_id
         WHERE $1::text IS NULL OR (u.path IS NOT NULL AND ${inSubtreeSql('u.path', '$1::text')})
         ORDER BY c.created_at DESC
         LIMIT 1000`,
        [scopePath],
      );
    if (!rows.length) return [];
    const courses = await this.db.getRepository(Course).findBy(rows.map((r) => ({ id: r.id })));
    const byId = new Map(courses.map((c) => [c.id, c]));
    return rows.map((r) => ({
      course: byId.get(r.id)!,
      lessonCount: r.lesson_count,
      enrolledCount: r.enrolled_count,
      completedCount: r.completed_count,
    }));
  }

  async courseCounts(
    courseId: string,
  ): Promise<{ lessonCount: number; enrolledCount: number; completedCount: number }> {
    const [row] = (await this.db.query(
      `SELECT (SELECT count(*)::int FROM course_lesson WHERE course_id = $1) AS "lessonCount",
         (SELECT count(*)::int FROM course_enrolment WHERE course_id = $1) AS "enrolledCount",
         (SELECT count(*)::int FROM course_enrolment WHERE course_id = $1 AND completed_at IS NOT NULL) AS "completedCount"`,
      [courseId],
    )) as { lessonCount: number; enrolledCount: number; completedCount: number }[];
    return row!;
  }

  async updateCourse(id: string, fields: Partial<Course>, m: EntityManager = this.db.manager): Promise<void> {
    if (Object.keys(fields).length) await m.getRepository(Course).update({ id }, fields);
  }

  async setStatus(id: string, status: CourseStatus, publishedAt: Date | null): Promise<void> {
    await this.db.getRepository(Course).update({ id }, { status, ...(publishedAt ? { publishedAt } : {}) });
  }

  sections(courseId: string, m: EntityManager = this.db.manager): Promise<CourseSection[]> {
    return m.getRepository(CourseSection).find({ where: { courseId }, order: { position: 'ASC' } });
  }

  lessons(courseId: string, m: EntityManager = this.db.manager): Promise<CourseLesson[]> {
    return m.getRepository(CourseLesson).find({ where: { courseId }, order: { position: 'ASC' } });
  }

  /** Lessons in reading order (sections by position, then lessons by position). */
  async outline(courseId: string): Promise<OutlineLesson[]> {
    return this.db.query(
      `SELECT l.id, l.section_id AS "sectionId", l.title, l.kind, l.required, l.quiz
       FROM course_lesson l JOIN course_section s ON s.id = l.section_id
       WHERE l.course_id = $1 ORDER BY s.position, l.position`,
      [courseId],
    );
  }

  async insertSection(courseId: string, title: string): Promise<string> {
    const [row] = (await this.db.query(
      `INSERT INTO course_section (course_id, title, position)
       SELECT $1, $2, coalesce(max(position) + 1, 0) FROM course_section WHERE course_id = $1 RETURNING id`,
      [courseId, title],
    )) as { id: string }[];
    return row!.id;
  }

  findSection(id: string): Promise<CourseSection | null> {
    return this.db.getRepository(CourseSection).findOne({ where: { id } });
  }

  async updateSection(id: string, title: string): Promise<void> {
    await this.db.getRepository(CourseSection).update({ id }, { title });
  }

  findDocumentCourse(id: string): Promise<string | null> {
    return this.db
      .query('SELECT course_id AS "courseId" FROM course_document WHERE id = $1', [id])
      .then((rows: { courseId: string }[]) => rows[0]?.courseId ?? null);
  }

  async insertLesson(courseId: string, sectionId: string, fields: LessonFields): Promise<string> {
    return this.db.transaction(async (m) => {
      const [row] = (await m.query(
        'SELECT coalesce(max(position) + 1, 0)::int AS next FROM course_lesson WHERE section_id = $1',
        [sectionId],
      )) as { next: number }[];
      const repo = m.getRepository(CourseLesson);
      const saved = await repo.save(repo.create({ ...fields, courseId, sectionId, position: row!.next }));
      return saved.id;
    });
  }

  findLesson(id: string): Promise<CourseLesson | null> {
    return this.db.getRepository(CourseLesson).findOne({ where: { id } });
  }

  async updateLesson(id: string, fields: LessonFields): Promise<void> {
    if (Object.keys(fields).length) await this.db.getRepository(CourseLesson).update({ id }, fields);
  }

  /**
   * Deletes a lesson, or a section with its lessons, and, in the same transaction, the stored files only they used
   * (a document or package another lesson still shows stays). Learners' progress rows are left as they are.
   */
  async deleteLessons(
    where: { lessonId: string } | { sectionId: string },
  ): Promise<{ lessons: number; documentIds: string[]; packageIds: string[] }> {
    return this.db.transaction(async (m) => {
      const [column, id] = 'lessonId' in where ? ['id', where.lessonId] : ['section_id', where.sectionId];
      const gone = returnedRows<{ document_id: string | null; scorm_package_id: string | null }>(
        await m.query(`DELETE FROM course_lesson WHERE ${column} = $1 RETURNING document_id, scorm_package_id`, [id]),
      );
      const documentIds = [...new Set(gone.flatMap((r) => (r.document_id ? [r.document_id] : [])))];
      const packageIds = [...new Set(gone.flatMap((r) => (r.scorm_package_id ? [r.scorm_package_id] : [])))];
      const removedDocs = documentIds.length
        ? returnedRows<{ id: string }>(
            await m.query(
              `DELETE FROM course_document d WHERE d.id = ANY ($1::uuid[])
               AND NOT EXISTS (SELECT 1 FROM course_lesson l WHERE l.document_id = d.id) RETURNING d.id`,
              [documentIds],
            ),
          )
        : [];
      const removedPackages = packageIds.length
        ? returnedRows<{ id: string }>(
            await m.query(
              `DELETE FROM scorm_package p WHERE p.id = ANY ($1::uuid[])
               AND NOT EXISTS (SELECT 1 FROM course_lesson l WHERE l.scorm_package_id = p.id) RETURNING p.id`,
              [packageIds],
            ),
          )
        : [];
      if ('sectionId' in where) await m.query('DELETE FROM course_section WHERE id = $1', [where.sectionId]);
      return {
        lessons: gone.length,
        documentIds: removedDocs.map((r) => r.id),
        packageIds: removedPackages.map((r) => r.id),
      };
    });
  }

  /** The course's stored documents and packages, each with the lessons that show it. */
  async courseFiles(courseId: string): Promise<{
    documents: {
      id: string;
      fileName: string;
      size: number;
      createdAt: Date;
      lessons: { id: string; title: string }[];
    }[];
    packages: {
      id: string;
      title: string;
      fileCount: number;
      totalBytes: string;
      createdAt: Date;
      lessons: { id: string; title: string }[];
    }[];
  }> {
    const usedBy = (column: string) =>
      `coalesce((SELECT json_agg(json_build_object('id', l.id, 'title', l.title) ORDER BY s.position, l.position)
         FROM course_lesson l JOIN course_section s ON s.id = l.section_id WHERE l.${column} = f.id), '[]'::json)
         AS lessons`;
    const [documents, packages] = await Promise.all([
      this.db.query(
        `SELECT f.id, f.file_name AS "fileName", f.size, f.created_at AS "createdAt", ${usedBy('document_id')}
         FROM course_document f WHERE f.course_id = $1 ORDER BY f.created_at`,
        [courseId],
      ),
      this.db.query(
        `SELECT f.id, f.title, f.file_count AS "fileCount", f.total_bytes::text AS "totalBytes",
           f.created_at AS "createdAt", ${usedBy('scorm_package_id')}
         FROM scorm_package f WHERE f.course_id = $1 ORDER BY f.created_at`,
        [courseId],
      ),
    ]);
    return { documents, packages };
  }

  /**
   * Deletes a stored document or package unless a lesson shows it: the row is locked first, so a lesson being saved
   * with it at the same moment (its foreign key check waits on that lock) either comes first and is named, or fails.
   * Returns the lessons in the way (nothing deleted then), or null when it was deleted; undefined when not found.
   */
  async deleteFileUnlessUsed(
    kind: 'document' | 'package',
    id: string,
  ): Promise<{ id: string; title: string }[] | null | undefined> {
    const [table, column] =
      kind === 'document' ? ['course_document', 'document_id'] : ['scorm_package', 'scorm_package_id'];
    return this.db.transaction(async (m) => {
      const found = (await m.query(`SELECT id FROM ${table} WHERE id = $1 FOR UPDATE`, [id])) as unknown[];
      if (!found.length) return undefined;
      // In reading order, as the organizer sees them in the outline.
      const lessons = (await m.query(
        `SELECT l.id, l.title FROM course_lesson l JOIN course_section s ON s.id = l.section_id
         WHERE l.${column} = $1 ORDER BY s.position, l.position`,
        [id],
      )) as { id: string; title: string }[];
      if (lessons.length) return lessons;
      await m.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
      return null;
    });
  }

  /** What deleting a course would lose: completions (kept for certificates) and learners' recorded progress. */
  async courseActivity(courseId: string): Promise<{ completions: number; learnersWithProgress: number }> {
    const [row] = (await this.db.query(
      `SELECT (SELECT count(*)::int FROM course_enrolment WHERE course_id = $1 AND completed_at IS NOT NULL)
           AS completions,
         (SELECT count(*)::int FROM course_enrolment e WHERE e.course_id = $1 AND (e.last_activity_at IS NOT NULL
           OR e.last_lesson_id IS NOT NULL
           OR EXISTS (SELECT 1 FROM course_lesson_progress p WHERE p.course_id = $1 AND p.user_id = e.user_id)
           OR EXISTS (SELECT 1 FROM scorm_progress s JOIN course_lesson l ON l.id = s.lesson_id
                      WHERE l.course_id = $1 AND s.user_id = e.user_id)))
           AS "learnersWithProgress"`,
      [courseId],
    )) as { completions: number; learnersWithProgress: number }[];
    return row!;
  }

  /** The course with everything of its own (outline, files, rules, enrolments without progress) by its cascades. */
  async deleteCourse(id: string): Promise<void> {
    await this.db.getRepository(Course).delete({ id });
  }

  /** Writes a new order: sections by their index, lessons by theirs within the section they are listed under. */
  async reorder(courseId: string, order: { sectionId: string; lessonIds: string[] }[]): Promise<void> {
    await this.db.transaction(async (m) => {
      const sectionIds = order.map((s) => s.sectionId);
      await m.query(
        `UPDATE course_section s SET position = o.position
         FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, position) WHERE s.id = o.id AND s.course_id = $1`,
        [courseId, sectionIds],
      );
      const lessonIds = order.flatMap((s) => s.lessonIds);
      const lessonSections = order.flatMap((s) => s.lessonIds.map(() => s.sectionId));
      const positions = order.flatMap((s) => s.lessonIds.map((_, i) => i));
      await m.query(
        `UPDATE course_lesson l SET section_id = o.section_id, position = o.position
         FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS o(id, section_id, position)
         WHERE l.id = o.id AND l.course_id = $1`,
        [courseId, lessonIds, lessonSections, positions],
      );
    });
  }

  async insertDocument(fields: Omit<CourseDocument, 'id' | 'createdAt' | 'course'>): Promise<string> {
    const repo = this.db.getRepository(CourseDocument);
    return (await repo.save(repo.create(fields))).id;
  }

  /** A document's facts without its bytes. */
  async findDocumentInfo(
    id: string,
  ): Promise<{ id: string; courseId: string; fileName: string; mimeType: string; size: number } | null> {
    const [row] = (await this.db.query(
      `SELECT id, course_id AS "courseId", file_name AS "fileName", mime_type AS "mimeType", size
       FROM course_document WHERE id = $1`,
      [id],
    )) as { id: string; courseId: string; fileName: string; mimeType: string; size: number }[];
    return row ?? null;
  }

  /** Bytes [start, start + length) of a document (the column is stored uncompressed, so only that slice is read). */
  async documentSlice(id: string, start: number, length: number): Promise<Buffer | null> {
    const [row] = (await this.db.query(
      'SELECT substring(data FROM $2::int FOR $3::int) AS data FROM course_document WHERE id = $1',
      [id, start + 1, length],
    )) as { data: Buffer }[];
    return row?.data ?? null;
  }

  /** A package and all its files in one transaction: stored whole or not at all. */
  async insertPackage(
    fields: Omit<ScormPackage, 'id' | 'createdAt' | 'course'>,
    files: { path: string; mimeType: string; data: Buffer }[],
  ): Promise<string> {
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(ScormPackage);
      const pkg = await repo.save(repo.create(fields));
      // Inserted a few at a time: one statement with hundreds of megabytes of parameters is refused by the driver.
      let batch: { path: string; mimeType: string; data: Buffer }[] = [];
      let batchBytes = 0;
      const flush = async () => {
        if (!batch.length) return;
        await m.getRepository(ScormPackageFile).insert(
          batch.map((f) => ({
            packageId: pkg.id,
            path: f.path,
            mimeType: f.mimeType,
            size: f.data.length,
            data: f.data,
          })),
        );
        batch = [];
        batchBytes = 0;
      };
      for (const f of files) {
        batch.push(f);
        batchBytes += f.data.length;
        if (batch.length >= 200 || batchBytes >= 8 * 1024 * 1024) await flush();
      }
      await flush();
      return pkg.id;
    });
  }

  findPackage(id: string): Promise<ScormPackage | null> {
    return this.db.getRepository(ScormPackage).findOne({ where: { id } });
  }

  async packageFile(packageId: string, path: string): Promise<{ mimeType: string; data: Buffer } | null> {
    const [row] = (await this.db.query(
      'SELECT mime_type AS "mimeType", data FROM scorm_package_file WHERE package_id = $1 AND path = $2',
      [packageId, path],
    )) as { mimeType: string; data: Buffer }[];
    return row ?? null;
  }
}
