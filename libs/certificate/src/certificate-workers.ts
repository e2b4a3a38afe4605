import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DOMAIN_EVENTS, type CourseCompletedEvent } from '#contracts';
import { JobQueue } from '#core';
import { BATCH_QUEUE, CertificateBatches } from './certificate-batches.js';
import { COURSE_COMPLETED_QUEUE, CourseCompletionListener } from './course-completion.listener.js';

/**
 * The library's background work, registered one queue after the other: pg-boss creates a queue with DDL, and Nest
 * runs a module's init hooks at the same time, so two queues created at once can deadlock.
 */
@Injectable()
export class CertificateWorkers implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly batches: CertificateBatches,
    private readonly courses: CourseCompletionListener,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.work<{ batchId: string }>(BATCH_QUEUE, (data) => this.batches.runBatch(data.batchId));
    await this.jobs.subscribe<CourseCompletedEvent>(DOMAIN_EVENTS.courseCompleted, COURSE_COMPLETED_QUEUE, (event) =>
      this.courses.handle(event),
    );
  }
}
