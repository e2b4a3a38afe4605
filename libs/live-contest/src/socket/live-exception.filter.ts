import { type ArgumentsHost, Catch, type WsExceptionFilter, Logger } from '@nestjs/common';
import { ERROR_MESSAGES, type LiveAck } from '#contracts';
import { AppError, toErrorBody } from '#core';

const logger = new Logger('LiveGateway');

/**
 * The ack of a failed socket event: `{ok:false, error:{code, message}}`. Messages are Vietnamese (players are on
 * phones in a hall); unknown errors reveal nothing and are logged.
 */
export function errorAck(exception: unknown): LiveAck<never> {
  const { body, unexpected } = toErrorBody(exception, 'vi', 'socket');
  if (unexpected) logger.error(exception);
  const code = exception instanceof AppError ? exception.code : body.code;
  return { ok: false, error: { code, message: body.message ?? ERROR_MESSAGES[code].vi } };
}

/** Turns any error of a socket handler (guard, pipe, service) into the event's ack. */
@Catch()
export class LiveExceptionFilter implements WsExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const args = host.getArgs();
    const ack = args.find((a, i) => i > 0 && typeof a === 'function') as ((r: LiveAck<never>) => void) | undefined;
    ack?.(errorAck(exception));
  }
}
