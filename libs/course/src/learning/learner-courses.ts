import { Injectable } from '@nestjs/common';
import { AppError, Clock, type Principal } from '#core';
import { CourseRepository } from '../course.repository.js';
import type {
  CompleteLessonResponseDto,
  CourseOutlineDto,
  LessonContentDto,
  LessonState,
  MyCourseDto,
  OpenCourseDto,
  ScormLaunchResponseDto,
} from '../dto/learner.dto.js';
import { ScormContent } from '../scorm/scorm-content.js';
import { ScormProgressWriter } from '../scorm/scorm-progress.js';
import { CourseCatalog, type CatalogCourse } from './course-catalog.js';
import { CourseCompletion } from './course-completion.js';
import { Enrolments } from './enrolments.js';
import { LearningRepository } from './learning.repository.js';
import { QuizLessons } from './quiz-lessons.js';

/** The learner's side of courses: their list, a course's outline with their state, opening and completing lessons. */
@Injectable()
export class LearnerCourses {
  constructor(
    private readonly learning: LearningRepository,
    private readonly courses: CourseRepository,
    private readonly catalog: CourseCatalog,
    private readonly enrolments: Enrolments,
    private readonly completion: CourseCompletion,
    private readonly scorm: ScormContent,
    private readonly scormProgress: ScormProgressWriter,
    private readonly quizzes: QuizLessons,
    private readonly clock: Clock,
  ) {}

  async myCourses(p: Principal): Promise<MyCourseDto[]> {
    // Rules made for the learner's unit before they joined it enrol them now.
    await this.learning.materializePerson(p.userId);
    const enrolments = await this.learning.enrolmentsOf(p.userId);
    const done = await this.learning.completedLessons(
      p.userId,
      enrolments.map((e) => e.courseId),
    );
    const now = this.clock.nowMs();
    const out: MyCourseDto[] = [];
    for (const e of enrolments) {
      const entry = await this.catalog.course(e.courseId);
      if (!entry) continue;
      const mine = new Set(done.filter((d) => d.courseId === e.courseId).map((d) => d.lessonId));
      const completedRequired = [...entry.countedLessonIds].filter((id) => mine.has(id)).length;
      out.push({
        id: e.courseId,
        title: entry.course.title,
        description: entry.course.description,
        planTargets: entry.course.planTargets,
        requiredLessons: entry.countedLessonIds.size,
        completedRequiredLessons: completedRequired,
        progress: e.completedAt ? 1 : entry.countedLessonIds.size ? completedRequired / entry.countedLessonIds.size : 0,
        dueAt: iso(e.dueAt),
        overdue: !e.completedAt && e.dueAt !== null && new Date(e.dueAt).getTime() < now,
        completedAt: iso(e.completedAt),
        resumeLessonId: resumePoint(entry, e.lastLessonId, mine),
        lastActivityAt: iso(e.lastActivityAt),
      });
    }
    return out;
  }

  async openCourses(p: Principal): Promise<OpenCourseDto[]> {
    const rows = await this.courses.listCourses(null);
    const open = rows.filter((r) => r.course.status === 'published' && r.course.selfEnrolment);
    const enrolled = new Set((await this.learning.enrolmentsOf(p.userId)).map((e) => e.courseId));
    return open.map((r) => ({
      id: r.course.id,
      title: r.course.title,
      description: r.course.description,
      planTargets: r.course.planTargets,
      lessonCount: r.lessonCount,
      enrolled: enrolled.has(r.course.id),
    }));
  }

  async outline(p: Principal, courseId: string): Promise<CourseOutlineDto> {
    const entry = await this.catalog.course(courseId);
    if (!entry || entry.course.status === 'draft') throw new AppError('COURSE_NOT_FOUND');
    await this.enrolments.assertEnrolled(courseId, p.userId);
    const enrolment = (await this.learning.findEnrolment(courseId, p.userId))!;
    const done = new Map(
      (await this.learning.completedLessons(p.userId, [courseId])).map((d) => [d.lessonId, d.scorePercent]),
    );
    const sections = await this.courses.sections(courseId);
    const started = enrolment.lastLessonId;
    const completedRequired = [...entry.countedLessonIds].filter((id) => done.has(id)).length;
    return {
      id: courseId,
      title: entry.course.title,
      description: entry.course.description,
      sections: sections.map((s) => ({
        id: s.id,
        title: s.title,
        lessons: entry.lessons
          .filter((l) => l.sectionId === s.id)
          .map((l) => ({
            id: l.id,
            title: l.title,
            kind: l.kind,
            required: entry.countedLessonIds.has(l.id),
            state: stateOf(l.id, done, started),
            scorePercent: done.get(l.id) ?? null,
          })),
      })),
      requiredLessons: entry.countedLessonIds.size,
      completedRequiredLessons: completedRequired,
      progress: enrolment.completedAt
        ? 1
        : entry.countedLessonIds.size
          ? completedRequired / entry.countedLessonIds.size
          : 0,
      resumeLessonId: resumePoint(entry, enrolment.lastLessonId, new Set(done.keys())),
      dueAt: iso(enrolment.dueAt),
      completedAt: iso(enrolment.completedAt),
      certificateTemplateId: entry.course.certificateTemplateId,
    };
  }

  /** Opens a lesson: its content, and it becomes the resume point. */
  async lesson(p: Principal, lessonId: string): Promise<LessonContentDto> {
    const { entry, lesson } = await this.enrolledLesson(p, lessonId);
    const full = await this.courses.findLesson(lessonId);
    if (!full) throw new AppError('LESSON_NOT_FOUND');
    await this.learning.touchLesson(entry.course.id, p.userId, lessonId);
    const done = new Map(
      (await this.learning.completedLessons(p.userId, [entry.course.id])).map((d) => [d.lessonId, d.scorePercent]),
    );
    const index = entry.lessons.findIndex((l) => l.id === lessonId);
    return {
      id: lesson.id,
      courseId: entry.course.id,
      title: lesson.title,
      kind: lesson.kind,
      required: entry.countedLessonIds.has(lesson.id),
      state: done.has(lesson.id) ? 'completed' : 'in_progress',
      bodyHtml: lesson.kind === 'text' ? (full.bodyHtml ?? '') : null,
      videoUrl: lesson.kind === 'video' ? full.videoUrl : null,
      documentUrl: lesson.kind === 'document' ? `/api/v1/lessons/${lesson.id}/document` : null,
      quiz: lesson.kind === 'quiz' && full.quiz ? await this.quizzes.stateOf(full.quiz, lessonId, p.userId) : null,
      nextLessonId: entry.lessons[index + 1]?.id ?? null,
    };
  }

  /** Completes a text, video or document lesson (SCORM and quiz lessons complete by their own results). */
  async completeLesson(p: Principal, lessonId: string): Promise<CompleteLessonResponseDto> {
    const { entry, lesson } = await this.enrolledLesson(p, lessonId);
    if (lesson.kind === 'scorm' || lesson.kind === 'quiz') throw new AppError('LESSON_KIND_MISMATCH');
    return this.completion.completeLesson(entry.course.id, lessonId, p.userId, null);
  }

  async launchScorm(p: Principal, lessonId: string): Promise<ScormLaunchResponseDto> {
    const { entry, lesson } = await this.enrolledLesson(p, lessonId);
    if (lesson.kind !== 'scorm') throw new AppError('LESSON_KIND_MISMATCH');
    const full = await this.courses.findLesson(lessonId);
    const pkg = full?.scormPackageId ? await this.courses.findPackage(full.scormPackageId) : null;
    if (!pkg) throw new AppError('SCORM_PACKAGE_NOT_FOUND');
    await this.learning.touchLesson(entry.course.id, p.userId, lessonId);
    const { url, expiresAt } = await this.scorm.launchUrl(pkg, lessonId, p.userId);
    const state = await this.scormProgress.stateOf(lessonId, p.userId);
    return {
      launchUrl: url,
      expiresAt: expiresAt.toISOString(),
      cmi: {
        lessonStatus: state.lessonStatus as ScormLaunchResponseDto['cmi']['lessonStatus'],
        scoreRaw: state.scoreRaw,
        scoreMin: state.scoreMin,
        scoreMax: state.scoreMax,
        suspendData: state.suspendData,
        lessonLocation: state.lessonLocation,
      },
    };
  }

  private async enrolledLesson(p: Principal, lessonId: string) {
    const found = await this.catalog.lesson(lessonId);
    if (!found || found.course.course.status === 'draft') throw new AppError('LESSON_NOT_FOUND');
    await this.enrolments.assertEnrolled(found.course.course.id, p.userId);
    return { entry: found.course, lesson: found.lesson };
  }
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function stateOf(lessonId: string, done: Map<string, unknown>, lastLessonId: string | null): LessonState {
  if (done.has(lessonId)) return 'completed';
  return lessonId === lastLessonId ? 'in_progress' : 'not_started';
}

/** Where "continue" opens: the last lesson opened unless it is done, then the first lesson not done after it. */
function resumePoint(entry: CatalogCourse, lastLessonId: string | null, done: Set<string>): string | null {
  const lessons = entry.lessons;
  if (!lessons.length) return null;
  const from = Math.max(
    0,
    lessons.findIndex((l) => l.id === lastLessonId),
  );
  if (lastLessonId && !done.has(lastLessonId) && lessons[from]?.id === lastLessonId) return lastLessonId;
  const next = [...lessons.slice(from), ...lessons.slice(0, from)].find((l) => !done.has(l.id));
  return next?.id ?? lessons[lessons.length - 1]!.id;
}
