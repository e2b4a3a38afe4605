import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, attachment, type Principal, type UploadedFileData } from '#core';
import { CourseRepository } from '../course.repository.js';
import type { DocumentResponseDto } from '../dto/course.dto.js';
import { CourseCatalog } from '../learning/course-catalog.js';
import { Enrolments } from '../learning/enrolments.js';
import { CourseAccess } from './course-access.js';

export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
/** The most one response carries: a viewer asks for the rest in further ranges. */
const MAX_CHUNK_BYTES = 8 * 1024 * 1024;

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` over a file of `size` bytes: the range, 'unsatisfiable', or null (whole). */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges, or another unit: answered whole, as RFC 9110 allows.
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Documents of document lessons: PDFs checked and stored in PostgreSQL, served to learners with range requests. */
@Injectable()
export class CourseFiles {
  constructor(
    private readonly repo: CourseRepository,
    private readonly access: CourseAccess,
    private readonly catalog: CourseCatalog,
    private readonly enrolments: Enrolments,
  ) {}

  async uploadDocument(
    p: Principal,
    courseId: string,
    file: UploadedFileData | undefined,
  ): Promise<DocumentResponseDto> {
    await this.access.manageableCourse(p, courseId);
    if (!file || file.size === 0) throw new AppError('FILE_REQUIRED');
    // A PDF starts with %PDF- (within its first KB, by the spec's allowance); the declared type is not trusted.
    if (!file.buffer.subarray(0, 1024).includes('%PDF-')) throw new AppError('DOCUMENT_INVALID');
    const fileName = (file.originalname || 'tai-lieu.pdf').normalize('NFC').slice(0, 200);
    const id = await this.repo.insertDocument({
      courseId,
      fileName,
      mimeType: 'application/pdf',
      size: file.size,
      sha256: createHash('sha256').update(new Uint8Array(file.buffer)).digest('hex'),
      data: file.buffer,
    });
    return { id, fileName, size: file.size };
  }

  /**
   * A document lesson's PDF for an enrolled learner or a manager of the course: 200 with the whole file, or 206 with
   * the requested range (at most a few MB per response), read as a slice from the database.
   */
  async streamLessonDocument(p: Principal, lessonId: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const found = await this.catalog.lesson(lessonId);
    if (!found) throw new AppError('LESSON_NOT_FOUND');
    if (found.lesson.kind !== 'document') throw new AppError('LESSON_KIND_MISMATCH');
    const courseId = found.course.course.id;
    if (!(await this.enrolments.isEnrolled(courseId, p.userId))) {
      const manages = await this.access.manageableCourse(p, courseId).then(
        () => true,
        () => false,
      );
      if (!manages) throw new AppError('NOT_ENROLLED');
    }
    const lesson = await this.repo.findLesson(lessonId);
    const doc = lesson?.documentId ? await this.repo.findDocumentInfo(lesson.documentId) : null;
    if (!doc) throw new AppError('DOCUMENT_NOT_FOUND');
    const range = parseRange(req.headers.range, doc.size);
    reply
      .header('accept-ranges', 'bytes')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=3600')
      .header('content-disposition', attachment(doc.fileName).replace(/^attachment/, 'inline'))
      .type('application/pdf');
    if (range === 'unsatisfiable') {
      await reply.code(416).header('content-range', `bytes */${doc.size}`).send();
      return;
    }
    const start = range?.start ?? 0;
    const end = range ? Math.min(range.end, start + MAX_CHUNK_BYTES - 1) : doc.size - 1;
    const data = await this.repo.documentSlice(doc.id, start, end - start + 1);
    if (!data) throw new AppError('DOCUMENT_NOT_FOUND');
    if (range) reply.code(206).header('content-range', `bytes ${start}-${end}/${doc.size}`);
    await reply.send(data);
  }
}
