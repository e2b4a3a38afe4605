/**
 * The body of an answer save, checked by hand: thousands of participants save answers every second, and
 * class-transformer + class-validator cost about an eighth of the API's time per save (a profile at 3,500
 * participants). The same rules the pipe applied to SaveAnswerDto (which stays as the documented schema): an object,
 * unknown fields refused, `pairs` an object when given; any failure is VALIDATION_FAILED. Whether the field fits the
 * question is the engine's check (ANSWER_INVALID). Text holding NUL or a lone surrogate never gets here: the
 * app-wide preValidation hook refuses it (VALIDATION_FAILED, one regex test per string), and the engine checks again
 * before an answer joins a batch with other people's.
 */
import type { PipeTransform } from '@nestjs/common';
import type { ErrorDetail } from '#contracts';
import { AppError } from '#core';

const FIELDS = new Set(['optionIds', 'text', 'value', 'pairs']);

/** Only the fields the client sent (the engine checks that exactly the one its question type needs is present). */
export type SaveAnswerBody = Record<string, unknown>;

export function parseSaveAnswerBody(body: unknown): SaveAnswerBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new AppError('VALIDATION_FAILED', [{ message: 'Câu trả lời phải là một đối tượng.' }]);
  const errors: ErrorDetail[] = [];
  const answer: SaveAnswerBody = {};
  for (const [key, value] of Object.entries(body)) {
    if (!FIELDS.has(key)) errors.push({ field: key, message: 'Trường này không được phép.' });
    else if (value !== undefined) answer[key] = value;
  }
  const { pairs } = answer;
  if (pairs !== undefined && pairs !== null && (typeof pairs !== 'object' || Array.isArray(pairs)))
    errors.push({ field: 'pairs', message: 'pairs phải là một đối tượng.' });
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', errors);
  return answer;
}

/** `@Body(SAVE_ANSWER_BODY)`: the parameter's type is a plain record, so the global validation pipe leaves it alone. */
export const SAVE_ANSWER_BODY: PipeTransform<unknown, SaveAnswerBody> = { transform: parseSaveAnswerBody };
