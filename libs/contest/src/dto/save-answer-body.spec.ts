import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ErrorDetail } from '#contracts';
import { AppError } from '#core';
import { parseSaveAnswerBody } from './save-answer-body.js';

const refusal = (body: unknown) => {
  try {
    parseSaveAnswerBody(body);
  } catch (error) {
    return error instanceof AppError
      ? { code: error.code, fields: (error.details as ErrorDetail[]).map((d) => d.field) }
      : error;
  }
  return null;
};

describe('parseSaveAnswerBody', () => {
  it('passes every answer form through, keeping only the fields sent (null kept, undefined dropped)', () => {
    expect(parseSaveAnswerBody({ optionIds: ['a', 'b'] })).toEqual({ optionIds: ['a', 'b'] });
    expect(parseSaveAnswerBody({ text: 'Hải Phòng' })).toEqual({ text: 'Hải Phòng' });
    expect(parseSaveAnswerBody({ value: 1945 })).toEqual({ value: 1945 });
    expect(parseSaveAnswerBody({ pairs: { p1: 'c1' } })).toEqual({ pairs: { p1: 'c1' } });
    expect(parseSaveAnswerBody({ text: null, value: undefined })).toEqual({ text: null });
    expect(Object.keys(parseSaveAnswerBody({ value: undefined }))).toEqual([]);
  });

  it('refuses what is not an object, unknown fields and pairs that are not an object, as VALIDATION_FAILED', () => {
    for (const body of [undefined, null, 'a', 42, ['optionIds']])
      expect(refusal(body)).toEqual({ code: 'VALIDATION_FAILED', fields: [undefined] });
    expect(refusal({ optionIds: ['a'], score: 10, __proto__x: 1 })).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['score', '__proto__x'],
    });
    for (const pairs of [['a'], 'a', 3])
      expect(refusal({ pairs })).toEqual({ code: 'VALIDATION_FAILED', fields: ['pairs'] });
  });

  it('never lets a field it does not know through, whatever the body', () => {
    fc.assert(
      fc.property(fc.anything(), (body) => {
        let parsed: Record<string, unknown>;
        try {
          parsed = parseSaveAnswerBody(body);
        } catch (error) {
          return error instanceof AppError && error.code === 'VALIDATION_FAILED';
        }
        return Object.keys(parsed).every((k) => ['optionIds', 'text', 'value', 'pairs'].includes(k));
      }),
    );
  });
});
