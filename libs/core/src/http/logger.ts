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

/** Lets Nest's own messages go through the same JSON logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    if (context !== undefined && WIRING_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
