import { Injectable } from '@nestjs/common';
import { AppError, hasRole, type Principal } from '#core';
import { AccessScopeService } from '#identity';
import { CourseRepository } from '../course.repository.js';
import type { Course } from '../entities/course.entity.js';

/** Who may manage a course: an admin, or an organizer whose subtree holds the course's unit (as for contests). */
@Injectable()
export class CourseAccess {
  constructor(
    private readonly repo: CourseRepository,
    private readonly scope: AccessScopeService,
  ) {}

  async manageableCourse(principal: Principal, courseId: string): Promise<Course> {
    const course = await this.repo.findCourse(courseId);
    if (!course) throw new AppError('COURSE_NOT_FOUND');
    if (!hasRole(principal, 'admin') && course.unitId) await this.scope.assertUnitInScope(principal, course.unitId);
    if (!hasRole(principal, 'admin') && !course.unitId) throw new AppError('OUT_OF_SCOPE');
    return course;
  }

  async manageableSection(principal: Principal, sectionId: string) {
    const section = await this.repo.findSection(sectionId);
    if (!section) throw new AppError('SECTION_NOT_FOUND');
    const course = await this.manageableCourse(principal, section.courseId);
    return { section, course };
  }

  async manageableLesson(principal: Principal, lessonId: string) {
    const lesson = await this.repo.findLesson(lessonId);
    if (!lesson) throw new AppError('LESSON_NOT_FOUND');
    const course = await this.manageableCourse(principal, lesson.courseId);
    return { lesson, course };
  }

  /** Throws OUT_OF_SCOPE (or UNIT_NOT_FOUND) unless the unit lies in the caller's subtree. */
  async assertUnitInScope(principal: Principal, unitId: string): Promise<void> {
    await this.scope.assertUnitInScope(principal, unitId);
  }

  /** The path prefix of the caller's subtree, or null for the whole city. */
  async scopePrefix(principal: Principal): Promise<string | null> {
    const s = await this.scope.scopeOf(principal);
    return s.kind === 'all' ? null : s.pathPrefix;
  }
}
