import { QueryClient } from '@tanstack/react-query';
import type { ErrorBody, ErrorCode, ErrorDetail } from '#contracts';

/**
 * What the admin app and the participants' portal share about talking to the API (the portal imports this file).
 * An error body the API returned ({statusCode, code, message, correlationId, details?}), thrown by `unwrap`.
 */
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
 * Turns an openapi-fetch result into data or a thrown ApiError, so TanStack Query sees failures as errors; a network
 * failure stays fetch's TypeError. Callers keep the typed `data`.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const body = (error && typeof error === 'object' ? error : { message: String(error ?? '') }) as Partial<ErrorBody>;
    throw new ApiError(response.status, body);
  }
  return data as T;
}

/** Whether the API refused a call because the person signed in with a one-time password and must change it first. */
export async function isPasswordChangeRequired(response: Response): Promise<boolean> {
  if (response.status !== 403) return false;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { code?: string } | null;
  return body?.code === 'PASSWORD_CHANGE_REQUIRED';
}

/** Validation details keyed by field path ("options.0.text"), as the API's validation pipe names them. */
export function fieldErrors(error: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (error instanceof ApiError) {
    for (const d of error.details) if (d.field && !map.has(d.field)) map.set(d.field, d.message);
  }
  return map;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will not get better by asking again; a dropped connection might.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}
