import { Injectable } from '@nestjs/common';
import type { QuestionSnapshot } from '#contracts';
import { AppError, AuditService, Clock, type Principal } from '#core';
import { QuestionBankReader } from '#question-bank';
import { drawPaper } from '#quiz-engine';
import { CourseRepository, type LessonFields } from '../course.repository.js';
import type { CourseLesson, LessonKind, LessonQuiz } from '../entities/course-lesson.entity.js';
import type { Course } from '../entities/course.entity.js';
import type {
  CourseDetailDto,
  CourseFilesDto,
  CourseSummaryDto,
  CreateCourseDto,
  CreateLessonDto,
  IdResponseDto,
  LessonDto,
  QuizCheckDto,
  ReorderOutlineDto,
  UpdateCourseDto,
  UpdateLessonDto,
} from '../dto/course.dto.js';
import { CourseAccess } from './course-access.js';
import { sanitizeLessonHtml, videoEmbedUrl } from './lesson-content.js';
import { CourseCatalog } from '../learning/course-catalog.js';

const KIND_FIELD: Record<LessonKind, keyof CreateLessonDto> = {
  text: 'bodyHtml',
  video: 'videoUrl',
  document: 'documentId',
  scorm: 'scormPackageId',
  quiz: 'quiz',
};

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', [{ field, message }]);

/** Building a course: its card, sections and lessons, publishing (with its checks). */
@Injectable()
export class CourseAuthoring {
  constructor(
    private readonly repo: CourseRepository,
    private readonly access: CourseAccess,
    private readonly bank: QuestionBankReader,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly catalog: CourseCatalog,
  ) {}

  async createCourse(p: Principal, dto: CreateCourseDto): Promise<IdResponseDto> {
    const id = await this.repo.insertCourse({
      title: dto.title.trim(),
      description: dto.description?.trim() ?? '',
      selfEnrolment: dto.selfEnrolment ?? false,
      planTargets: dto.planTargets ?? [],
      populations: dto.populations ?? [],
      certificateTemplateId: dto.certificateTemplateId ?? null,
      unitId: p.unitId,
      createdBy: p.userId,
    });
    return { id };
  }

  async listCourses(p: Principal): Promise<CourseSummaryDto[]> {
    const rows = await this.repo.listCourses(await this.access.scopePrefix(p));
    return rows.map((r) => toSummary(r.course, r));
  }

  async getCourse(p: Principal, courseId: string): Promise<CourseDetailDto> {
    const course = await this.access.manageableCourse(p, courseId);
    return this.detail(course);
  }

  async updateCourse(p: Principal, courseId: string, dto: UpdateCourseDto): Promise<CourseDetailDto> {
    await this.access.manageableCourse(p, courseId);
    const fields: Partial<Course> = {};
    if (dto.title !== undefined) fields.title = dto.title.trim();
    if (dto.description !== undefined) fields.description = dto.description.trim();
    if (dto.selfEnrolment !== undefined) fields.selfEnrolment = dto.selfEnrolment;
    if (dto.planTargets !== undefined) fields.planTargets = dto.planTargets;
    if (dto.populations !== undefined) fields.populations = dto.populations;
    if (dto.certificateTemplateId !== undefined) fields.certificateTemplateId = dto.certificateTemplateId;
    await this.repo.updateCourse(courseId, fields);
    this.catalog.forget(courseId);
    return this.detail((await this.repo.findCourse(courseId))!);
  }

  /**
   * Publishing checks what a learner would run into: a course with no lessons (COURSE_EMPTY), a quiz whose blueprint
   * the bank's published questions cannot fill (BLUEPRINT_UNSATISFIABLE, naming the lesson and the line).
   */
  async publishCourse(p: Principal, courseId: string): Promise<CourseDetailDto> {
    const course = await this.access.manageableCourse(p, courseId);
    const lessons = await this.repo.lessons(courseId);
    if (!lessons.length) throw new AppError('COURSE_EMPTY');
    for (const lesson of lessons) {
      const problem = await this.lessonProblem(lesson);
      if (problem) throw problem;
    }
    await this.repo.setStatus(courseId, 'published', course.publishedAt ?? this.clock.now());
    this.catalog.forget(courseId);
    await this.audit.record(p.userId, 'course.publish', courseId, { lessons: lessons.length });
    return this.detail((await this.repo.findCourse(courseId))!);
  }

  async archiveCourse(p: Principal, courseId: string): Promise<CourseDetailDto> {
    await this.access.manageableCourse(p, courseId);
    await this.repo.setStatus(courseId, 'archived', null);
    this.catalog.forget(courseId);
    return this.detail((await this.repo.findCourse(courseId))!);
  }

  async createSection(p: Principal, courseId: string, dto: { title: string }): Promise<IdResponseDto> {
    await this.access.manageableCourse(p, courseId);
    const id = await this.repo.insertSection(courseId, dto.title.trim());
    this.catalog.forget(courseId);
    return { id };
  }

  async updateSection(p: Principal, sectionId: string, dto: { title: string }): Promise<void> {
    const { course } = await this.access.manageableSection(p, sectionId);
    await this.repo.updateSection(sectionId, dto.title.trim());
    this.catalog.forget(course.id);
  }

  async deleteSection(p: Principal, sectionId: string): Promise<void> {
    const { course } = await this.access.manageableSection(p, sectionId);
    if (course.status === 'published' && (await this.repo.lessons(course.id)).every((l) => l.sectionId === sectionId))
      throw new AppError('COURSE_EMPTY');
    const removed = await this.repo.deleteLessons({ sectionId });
    this.catalog.forget(course.id);
    await this.audit.record(p.userId, 'course.section-delete', course.id, { sectionId, ...removed });
  }

  async reorderOutline(p: Principal, courseId: string, dto: ReorderOutlineDto): Promise<CourseDetailDto> {
    const course = await this.access.manageableCourse(p, courseId);
    const [sections, lessons] = await Promise.all([this.repo.sections(courseId), this.repo.lessons(courseId)]);
    const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
    if (
      !sameSet(
        dto.sections.map((s) => s.sectionId),
        sections.map((s) => s.id),
      )
    )
      throw invalid('sections', 'Phải liệt kê đúng mọi phần của khóa học, mỗi phần một lần.');
    const listed = dto.sections.flatMap((s) => s.lessonIds);
    if (
      new Set(listed).size !== listed.length ||
      !sameSet(
        listed,
        lessons.map((l) => l.id),
      )
    )
      throw invalid('sections', 'Phải liệt kê đúng mọi bài học của khóa học, mỗi bài một lần.');
    await this.repo.reorder(courseId, dto.sections);
    this.catalog.forget(courseId);
    return this.detail(course);
  }

  async createLesson(p: Principal, sectionId: string, dto: CreateLessonDto): Promise<IdResponseDto> {
    const { course } = await this.access.manageableSection(p, sectionId);
    // A quiz draws from a bank the organizer may read, as a contest round does (OUT_OF_SCOPE otherwise).
    if (dto.quiz) await this.bank.assertBanksReadable(p, [dto.quiz.bankId]);
    const fields = await this.lessonFields(course.id, dto.kind, dto, true);
    const id = await this.repo.insertLesson(course.id, sectionId, {
      ...fields,
      kind: dto.kind,
      title: dto.title.trim(),
      required: dto.required ?? true,
    });
    this.catalog.forget(course.id);
    return { id };
  }

  async updateLesson(p: Principal, lessonId: string, dto: UpdateLessonDto): Promise<void> {
    const { lesson, course } = await this.access.manageableLesson(p, lessonId);
    if (dto.quiz) await this.bank.assertBanksReadable(p, [dto.quiz.bankId]);
    const fields = await this.lessonFields(course.id, lesson.kind, dto, false);
    if (dto.title !== undefined) fields.title = dto.title.trim();
    if (dto.required !== undefined) fields.required = dto.required;
    if (fields.quiz && course.status === 'published') {
      const problem = await this.lessonProblem({ ...lesson, quiz: fields.quiz });
      if (problem) throw problem;
    }
    await this.repo.updateLesson(lessonId, fields);
    this.catalog.forget(course.id);
  }

  async deleteLesson(p: Principal, lessonId: string): Promise<void> {
    const { course } = await this.access.manageableLesson(p, lessonId);
    if (course.status === 'published' && (await this.repo.lessons(course.id)).length <= 1)
      throw new AppError('COURSE_EMPTY');
    const removed = await this.repo.deleteLessons({ lessonId });
    this.catalog.forget(course.id);
    await this.audit.record(p.userId, 'course.lesson-delete', course.id, { lessonId, ...removed });
  }

  /**
   * Deletes a course that nobody has completed nor started: its outline, files and enrolments go with it. A course
   * with completions keeps them (course.completed was sent, certificates exist): COURSE_HAS_COMPLETIONS; one where
   * learners have progress would lose it: COURSE_HAS_PROGRESS. Both can be archived instead.
   */
  async deleteCourse(p: Principal, courseId: string): Promise<void> {
    const course = await this.access.manageableCourse(p, courseId);
    const activity = await this.repo.courseActivity(courseId);
    if (activity.completions > 0) throw new AppError('COURSE_HAS_COMPLETIONS', { completions: activity.completions });
    if (activity.learnersWithProgress > 0)
      throw new AppError('COURSE_HAS_PROGRESS', { learners: activity.learnersWithProgress });
    await this.repo.deleteCourse(courseId);
    this.catalog.forget(courseId);
    await this.audit.record(p.userId, 'course.delete', courseId, { title: course.title, status: course.status });
  }

  /** The course's documents and SCORM packages, with the lessons using each (what may be deleted). */
  async listFiles(p: Principal, courseId: string): Promise<CourseFilesDto> {
    await this.access.manageableCourse(p, courseId);
    const { documents, packages } = await this.repo.courseFiles(courseId);
    return {
      documents: documents.map((d) => ({ ...d, createdAt: new Date(d.createdAt).toISOString() })),
      scormPackages: packages.map((x) => ({
        ...x,
        totalBytes: Number(x.totalBytes),
        createdAt: new Date(x.createdAt).toISOString(),
      })),
    };
  }

  /** Deletes a stored PDF or SCORM package of a course, refused while a lesson uses it (naming the lessons). */
  async deleteFile(p: Principal, kind: 'document' | 'package', fileId: string): Promise<void> {
    const courseId =
      kind === 'document'
        ? await this.repo.findDocumentCourse(fileId)
        : (await this.repo.findPackage(fileId))?.courseId;
    const notFound = kind === 'document' ? 'DOCUMENT_NOT_FOUND' : 'SCORM_PACKAGE_NOT_FOUND';
    if (!courseId) throw new AppError(notFound);
    await this.access.manageableCourse(p, courseId);
    const lessons = await this.repo.deleteFileUnlessUsed(kind, fileId);
    if (lessons === undefined) throw new AppError(notFound);
    if (lessons) {
      const names = lessons.map((l) => `"${l.title}"`).join(', ');
      throw new AppError(
        kind === 'document' ? 'DOCUMENT_IN_USE' : 'SCORM_PACKAGE_IN_USE',
        { lessons },
        kind === 'document'
          ? {
              vi: `Tài liệu đang được dùng trong bài học ${names}; hãy xóa bài học hoặc đổi tài liệu của bài trước.`,
              en: `The lesson(s) ${names} use this document; delete them or change their document first.`,
            }
          : {
              vi: `Gói SCORM đang được dùng trong bài học ${names}; hãy xóa bài học hoặc đổi gói của bài trước.`,
              en: `The lesson(s) ${names} use this SCORM package; delete them or change their package first.`,
            },
      );
    }
    await this.audit.record(
      p.userId,
      kind === 'document' ? 'course.document-delete' : 'course.scorm-delete',
      courseId,
      {
        fileId,
      },
    );
  }

  /**
   * Whether a quiz's blueprint can be drawn from the bank's published questions now, line by line, by the rule the
   * quiz engine draws with: a question an earlier line takes is not available to a later one. The earlier line takes
   * its questions in a fixed order here; where two lines overlap only in part (a category and one under it), the
   * engine's random draw may leave the later line a little more or less than counted, never when they are equal or
   * apart.
   */
  async checkQuiz(p: Principal, courseId: string, quiz: LessonQuiz): Promise<QuizCheckDto> {
    await this.access.manageableCourse(p, courseId);
    await this.bank.assertBanksReadable(p, [quiz.bankId]);
    return this.blueprintCheck(quiz);
  }

  private async blueprintCheck(quiz: LessonQuiz): Promise<QuizCheckDto> {
    const pools: QuestionSnapshot[][] = await Promise.all(
      quiz.blueprint.map((b) =>
        this.bank.publishedPool({
          bankId: quiz.bankId,
          category: b.category.trim(),
          ...(b.difficulty ? { difficulty: b.difficulty } : {}),
        }),
      ),
    );
    const taken = new Set<string>();
    const slots = quiz.blueprint.map((b, i) => {
      const pool = pools[i]!;
      const free = pool
        .filter((q) => !taken.has(q.questionId))
        .sort((a, z) => a.questionId.localeCompare(z.questionId));
      for (const q of free.slice(0, b.count)) taken.add(q.questionId);
      return {
        entry: i,
        category: b.category.trim(),
        difficulty: b.difficulty ?? null,
        wanted: b.count,
        published: pool.length,
        available: free.length,
      };
    });
    return { fillable: slots.every((s) => s.available >= s.wanted), slots };
  }

  /** The content fields of a lesson of `kind`, checked: only its own field, in the form it is stored in. */
  private async lessonFields(
    courseId: string,
    kind: LessonKind,
    dto: CreateLessonDto | UpdateLessonDto,
    creating: boolean,
  ): Promise<LessonFields> {
    const own = KIND_FIELD[kind];
    for (const field of Object.values(KIND_FIELD))
      if (field !== own && (dto as Record<string, unknown>)[field] !== undefined)
        throw invalid(field, `Bài học loại "${kind}" không dùng trường ${field}.`);
    const value = (dto as Record<string, unknown>)[own];
    if (value === undefined) {
      if (creating && kind !== 'text') throw invalid(own, `Bài học loại "${kind}" cần trường ${own}.`);
      return creating ? { bodyHtml: '' } : {};
    }
    switch (kind) {
      case 'text':
        return { bodyHtml: sanitizeLessonHtml(value as string) };
      case 'video': {
        const url = videoEmbedUrl(value as string);
        if (!url) throw invalid('videoUrl', 'Chỉ nhận liên kết YouTube, Vimeo hoặc máy chủ video của Đoàn (https).');
        return { videoUrl: url };
      }
      case 'document': {
        const doc = await this.repo.findDocumentInfo(value as string);
        if (!doc || doc.courseId !== courseId) throw new AppError('DOCUMENT_NOT_FOUND');
        return { documentId: doc.id };
      }
      case 'scorm': {
        const pkg = await this.repo.findPackage(value as string);
        if (!pkg || pkg.courseId !== courseId) throw new AppError('SCORM_PACKAGE_NOT_FOUND');
        return { scormPackageId: pkg.id };
      }
      case 'quiz': {
        const quiz = value as LessonQuiz;
        return {
          quiz: {
            bankId: quiz.bankId,
            blueprint: quiz.blueprint.map((b) => ({
              category: b.category.trim(),
              ...(b.difficulty ? { difficulty: b.difficulty } : {}),
              count: b.count,
            })),
            passPercent: quiz.passPercent,
            durationSeconds: quiz.durationSeconds,
            maxAttempts: quiz.maxAttempts,
          },
        };
      }
    }
  }

  /** What keeps a lesson from being taken, or null. */
  private async lessonProblem(
    lesson: Pick<CourseLesson, 'id' | 'title' | 'kind' | 'quiz' | 'documentId' | 'scormPackageId' | 'videoUrl'>,
  ): Promise<AppError | null> {
    if (lesson.kind === 'quiz') {
      const quiz = lesson.quiz;
      if (!quiz) return invalid('quiz', `Bài "${lesson.title}" chưa có cấu hình bài kiểm tra.`);
      const pools: QuestionSnapshot[][] = await Promise.all(
        quiz.blueprint.map((b) =>
          this.bank.publishedPool({
            bankId: quiz.bankId,
            category: b.category,
            ...(b.difficulty ? { difficulty: b.difficulty } : {}),
          }),
        ),
      );
      const drawn = drawPaper(quiz.blueprint, pools, new Set(), lesson.id);
      if (!drawn.ok) {
        // Every slot's count, not only the first that fails, so the organizer fixes the blueprint in one go.
        const check = await this.blueprintCheck(quiz);
        return new AppError('BLUEPRINT_UNSATISFIABLE', {
          lessonId: lesson.id,
          lessonTitle: lesson.title,
          entry: drawn.entry,
          available: drawn.available,
          wanted: quiz.blueprint[drawn.entry]?.count ?? 0,
          slots: check.slots,
        });
      }
    }
    if (lesson.kind === 'document' && !lesson.documentId)
      return invalid('documentId', `Bài "${lesson.title}" chưa có tài liệu.`);
    if (lesson.kind === 'scorm' && !lesson.scormPackageId)
      return invalid('scormPackageId', `Bài "${lesson.title}" chưa có gói SCORM.`);
    if (lesson.kind === 'video' && !lesson.videoUrl) return invalid('videoUrl', `Bài "${lesson.title}" chưa có video.`);
    return null;
  }

  private async detail(course: Course): Promise<CourseDetailDto> {
    const [sections, lessons, counts] = await Promise.all([
      this.repo.sections(course.id),
      this.repo.lessons(course.id),
      this.repo.courseCounts(course.id),
    ]);
    return {
      ...toSummary(course, counts),
      sections: sections.map((s) => ({
        id: s.id,
        title: s.title,
        position: s.position,
        lessons: lessons.filter((l) => l.sectionId === s.id).map(toLessonDto),
      })),
    };
  }
}

export function toLessonDto(l: CourseLesson): LessonDto {
  return {
    id: l.id,
    sectionId: l.sectionId,
    position: l.position,
    title: l.title,
    kind: l.kind,
    required: l.required,
    bodyHtml: l.bodyHtml,
    videoUrl: l.videoUrl,
    documentId: l.documentId,
    scormPackageId: l.scormPackageId,
    quiz: l.quiz,
  };
}

function toSummary(
  c: Course,
  counts: { lessonCount: number; enrolledCount: number; completedCount: number },
): CourseSummaryDto {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    status: c.status,
    selfEnrolment: c.selfEnrolment,
    planTargets: c.planTargets,
    populations: c.populations,
    certificateTemplateId: c.certificateTemplateId,
    unitId: c.unitId,
    lessonCount: counts.lessonCount,
    enrolledCount: counts.enrolledCount,
    completedCount: counts.completedCount,
    publishedAt: c.publishedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}
