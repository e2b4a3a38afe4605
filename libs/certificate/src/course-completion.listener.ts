import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { CourseCompletedEvent } from '#contracts';
import { ROOT_LOGGER } from '#core';
import { CertificateIssuer } from './certificate-issuer.js';
import { CertificateRepository } from './certificate.repository.js';

export const COURSE_COMPLETED_QUEUE = 'certificate.course-completed';

/**
 * Course completion (course.completed, from the job queue): a certificate when the course names a template. The
 * event may be delivered twice (a retry); the person and the course make the certificate unique, so it is issued once.
 */
@Injectable()
export class CourseCompletionListener {
  constructor(
    private readonly repo: CertificateRepository,
    private readonly issuer: CertificateIssuer,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: CourseCompletedEvent): Promise<void> {
    if (!event.certificateTemplateId) return;
    const template = await this.repo.findTemplate(event.certificateTemplateId);
    if (!template) {
      this.logger.warn(
        { courseId: event.courseId, templateId: event.certificateTemplateId },
        'course certificate template is missing',
      );
      return;
    }
    await this.issuer.issue({
      template,
      source: 'course',
      achievementKey: `course:${event.courseId}`,
      achievementName: event.courseTitle,
      criteria: `Hoàn thành khóa học "${event.courseTitle}" theo điều kiện hoàn thành của khóa học.`,
      unitId: template.unitId,
      batchId: null,
      issuedAt: new Date(event.completedAt),
      recipients: [{ userId: event.userId, rank: null, score: event.scorePercent, prizeLabel: null }],
    });
  }
}
