import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { createRootLogger, PinoNestLogger } from './logger.js';

describe('the root logger', () => {
  it("logs a failed statement's error by its type, message and code, never its query, parameters or detail", () => {
    const lines: string[] = [];
    const logger = createRootLogger('info', { write: (line: string) => void lines.push(line) });
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "uq_user"'), {
      code: '23505',
      detail: 'Key (username)=(nguyen.van.an) already exists.',
      constraint: 'uq_user',
    });
    const error = new QueryFailedError(
      'INSERT INTO quiz_answer SELECT * FROM jsonb_to_recordset($1::jsonb)',
      ['[{"attempt_id":"0b5e…","value":{"text":"câu trả lời của người khác"}}]'],
      driverError,
    );
    logger.error({ err: error, correlationId: 'c-1' }, 'request failed');
    const logged = JSON.parse(lines[0]!) as { err: Record<string, unknown> };
    expect(logged.err).toMatchObject({ type: 'QueryFailedError', code: '23505', constraint: 'uq_user' });
    expect(logged.err.message).toContain('duplicate key value');
    for (const field of ['query', 'parameters', 'driverError', 'detail']) expect(logged.err).not.toHaveProperty(field);
    expect(lines[0]).not.toContain('người khác');
    expect(lines[0]).not.toContain('nguyen.van.an');
  });
});

describe("Nest's logger through the root logger", () => {
  function capture() {
    const lines: string[] = [];
    const root = createRootLogger('debug', { write: (line: string) => void lines.push(line) });
    Logger.overrideLogger(new PinoNestLogger(root));
    return () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('keeps fields logged the pino way as fields, with the message and the context', () => {
    const logged = capture();
    const logger = new Logger('LiveGameEngine');
    logger.error({ err: new Error('store away'), gameId: 'g-1' }, 'closing a question failed');
    logger.warn({ games: ['g-2'] }, 'live games interrupted by a restart');
    const [error, warning] = logged();
    expect(error).toMatchObject({ msg: 'closing a question failed', gameId: 'g-1', context: 'LiveGameEngine' });
    expect(error!.err).toMatchObject({ message: 'store away' });
    expect(warning).toMatchObject({ msg: 'live games interrupted by a restart', games: ['g-2'] });
  });

  it('keeps plain messages, an error trace, and the wiring listing at debug', () => {
    const logged = capture();
    new Logger('WriteBatcher').warn('writes: a statement of 2 failed');
    new Logger('ExceptionsHandler').error('boom', 'Error: boom\n    at x');
    new Logger('RoutesResolver').log('Mapped {/api/v1/units, GET}');
    const [warning, error, wiring] = logged();
    expect(warning).toMatchObject({ msg: 'writes: a statement of 2 failed', context: 'WriteBatcher' });
    expect(error).toMatchObject({ msg: 'boom', context: 'ExceptionsHandler', trace: 'Error: boom\n    at x' });
    expect(wiring).toMatchObject({ msg: 'Mapped {/api/v1/units, GET}', level: 20 });
  });
});
