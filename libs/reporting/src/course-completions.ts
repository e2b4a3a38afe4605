import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DOMAIN_EVENTS, POPULATIONS, type CourseCompletedEvent, type Population } from '#contracts';
import { JobQueue } from '#core';
import { COURSE_LETTERS, courseRowFor } from './plan-targets.js';
import { vietnamYear } from './plan-report.service.js';
import { ReportingRepository } from './reporting.repository.js';

export const COURSE_COMPLETED_QUEUE = 'reporting.course-completed';

/**
 * Reporting's own record of course completions, learnt from `course.completed` (never from course's tables). One
 * transaction per event: the completion (keyed by its id, so a job run twice changes nothing), each person counted
 * once per letter with the unit's tally, and the report version.
 */
@Injectable()
export class CourseCompletions implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly repo: ReportingRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.subscribe<CourseCompletedEvent>(DOMAIN_EVENTS.courseCompleted, COURSE_COMPLETED_QUEUE, (event) =>
      this.record(event).then(() => undefined),
    );
  }

  /** Returns how many people-and-letter counts it added (0 for an event already recorded). */
  async record(event: CourseCompletedEvent): Promise<number> {
    const completedAt = new Date(event.completedAt);
    const population = (POPULATIONS as readonly string[]).includes(event.population ?? '')
      ? (event.population as Population)
      : null;
    const letters = [...new Set(event.planTargets)];
    return this.repo.transaction(async (manager) => {
      const fresh = await this.repo.insertCompletion(
        {
          completionId: event.completionId,
          userId: event.userId,
          courseId: event.courseId,
          unitId: event.unitId,
          population,
          letters,
          completedAt,
        },
        manager,
      );
      if (!fresh) return 0;
      let counted = 0;
      if (event.unitId && population) {
        for (const letter of letters.filter((l) => COURSE_LETTERS.has(l))) {
          const row = courseRowFor(letter, population);
          if (!row) continue;
          const added = await this.repo.insertAchiever(
            {
              userId: event.userId,
              letter,
              rowKey: row.key,
              unitId: event.unitId,
              year: vietnamYear(completedAt),
              completionId: event.completionId,
            },
            manager,
          );
          if (added) counted++;
        }
      }
      if (counted) await this.repo.bumpVersion(manager);
      return counted;
    });
  }
}
