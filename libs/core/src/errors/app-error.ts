import type { ErrorCode, ErrorDetail } from '#contracts';

/**
 * The one error type the domain throws. The filter turns it into the shared error body with the HTTP status mapped
 * for its code and the message in the caller's language.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: ErrorDetail[] | Record<string, unknown>,
    /** Replaces the catalogue message when the case needs a more precise one (already localized by the caller). */
    readonly messageOverride?: { vi: string; en: string },
  ) {
    super(code);
    this.name = 'AppError';
  }
}
