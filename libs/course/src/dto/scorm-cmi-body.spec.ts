import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ErrorDetail } from '#contracts';
import { AppError, createValidationPipe } from '#core';
import { SCORM_LESSON_STATUSES, ScormCmiDto } from './learner.dto.js';
import { parseScormCmiBody } from './scorm-cmi-body.js';

type Outcome = { ok: true; value: Record<string, unknown> } | { ok: false; code: string; fields: string[] };

const sorted = (details: ErrorDetail[]) => [...new Set(details.map((d) => d.field ?? ''))].sort();
const byHand = (body: unknown): Outcome => {
  try {
    return { ok: true, value: { ...parseScormCmiBody(body) } };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ok: false, code: error.code, fields: sorted(error.details as ErrorDetail[]) };
  }
};
const pipe = createValidationPipe();
/** What the app's one ValidationPipe did with the same body as ScormCmiDto (the check this file replaces). */
const byPipe = async (body: unknown): Promise<Outcome> => {
  try {
    const dto = (await pipe.transform(body, { type: 'body', metatype: ScormCmiDto })) as object;
    const value = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined && v !== null));
    return { ok: true, value };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ok: false, code: error.code, fields: sorted(error.details as ErrorDetail[]) };
  }
};

describe('parseScormCmiBody', () => {
  it('passes a runtime commit through, leaving out what was not sent', () => {
    expect(
      parseScormCmiBody({
        lessonStatus: 'passed',
        scoreRaw: 90,
        scoreMin: 0,
        scoreMax: 100,
        suspendData: 'trang=2',
        lessonLocation: 'trang-2',
        sessionTime: '0000:02:30.5',
      }),
    ).toEqual({
      lessonStatus: 'passed',
      scoreRaw: 90,
      scoreMin: 0,
      scoreMax: 100,
      suspendData: 'trang=2',
      lessonLocation: 'trang-2',
      sessionTime: '0000:02:30.5',
    });
    expect(parseScormCmiBody({ lessonStatus: 'incomplete', scoreRaw: null, suspendData: null })).toEqual({
      lessonStatus: 'incomplete',
    });
  });

  it('refuses what is not an object, a missing or unknown status, bad scores, long texts and unknown fields', () => {
    for (const body of [undefined, null, 'passed', 42, [{ lessonStatus: 'passed' }]])
      expect(byHand(body)).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(byHand({})).toEqual({ ok: false, code: 'VALIDATION_FAILED', fields: ['lessonStatus'] });
    expect(byHand({ lessonStatus: 'done-ish' })).toMatchObject({ fields: ['lessonStatus'] });
    expect(
      byHand({ lessonStatus: 'passed', scoreRaw: '90', scoreMin: Infinity, scoreMax: 1_000_001, score: 1 }),
    ).toMatchObject({ fields: ['score', 'scoreMax', 'scoreMin', 'scoreRaw'] });
    expect(
      byHand({
        lessonStatus: 'passed',
        sessionTime: 'x'.repeat(33),
        lessonLocation: 5,
        suspendData: 'x'.repeat(65_537),
      }),
    ).toMatchObject({ fields: ['lessonLocation', 'sessionTime', 'suspendData'] });
    // 65,536 characters of which some are surrogate pairs: longer in UTF-16 units, within the limit as the DTO counts.
    expect(byHand({ lessonStatus: 'passed', suspendData: '😀'.repeat(10) + 'x'.repeat(65_526) })).toMatchObject({
      ok: true,
    });
  });

  it('accepts and refuses exactly what the validation pipe did with ScormCmiDto, with the same fields at fault', async () => {
    const text = (max: number) =>
      fc.oneof(
        fc.string({ maxLength: 8 }),
        fc
          .tuple(fc.integer({ min: max - 3, max: max + 3 }), fc.integer({ min: 0, max: 4 }))
          .map(([n, pairs]) => '😀'.repeat(pairs) + 'a'.repeat(Math.max(0, n - pairs))),
        fc.constant(null),
        fc.integer(),
        fc.array(fc.string(), { maxLength: 2 }),
      );
    const score = fc.oneof(
      fc.double(),
      fc.integer({ min: -1_000_002, max: 1_000_002 }),
      fc.constantFrom(-1_000_000, 1_000_000, -1_000_000.5, 1_000_000.5),
      fc.constant(null),
      fc.string({ maxLength: 3 }),
      fc.boolean(),
    );
    const body = fc.record(
      {
        lessonStatus: fc.oneof(fc.constantFrom(...SCORM_LESSON_STATUSES), fc.string({ maxLength: 6 }), fc.integer()),
        scoreRaw: score,
        scoreMin: score,
        scoreMax: score,
        suspendData: text(65_536),
        lessonLocation: text(1_000),
        sessionTime: text(32),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        expect(byHand(b)).toEqual(await byPipe(b));
      }),
      { numRuns: 300 },
    );
  });
});
