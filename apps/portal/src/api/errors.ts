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

  get details(): ErrorDetail[] {
    return Array.isArray(this.body.details) ? this.body.details : [];
  }
}

/** An openapi-fetch result as data or a thrown ApiError; a network failure stays the fetch's TypeError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const body = (error && typeof error === 'object' ? error : { message: String(error ?? '') }) as Partial<ErrorBody>;
    throw new ApiError(response.status, body);
  }
  return data as T;
}

/** No answer from the server at all (offline, dropped connection), as opposed to an answer that says no. */
export const isNetworkError = (error: unknown): boolean => error instanceof TypeError;

/** What to show a person: the message for the error code in the chosen language, else the API's own message. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const code = error.code;
    if (code && code in ERROR_MESSAGES) return ERROR_MESSAGES[code][i18n.language === 'en' ? 'en' : 'vi'];
    return error.message;
  }
  if (isNetworkError(error)) return i18n.t('errors.network');
  return i18n.t('errors.unknown');
}

/** Validation details keyed by field ("birthDate"), as the API's validation pipe names them. */
export function fieldErrors(error: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (error instanceof ApiError) {
    for (const d of error.details) if (d.field && !map.has(d.field)) map.set(d.field, d.message);
  }
  return map;
}
