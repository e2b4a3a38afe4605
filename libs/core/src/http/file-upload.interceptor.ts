import {
  type CallHandler,
  createParamDecorator,
  type ExecutionContext,
  mixin,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
// The type import brings @fastify/multipart's additions to FastifyRequest (isMultipart, file).
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { AppError } from '../errors/app-error.js';
import { assertWellFormedText } from '../errors/well-formed-text.js';

/** One uploaded file, read whole into memory (imports are checked before anything is written). */
export interface UploadedFileData {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
  size: number;
}

export interface FileUploadOptions {
  /** The multipart field that carries the file. */
  field?: string;
  maxBytes: number;
  /** The error for a file over `maxBytes`; PAYLOAD_TOO_LARGE by default. */
  tooLarge?: () => AppError;
}

/** Room for the multipart envelope and the small text fields around the file. */
const ENVELOPE_BYTES = 64 * 1024;

const onlyOneFile = (field: string) =>
  new AppError('VALIDATION_FAILED', [
    { field, message: `Chỉ gửi một tệp trong trường "${field}" (multipart/form-data).` },
  ]);

type UploadRequest = FastifyRequest & { uploadedFile?: UploadedFileData };

/** The file FileUploadInterceptor read, or undefined when the request carried none. */
export const ReceivedFile = createParamDecorator(
  (_data: unknown, context: ExecutionContext): UploadedFileData | undefined =>
    context.switchToHttp().getRequest<UploadRequest>().uploadedFile,
);

/**
 * An interceptor that reads one multipart file into the request (read by `@ReceivedFile()`) with a size limit: an
 * upload whose declared length is already over is refused before reading it, and one that passes the limit while
 * streaming is refused as soon as it does, never buffered whole. A request that is not multipart leaves no file.
 * The multipart parser itself is registered once for the app (`@fastify/multipart` in create-app).
 */
export function FileUploadInterceptor(options: FileUploadOptions): Type<NestInterceptor> {
  const field = options.field ?? 'file';
  const tooLarge = options.tooLarge ?? (() => new AppError('PAYLOAD_TOO_LARGE'));

  class MixinFileUploadInterceptor implements NestInterceptor {
    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<UploadRequest>();
      if (Number(req.headers['content-length'] ?? 0) > options.maxBytes + ENVELOPE_BYTES) {
        req.raw.resume(); // discard what the client still sends, without keeping it
        throw tooLarge();
      }
      if (!req.isMultipart()) return next.handle();
      const part = await req
        .file({ limits: { fileSize: options.maxBytes, files: 1, fields: 10, parts: 11, fieldSize: 1024 } })
        .catch((error: unknown) => {
          throw uploadError(error, field, tooLarge);
        });
      if (part) {
        if (part.fieldname !== field) throw onlyOneFile(field);
        // The file's name and the text fields sent before it: the JSON hook never sees a multipart body.
        assertWellFormedText(part.filename, field);
        for (const other of Object.values(part.fields))
          for (const f of [other ?? []].flat()) if (f.type === 'field') assertWellFormedText(f.value, f.fieldname);
        const buffer = await part.toBuffer().catch((error: unknown) => {
          throw uploadError(error, field, tooLarge);
        });
        req.uploadedFile = { buffer, originalname: part.filename, mimetype: part.mimetype, size: buffer.length };
      }
      return next.handle();
    }
  }
  return mixin(MixinFileUploadInterceptor);
}

function uploadError(error: unknown, field: string, tooLarge: () => AppError): AppError {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return onlyOneFile(field);
  return new AppError('VALIDATION_FAILED', [{ field, message: 'Không đọc được tệp gửi lên.' }]);
}
