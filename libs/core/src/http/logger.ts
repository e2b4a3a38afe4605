import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

/**
 * What a database error carries besides its code and message: the statement, its parameters, the driver's own error
 * and PostgreSQL's detail ("Key (…)=(…)"). A grouped write's parameters are many people's ids and answers, so none of
 * this is logged.
 */
const STATEMENT_FIELDS = ['query', 'parameters', 'driverError', 'detail', 'where', 'internalQuery', 'hint'];

export function serializeErrorWithoutStatement(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const field of STATEMENT_FIELDS) delete serialized[field];
  return serialized;
}

/** JSON logs, one line an event (a failed request's line carries its correlation id). */
export function createRootLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'haidang-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeErrorWithoutStatement },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Nest's start-up listing (every module initialized, every route and socket message mapped: about 120 lines) is for
 * whoever debugs the wiring, not for the person starting the platform: LOG_LEVEL=debug shows it.
 */
const WIRING_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController']);

/**
 * Lets Nest's own messages go through the same JSON logger. Code that logs the pino way through Nest's Logger —
 * `logger.error({ err, gameId }, 'closing a question failed')` — reaches here as `(fields, message, context)`: the
 * fields are kept as fields and the message as the message (not "[object Object]").
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, ...params: unknown[]) {
    const entry = nestEntry(message, params);
    const wiring = entry.fields.context !== undefined && WIRING_CONTEXTS.has(entry.fields.context as string);
    if (wiring) this.logger.debug(entry.fields, entry.msg);
    else this.logger.info(entry.fields, entry.msg);
  }
  error(message: unknown, ...params: unknown[]) {
    const entry = nestEntry(message, params, true);
    this.logger.error(entry.fields, entry.msg);
  }
  warn(message: unknown, ...params: unknown[]) {
    const entry = nestEntry(message, params);
    this.logger.warn(entry.fields, entry.msg);
  }
  debug(message: unknown, ...params: unknown[]) {
    const entry = nestEntry(message, params);
    this.logger.debug(entry.fields, entry.msg);
  }
  verbose(message: unknown, ...params: unknown[]) {
    const entry = nestEntry(message, params);
    this.logger.trace(entry.fields, entry.msg);
  }
}

/** Nest calls `(message, context)`, `(message, trace, context)` for errors, or `(fields, message, context)`. */
function nestEntry(
  message: unknown,
  params: unknown[],
  withTrace = false,
): { fields: Record<string, unknown>; msg: string } {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
    const [msg, context] = params;
    return { fields: { ...(message as Record<string, unknown>), context: text(context) }, msg: text(msg) ?? '' };
  }
  if (withTrace) {
    const [trace, context] = params;
    return { fields: { context: text(context), trace: text(trace) }, msg: String(message) };
  }
  return { fields: { context: text(params[0]) }, msg: String(message) };
}

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
