import { type ArgumentsHost, Catch, type WsExceptionFilter, Logger } from '@nestjs/common';
import { ERROR_MESSAGES, type LiveAck } from '#contracts';
import { AppError, toErrorBody } from '#core';

/**
 * Turns any error of a socket handler (guard, pipe, service) into the event's ack `{ok:false, error:{code,
 * message}}`. Messages are Vietnamese (players are on phones in a hall); unknown errors reveal nothing.
 */
@Catch()
export class LiveExceptionFilter implements WsExceptionFilter {
  private readonly logger = new Logger('LiveGateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const args = host.getArgs();
    const ack = args.find((a, i) => i > 0 && typeof a === 'function') as ((r: LiveAck<never>) => void) | undefined;
    const { body, unexpected } = toErrorBody(exception, 'vi', 'socket');
    if (unexpected) this.logger.error(exception);
    const code = exception instanceof AppError ? exception.code : body.code;
    ack?.({ ok: false, error: { code, message: body.message ?? ERROR_MESSAGES[code].vi } });
  }
}
