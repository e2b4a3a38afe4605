import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { CourseRepository, type OutlineLesson } from '../course.repository.js';
import type { Course } from '../entities/course.entity.js';

/** A course as the learner paths read it: the course and its lessons in reading order. */
export interface CatalogCourse {
  course: Course;
  lessons: OutlineLesson[];
  /** Lessons that count for completion: the required ones and the final quiz (the last quiz lesson), if any. */
  countedLessonIds: Set<string>;
  finalQuizId: string | null;
}

/** A course changed here is forgotten at once; on the other instances within this time. */
const COURSE_TTL_MS = 5_000;
const LESSON_TTL_MS = 60_000;
const MAX_ENTRIES = 20_000;

/**
 * Courses and lessons kept in memory for a few seconds: a learner's saves (SCORM progress every 30 s) and reads find
 * the lesson's course and the completion rule without a query.
 */
@Injectable()
export class CourseCatalog {
  private readonly courses = new Map<string, { at: number; value: Promise<CatalogCourse | null> }>();
  private readonly lessonCourses = new Map<string, { at: number; value: Promise<string | null> }>();

  constructor(
    private readonly repo: CourseRepository,
    private readonly clock: Clock,
  ) {}

  course(courseId: string): Promise<CatalogCourse | null> {
    const hit = this.courses.get(courseId);
    if (hit && this.clock.nowMs() - hit.at < COURSE_TTL_MS) return hit.value;
    const value = this.load(courseId);
    if (this.courses.size >= MAX_ENTRIES) this.courses.delete(this.courses.keys().next().value!);
    this.courses.set(courseId, { at: this.clock.nowMs(), value });
    value.catch(() => this.courses.delete(courseId));
    return value;
  }

  /** The course a lesson belongs to (a lesson never moves between courses), and the lesson, or null. */
  async lesson(lessonId: string): Promise<{ course: CatalogCourse; lesson: OutlineLesson } | null> {
    let hit = this.lessonCourses.get(lessonId);
    if (!hit || this.clock.nowMs() - hit.at >= LESSON_TTL_MS) {
      const value = this.repo.findLesson(lessonId).then((l) => l?.courseId ?? null);
      hit = { at: this.clock.nowMs(), value };
      if (this.lessonCourses.size >= MAX_ENTRIES) this.lessonCourses.delete(this.lessonCourses.keys().next().value!);
      this.lessonCourses.set(lessonId, hit);
      value.catch(() => this.lessonCourses.delete(lessonId));
    }
    const courseId = await hit.value;
    if (!courseId) {
      this.lessonCourses.delete(lessonId);
      return null;
    }
    const course = await this.course(courseId);
    const lesson = course?.lessons.find((l) => l.id === lessonId);
    return course && lesson ? { course, lesson } : null;
  }

  forget(courseId: string): void {
    this.courses.delete(courseId);
  }

  private async load(courseId: string): Promise<CatalogCourse | null> {
    const course = await this.repo.findCourse(courseId);
    if (!course) return null;
    const lessons = await this.repo.outline(courseId);
    return { course, lessons, ...countedLessons(lessons) };
  }
}

/**
 * The completion rule's lessons: every required lesson, and the final quiz (the last quiz lesson in reading order)
 * even when it is marked optional. A course with no required lesson counts all of them.
 */
export function countedLessons(lessons: readonly Pick<OutlineLesson, 'id' | 'kind' | 'required'>[]): {
  countedLessonIds: Set<string>;
  finalQuizId: string | null;
} {
  const finalQuizId = [...lessons].reverse().find((l) => l.kind === 'quiz')?.id ?? null;
  const required = lessons.filter((l) => l.required || l.id === finalQuizId);
  return { countedLessonIds: new Set((required.length ? required : lessons).map((l) => l.id)), finalQuizId };
}
