import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export interface RequestContext {
  correlationId: string;
  language: 'vi' | 'en';
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Vietnamese unless the caller prefers English first. */
export function languageOf(acceptLanguage: string | undefined): 'vi' | 'en' {
  if (!acceptLanguage) return 'vi';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}

const CORRELATION_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Express middleware: takes a sane incoming X-Correlation-Id or makes one, and echoes it in the response. */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-correlation-id');
  const correlationId = incoming && CORRELATION_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Correlation-Id', correlationId);
  const context: RequestContext = { correlationId, language: languageOf(req.header('accept-language')) };
  (req as Request & { context?: RequestContext }).context = context;
  storage.run(context, next);
}

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}
