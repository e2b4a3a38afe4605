import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { AppError } from '#core';
import { IMPORT_LIMITS } from '../formats/index.js';

/** Room for the multipart envelope and the small text fields around the file. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * Reads the multipart `file` into memory with a size limit, so an oversized upload is refused with IMPORT_TOO_LARGE
 * as soon as it passes the limit (or at once when its declared length already does), never buffered whole.
 */
@Injectable()
export class ImportFileInterceptor implements NestInterceptor {
  private readonly upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: IMPORT_LIMITS.maxFileBytes, files: 1, fields: 10, parts: 11, fieldSize: 1024 },
  }).single('file');

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > IMPORT_LIMITS.maxFileBytes + ENVELOPE_BYTES) {
      req.resume(); // discard what the client still sends, without keeping it
      throw tooLarge();
    }
    await new Promise<void>((resolve, reject) =>
      this.upload(req, res, (error: unknown) => (error ? reject(mapUploadError(error)) : resolve())),
    );
    return next.handle();
  }
}

const tooLarge = () =>
  new AppError(
    'IMPORT_TOO_LARGE',
    { maxBytes: IMPORT_LIMITS.maxFileBytes },
    {
      vi: `Tệp nhập vượt quá giới hạn ${Math.round(IMPORT_LIMITS.maxFileBytes / 1024 / 1024)} MB.`,
      en: `The import file is over the ${Math.round(IMPORT_LIMITS.maxFileBytes / 1024 / 1024)} MB limit.`,
    },
  );

function mapUploadError(error: unknown): AppError {
  if (error instanceof multer.MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') return tooLarge();
    return new AppError('VALIDATION_FAILED', [
      { field: 'file', message: 'Chỉ gửi một tệp trong trường "file" (multipart/form-data).' },
    ]);
  }
  return new AppError('VALIDATION_FAILED', [{ field: 'file', message: 'Không đọc được tệp gửi lên.' }]);
}
