import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { createRootLogger } from './logger.js';

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
