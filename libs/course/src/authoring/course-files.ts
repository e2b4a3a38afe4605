import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, attachment, type Principal, type UploadedFileData } from '#core';
import { CourseRepository } from '../course.repository.js';
import type { DocumentResponseDto } from '../dto/course.dto.js';
import { CourseCatalog } from '../learning/course-catalog.js';
import { Enrolments } from '../learning/enrolments.js';
import { LaunchTokens } from '../scorm/launch-token.js';
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
    private readonly tokens: LaunchTokens,
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
    const doc = await this.readableDocument(p, lessonId);
    reply.header('content-security-policy', "default-src 'none'; sandbox");
    await this.send(doc, req, reply);
  }

  /**
   * A link to the lesson's PDF that a frame of the portal can load by itself (a frame sends no bearer token), so the
   * browser's own viewer shows it in the page and asks for ranges as it pages: the path carries a signed, short-lived
   * token for this learner, lesson and document (the SCORM launch token's scheme, signed for the document's id).
   */
  async documentLink(p: Principal, lessonId: string): Promise<{ url: string; expiresAt: string }> {
    const doc = await this.readableDocument(p, lessonId);
    const { token, expiresAt } = await this.tokens.sign(doc.id, lessonId, p.userId);
    const name = encodeURIComponent(doc.fileName.replace(/\.pdf$/i, '') + '.pdf');
    return { url: `/api/v1/lesson-documents/${doc.id}/${token}/${name}`, expiresAt: expiresAt.toISOString() };
  }

  /** The PDF behind a document link: the token must be valid for it and its lesson must still show it. */
  async streamLinkedDocument(
    documentId: string,
    token: string,
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    // The portal (same origin) may frame it; the token never leaves in a Referer. No `sandbox` and no `default-src`
    // here: Chrome refuses to run its PDF viewer in a sandboxed document, and builds the viewer as an <embed> that
    // the document's own policy would block (the bearer route above keeps both: it is only ever downloaded).
    reply
      .header('content-security-policy', "frame-ancestors 'self'")
      .header('x-frame-options', 'SAMEORIGIN')
      .header('referrer-policy', 'no-referrer');
    const claims = await this.tokens.verify(documentId, token);
    if (!claims) throw new AppError('SCORM_LAUNCH_INVALID');
    const lesson = await this.repo.findLesson(claims.lessonId);
    const doc = lesson?.documentId === documentId ? await this.repo.findDocumentInfo(documentId) : null;
    if (!doc) throw new AppError('DOCUMENT_NOT_FOUND');
    await this.send(doc, req, reply);
  }

  private async readableDocument(p: Principal, lessonId: string) {
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
    return doc;
  }

  private async send(
    doc: { id: string; fileName: string; size: number },
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const range = parseRange(req.headers.range, doc.size);
    reply
      .header('accept-ranges', 'bytes')
      .header('x-content-type-options', 'nosniff')
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
