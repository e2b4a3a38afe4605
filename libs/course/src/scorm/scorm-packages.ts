import { Injectable } from '@nestjs/common';
import { AppError, AuditService, type Principal, type UploadedFileData } from '#core';
import { CourseAccess } from '../authoring/course-access.js';
import { CourseRepository } from '../course.repository.js';
import type { ScormPackageDto } from '../dto/course.dto.js';
import { readScormManifest } from './manifest.js';
import { mimeTypeOf } from './mime-types.js';
import { SHIM_FILE } from './scorm-shim.js';
import { readZipEntries, type ZipReadRefusal } from './zip-entries.js';

/** The largest zip accepted (what a lecture with narration and a few videos weighs). */
export const MAX_SCORM_ZIP_BYTES = 200 * 1024 * 1024;
/** The most its files may add up to once inflated; a zip bomb is refused when it passes this, not at its end. */
export const MAX_SCORM_UNCOMPRESSED_BYTES = 500 * 1024 * 1024;
export const MAX_SCORM_ENTRIES = 10_000;

function refusalMessage(r: ZipReadRefusal): { reason: string; message: string; path?: string } {
  switch (r.kind) {
    case 'not-zip':
      return { reason: 'not-zip', message: 'Tệp không phải gói zip hợp lệ.' };
    case 'too-large':
      return {
        reason: 'too-large',
        message: `Gói giải nén vượt quá ${Math.round(r.limitBytes / 1024 / 1024)} MB.`,
      };
    case 'too-many-entries':
      return { reason: 'too-many-entries', message: `Gói có quá ${r.limit} tệp.` };
    case 'unsafe-path':
      return {
        reason: 'unsafe-path',
        message: 'Gói có đường dẫn không an toàn (../, đường dẫn tuyệt đối, dấu \\ hoặc trùng tên).',
        path: r.path,
      };
  }
}

/**
 * Uploading a SCORM 1.2 package: the zip is read whole in memory with its limits (entries, real inflated size, safe
 * paths), the manifest names the launch page, and the files are stored in PostgreSQL in one transaction, so every
 * instance serves them and a refused package leaves nothing behind.
 */
@Injectable()
export class ScormPackages {
  constructor(
    private readonly repo: CourseRepository,
    private readonly access: CourseAccess,
    private readonly audit: AuditService,
  ) {}

  async upload(p: Principal, courseId: string, file: UploadedFileData | undefined): Promise<ScormPackageDto> {
    await this.access.manageableCourse(p, courseId);
    if (!file || file.size === 0) throw new AppError('FILE_REQUIRED');
    const entries = readZipEntries(file.buffer, {
      maxUncompressedBytes: MAX_SCORM_UNCOMPRESSED_BYTES,
      maxEntries: MAX_SCORM_ENTRIES,
    });
    if (!Array.isArray(entries)) throw new AppError('SCORM_PACKAGE_INVALID', refusalMessage(entries));
    if (entries.some((e) => e.path === SHIM_FILE))
      throw new AppError('SCORM_PACKAGE_INVALID', {
        reason: 'reserved-name',
        message: `Tên tệp ${SHIM_FILE} được dành cho hệ thống.`,
      });
    const manifest = entries.find((e) => e.path === 'imsmanifest.xml');
    const result = readScormManifest(manifest?.data.toString('utf8'), new Set(entries.map((e) => e.path)));
    if (!result.ok) throw new AppError('SCORM_PACKAGE_INVALID', { reason: result.reason, message: result.message });
    const totalBytes = entries.reduce((n, e) => n + e.data.length, 0);
    const id = await this.repo.insertPackage(
      {
        courseId,
        title: result.title,
        launchHref: result.launchHref,
        fileCount: entries.length,
        totalBytes: String(totalBytes),
        uploadedBy: p.userId,
      },
      entries.map((e) => ({ path: e.path, mimeType: mimeTypeOf(e.path), data: e.data })),
    );
    await this.audit.record(p.userId, 'course.scorm-upload', courseId, { packageId: id, files: entries.length });
    return { id, title: result.title, launchHref: result.launchHref, fileCount: entries.length, totalBytes };
  }
}
