import { Injectable } from '@nestjs/common';
import { AppError, AuditService, Clock, type Principal } from '#core';
import { CourseAccess } from '../authoring/course-access.js';
import type { CreateEnrolmentDto, CreateEnrolmentResponseDto, EnrolmentRuleDto } from '../dto/course.dto.js';
import type { SelfEnrolmentResponseDto } from '../dto/learner.dto.js';
import { CourseCatalog } from './course-catalog.js';
import { LearningRepository } from './learning.repository.js';

const ENROLLED_TTL_MS = 10 * 60_000;
const MAX_REMEMBERED = 200_000;

/**
 * Who learns a course. A unit's enrolment is a rule (subtree × populations × due date) materialized into one row per
 * learner at once, and again for people who joined later: when they read their courses or act in one, and before an
 * organizer reads progress. Rows are unique per course and learner, so nobody is enrolled twice.
 */
@Injectable()
export class Enrolments {
  /**
   * `${courseId}/${userId}` known to be enrolled, so a learner's lesson, quiz and document requests skip the read
   * (SCORM progress saves do not come here: their upsert checks the enrolment itself, scorm-progress.ts). Enrolments
   * are removed only with a unit rule (never started ones, when asked), forgotten here then; another instance forgets
   * them within the TTL.
   */
  private readonly enrolled = new Map<string, number>();

  constructor(
    private readonly learning: LearningRepository,
    private readonly access: CourseAccess,
    private readonly catalog: CourseCatalog,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async enrolUnit(p: Principal, courseId: string, dto: CreateEnrolmentDto): Promise<CreateEnrolmentResponseDto> {
    const course = await this.access.manageableCourse(p, courseId);
    await this.access.assertUnitInScope(p, dto.unitId);
    if (course.status !== 'published') throw new AppError('COURSE_NOT_PUBLISHED');
    const ruleId = await this.learning.insertRule({
      courseId,
      unitId: dto.unitId,
      populations: dto.populations,
      dueAt: dto.dueAt ? new Date(dto.dueAt) : null,
      createdBy: p.userId,
    });
    const enrolled = await this.learning.materializeRule(ruleId);
    await this.audit.record(p.userId, 'course.enrol-unit', courseId, {
      unitId: dto.unitId,
      populations: dto.populations,
      enrolled,
    });
    return { ruleId, enrolled };
  }

  async listRules(p: Principal, courseId: string): Promise<EnrolmentRuleDto[]> {
    await this.access.manageableCourse(p, courseId);
    const rows = await this.learning.rules(courseId);
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unitId,
      unitName: r.unitName,
      populations: r.populations,
      dueAt: r.dueAt ? new Date(r.dueAt).toISOString() : null,
      enrolledCount: r.enrolledCount,
      createdAt: new Date(r.createdAt).toISOString(),
    }));
  }

  /**
   * Removes a unit's enrolment. `learners` says what becomes of the people it enrolled: 'keep' (they stay enrolled
   * with their due date and progress), or 'remove-not-started' (only those who never opened the course leave it;
   * anyone with progress or a completion stays). Progress is never deleted.
   */
  async deleteRule(
    p: Principal,
    ruleId: string,
    learners: 'keep' | 'remove-not-started',
  ): Promise<{ kept: number; removed: number }> {
    const rule = await this.learning.findRule(ruleId);
    if (!rule) throw new AppError('ENROLMENT_RULE_NOT_FOUND');
    await this.access.manageableCourse(p, rule.courseId);
    const result = await this.learning.deleteRule(ruleId, learners === 'remove-not-started');
    for (const userId of result.removedUserIds) this.enrolled.delete(`${rule.courseId}/${userId}`);
    await this.audit.record(p.userId, 'course.enrolment-remove', rule.courseId, {
      ruleId,
      unitId: rule.unitId,
      learners,
      kept: result.kept,
      removed: result.removed,
    });
    return { kept: result.kept, removed: result.removed };
  }

  async enrolSelf(p: Principal, courseId: string): Promise<SelfEnrolmentResponseDto> {
    const entry = await this.catalog.course(courseId);
    if (!entry) throw new AppError('COURSE_NOT_FOUND');
    if (entry.course.status !== 'published') throw new AppError('COURSE_NOT_PUBLISHED');
    if (!entry.course.selfEnrolment) {
      // Enrolled by their unit already: nothing to do, and no reason to refuse.
      if (await this.isEnrolled(courseId, p.userId)) return { enrolled: true, created: false };
      throw new AppError('COURSE_NOT_OPEN');
    }
    const created = await this.learning.enrolSelf(courseId, p.userId);
    this.remember(courseId, p.userId);
    return { enrolled: true, created };
  }

  /** Throws NOT_ENROLLED unless the learner is enrolled (a late joiner of an enrolled unit is enrolled here). */
  async assertEnrolled(courseId: string, userId: string): Promise<void> {
    if (!(await this.isEnrolled(courseId, userId))) throw new AppError('NOT_ENROLLED');
  }

  async isEnrolled(courseId: string, userId: string): Promise<boolean> {
    const key = `${courseId}/${userId}`;
    const at = this.enrolled.get(key);
    if (at !== undefined && this.clock.nowMs() - at < ENROLLED_TTL_MS) return true;
    let row = await this.learning.findEnrolment(courseId, userId);
    if (!row && (await this.learning.materializePerson(userId)) > 0)
      row = await this.learning.findEnrolment(courseId, userId);
    if (row) this.remember(courseId, userId);
    return row !== null;
  }

  private remember(courseId: string, userId: string): void {
    if (this.enrolled.size >= MAX_REMEMBERED) this.enrolled.delete(this.enrolled.keys().next().value!);
    this.enrolled.set(`${courseId}/${userId}`, this.clock.nowMs());
  }
}
