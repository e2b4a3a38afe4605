import { ERROR_MESSAGES, type ErrorBody, type ErrorCode, type ErrorDetail } from '#contracts';
import i18n from '../i18n';

/** An error body the API returned ({statusCode, code, message, correlationId, details?}), thrown by `unwrap`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ErrorBody>,
  ) {
    super(body.message ?? `HTTP ${status}`);
  }

  get code(): ErrorCode | undefined {
    return this.body.code;
  }

  /** Per-field or per-line details (validation, import errors); [] when the API sent none. */
  get details(): ErrorDetail[] {
    return Array.isArray(this.body.details) ? this.body.details : [];
  }
}

/**
 * Turns an openapi-fetch result into data or a thrown ApiError, so TanStack Query sees failures as errors.
 * Callers keep the typed `data`.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const body = (error && typeof error === 'object' ? error : { message: String(error ?? '') }) as Partial<ErrorBody>;
    throw new ApiError(response.status, body);
  }
  return data as T;
}

/** What to show a person: the message for the error code in the chosen language, else the API's own message. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const code = error.code;
    if (code && code in ERROR_MESSAGES) {
      const lang = i18n.language === 'en' ? 'en' : 'vi';
      return ERROR_MESSAGES[code][lang];
    }
    return error.message;
  }
  if (error instanceof TypeError) return i18n.t('errors.network');
  return i18n.t('errors.unknown');
}

/** Validation details keyed by field path ("options.0.text"), as the API's validation pipe names them. */
export function fieldErrors(error: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (error instanceof ApiError) {
    for (const d of error.details) if (d.field && !map.has(d.field)) map.set(d.field, d.message);
  }
  return map;
}
