import { Injectable } from '@nestjs/common';
import { DOMAIN_EVENTS, type CourseCompletedEvent } from '#contracts';
import { AppError, JobQueue } from '#core';
import { CourseRepository } from '../course.repository.js';
import { countedLessons } from './course-catalog.js';
import { LearningRepository } from './learning.repository.js';

export interface LessonCompletion {
  /** The lesson is completed (by this call or before). */
  lessonCompleted: boolean;
  /** The course is completed (by this call or before). */
  courseCompleted: boolean;
  /** Counted lessons completed ÷ counted lessons. */
  progress: number;
}

/**
 * A lesson's completion and, when it meets the rule, the course's: in one transaction that first locks the learner's
 * enrolment, so two completions of one learner in one course (the same lesson sent twice at once, or two lessons)
 * take turns and the second sees the first. The course completion is set once (a guarded UPDATE) and its
 * `course.completed` event is enqueued in the same transaction: it exists if and only if the completion does.
 */
@Injectable()
export class CourseCompletion {
  constructor(
    private readonly learning: LearningRepository,
    private readonly courses: CourseRepository,
    private readonly jobs: JobQueue,
  ) {}

  async completeLesson(
    courseId: string,
    lessonId: string,
    userId: string,
    scorePercent: number | null,
  ): Promise<LessonCompletion> {
    return this.learning.transaction(async (m) => {
      const enrolment = await this.learning.lockEnrolment(m, courseId, userId);
      if (!enrolment) throw new AppError('NOT_ENROLLED');
      await this.learning.insertLessonCompletion(m, { lessonId, userId, courseId, scorePercent });
      const course = await this.courses.findCourse(courseId, m);
      const lessons = await this.courses.outline(courseId);
      const { countedLessonIds, finalQuizId } = countedLessons(lessons);
      const done = await this.learning.completedLessonIds(m, courseId, userId);
      const doneCount = [...countedLessonIds].filter((id) => done.has(id)).length;
      const progress = countedLessonIds.size ? doneCount / countedLessonIds.size : 0;
      let courseCompleted = enrolment.completedAt !== null;
      if (!courseCompleted && course && countedLessonIds.size > 0 && doneCount === countedLessonIds.size) {
        const score = finalQuizId ? (done.get(finalQuizId) ?? null) : null;
        const marked = await this.learning.markCompleted(m, enrolment.id, score);
        if (marked) {
          const person = await this.learning.person(m, userId);
          const event: CourseCompletedEvent = {
            completionId: marked.completionId,
            courseId,
            courseTitle: course.title,
            userId,
            unitId: person.unitId,
            population: person.population,
            planTargets: course.planTargets,
            scorePercent: score,
            completedAt: new Date(marked.completedAt).toISOString(),
            certificateTemplateId: course.certificateTemplateId,
          };
          await this.jobs.publish(DOMAIN_EVENTS.courseCompleted, event, m);
        }
        courseCompleted = true;
      }
      return { lessonCompleted: true, courseCompleted, progress };
    });
  }
}
