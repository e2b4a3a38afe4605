import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ErrorDetail } from '#contracts';
import { AppError } from './app-error.js';

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) details.push({ field, message });
    if (error.children?.length) details.push(...flatten(error.children, field));
  }
  return details;
}

/** The one validation pipe, for HTTP and socket payloads alike: unknown fields are an error, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new AppError('VALIDATION_FAILED', flatten(errors)),
  });
}
