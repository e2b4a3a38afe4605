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
  CourseSummaryDto,
  CreateCourseDto,
  CreateLessonDto,
  IdResponseDto,
  LessonDto,
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
    await this.repo.deleteSection(sectionId);
    this.catalog.forget(course.id);
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
    await this.repo.deleteLesson(lessonId);
    this.catalog.forget(course.id);
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
      if (!drawn.ok)
        return new AppError('BLUEPRINT_UNSATISFIABLE', {
          lessonId: lesson.id,
          lessonTitle: lesson.title,
          entry: drawn.entry,
          available: drawn.available,
          wanted: quiz.blueprint[drawn.entry]?.count ?? 0,
        });
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
