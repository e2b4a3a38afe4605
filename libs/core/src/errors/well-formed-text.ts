import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { contextOf } from '../http/request-context.js';
import { AppError } from './app-error.js';
import { toErrorBody } from './all-exceptions.filter.js';

/**
 * NUL, or a UTF-16 surrogate that is not half of a pair. PostgreSQL refuses both in text and jsonb, so one such string
 * fails the whole statement it is in (and a grouped write fails everyone's). With the `u` flag a well-formed pair is
 * read as one code point outside this class, so only a lone half matches: one regex test per string.
 */
const MALFORMED_TEXT = /[\0\uD800-\uDFFF]/u;

export function isMalformedText(s: string): boolean {
  return MALFORMED_TEXT.test(s);
}

/**
 * Whether any string (value or key) at any depth of a parsed input is malformed. Iterative: no depth limit to hit.
 * Bytes (a Buffer body) are not text and are not walked.
 */
function holdsMalformedText(input: unknown): boolean {
  const pending: unknown[] = [input];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (MALFORMED_TEXT.test(value)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
      for (const key of Object.keys(value)) {
        if (MALFORMED_TEXT.test(key)) return true;
        pending.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** Where the first malformed string is, as a field path (`answers[2].text`); only walked once one is known to exist. */
function pathOfMalformedText(input: unknown, at: string): string | null {
  const pending: [unknown, string][] = [[input, at]];
  // Breadth first, read by index (shift() would copy a large array once per item).
  for (let next = 0; next < pending.length; next++) {
    const [value, path] = pending[next]!;
    if (typeof value === 'string') {
      if (MALFORMED_TEXT.test(value)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push([item, `${path}[${i}]`]));
    } else if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
      for (const key of Object.keys(value)) {
        const field = path ? `${path}.${key}` : key;
        if (MALFORMED_TEXT.test(key)) return field;
        pending.push([(value as Record<string, unknown>)[key], field]);
      }
    }
  }
  return null;
}

export function malformedTextError(field: string): AppError {
  return new AppError('VALIDATION_FAILED', [
    {
      ...(field ? { field } : {}),
      message: 'Chuỗi ký tự chứa ký tự không hợp lệ (ký tự NUL hoặc nửa cặp thay thế UTF-16).',
    },
  ]);
}

/**
 * Refuses an input holding a malformed string anywhere (VALIDATION_FAILED naming the field). `where` prefixes the
 * field path (`query`, `body`…); empty for a payload of its own.
 */
export function assertWellFormedText(input: unknown, where = ''): void {
  if (holdsMalformedText(input)) throw malformedTextError(pathOfMalformedText(input, where) ?? where);
}

const REQUEST_PARTS = ['params', 'query', 'body'] as const;

/**
 * Fastify preValidation hook (after parsing, before any handler, guard or pipe): every route's path parameters,
 * query and JSON body are checked once here, so no text field anywhere can carry NUL or a lone surrogate into the
 * database. Multipart fields are checked where they are read (FileUploadInterceptor).
 */
export function wellFormedTextHook(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  for (const part of REQUEST_PARTS) {
    if (!holdsMalformedText(req[part])) continue;
    const { language, correlationId } = contextOf(req);
    const { status, body } = toErrorBody(
      malformedTextError(pathOfMalformedText(req[part], part) ?? part),
      language,
      correlationId,
    );
    void reply.status(status).send(body);
    return;
  }
  done();
}

/**
 * Fastify's `frameworkErrors`: a URL the router cannot decode (percent-encoded bytes that are not UTF-8, such as a
 * lone surrogate's) or a path parameter over the router's length limit is refused like any other bad text, in the
 * shared error body, instead of Fastify's own.
 */
export function frameworkErrorHandler(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const { language, correlationId } = contextOf(req);
  const refusal =
    error.code === 'FST_ERR_BAD_URL'
      ? malformedTextError('url')
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? new AppError('VALIDATION_FAILED', [{ field: 'url', message: 'Tham số trong đường dẫn quá dài.' }])
        : error;
  const { status, body } = toErrorBody(refusal, language, correlationId);
  void reply.header('X-Correlation-Id', correlationId).status(status).send(body);
}
