import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ERROR_MESSAGES, type ErrorBody, type ErrorCode } from '#contracts';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import { ROOT_LOGGER } from '../http/logger.js';
import { contextOf } from '../http/request-context.js';
import { AppError } from './app-error.js';
import { ERROR_STATUS } from './error-status.js';

/** Framework and body-parser failures, named by their HTTP status or Fastify's error code. */
function codeForHttpException(status: number): ErrorCode {
  switch (status) {
    case HttpStatus.NOT_FOUND:
      return 'ROUTE_NOT_FOUND';
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return 'PAYLOAD_TOO_LARGE';
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case HttpStatus.UNAUTHORIZED:
      return 'UNAUTHENTICATED';
    case HttpStatus.FORBIDDEN:
      return 'FORBIDDEN';
    case HttpStatus.TOO_MANY_REQUESTS:
      return 'RATE_LIMITED';
    default:
      return status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED';
  }
}

/** Fastify's body-parsing errors (the Nest adapter wraps them in an HttpException whose cause they are). */
const FASTIFY_ERROR_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

export function toErrorBody(
  error: unknown,
  language: 'vi' | 'en',
  correlationId: string,
): { status: number; body: ErrorBody; unexpected: boolean } {
  let code: ErrorCode;
  let details: ErrorBody['details'];
  let override: { vi: string; en: string } | undefined;
  let unexpected = false;
  if (error instanceof AppError) {
    code = error.code;
    details = error.details;
    override = error.messageOverride;
  } else if (error instanceof HttpException) {
    const status = error.getStatus();
    const cause = (error as { cause?: { code?: string } }).cause;
    code = FASTIFY_ERROR_CODES[cause?.code ?? ''] ?? codeForHttpException(status);
  } else if (isDatabaseUnavailable(error)) {
    code = 'SERVICE_UNAVAILABLE';
  } else {
    code = 'INTERNAL_ERROR';
    unexpected = true;
  }
  const status = ERROR_STATUS[code];
  const message = (override ?? ERROR_MESSAGES[code])[language];
  const body: ErrorBody = { statusCode: status, code, message, correlationId };
  if (details !== undefined) body.details = details;
  return { status, body, unexpected };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { language, correlationId } = contextOf(req);
    const { status, body, unexpected } = toErrorBody(exception, language, correlationId);
    if (unexpected || status >= 500) {
      this.logger.error({ err: exception, correlationId, path: req.url }, 'request failed');
    }
    if (reply.sent) return;
    // A refusal that names when to come back (throttled sign-ins, registrations) says it the standard way too.
    const retryAfter = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
    // The error body is always JSON, also from a route that declared another type for its success (a VC-JWT, a
    // PDF): Fastify refuses to serialize an object under a non-JSON content type and would answer 500 instead.
    void reply.header('Content-Type', 'application/json; charset=utf-8');
    void reply.status(status).send(body);
  }
}
