/**
 * The body of a SCORM progress save, checked by hand: 2,000 learners commit every 30 s, and class-transformer +
 * class-validator were the largest part of the API's own time per save (as the contest's answer save found; see
 * libs/contest/src/dto/save-answer-body.ts). The same rules the pipe applied to ScormCmiDto, which stays as the
 * documented schema: an object, unknown fields refused, lessonStatus one of SCORM 1.2's, scores finite numbers within
 * ±1,000,000 or null, the texts strings of the same lengths (class-validator's `length`, which counts a surrogate
 * pair as one). Any failure is VALIDATION_FAILED with the fields at fault; a spec checks it against the DTO.
 */
import type { PipeTransform } from '@nestjs/common';
import { length } from 'class-validator';
import type { ErrorDetail } from '#contracts';
import { AppError } from '#core';
import { SCORM_LESSON_STATUSES, type ScormLessonStatus } from './learner.dto.js';

/** cmi.core.* of a save, as the service reads it (absent and null alike mean "not sent"). */
export interface ScormCmi {
  lessonStatus: ScormLessonStatus;
  scoreRaw?: number | null;
  scoreMin?: number | null;
  scoreMax?: number | null;
  suspendData?: string | null;
  lessonLocation?: string | null;
  sessionTime?: string | null;
}

const STATUSES: ReadonlySet<string> = new Set(SCORM_LESSON_STATUSES);
const SCORES = ['scoreRaw', 'scoreMin', 'scoreMax'] as const;
/** Text fields and their longest length (as ScormCmiDto's @Length). */
const TEXTS = { suspendData: 65_536, lessonLocation: 1_000, sessionTime: 32 } as const;
const FIELDS: ReadonlySet<string> = new Set(['lessonStatus', ...SCORES, ...Object.keys(TEXTS)]);
const SCORE_LIMIT = 1_000_000;

export function parseScormCmiBody(body: unknown): ScormCmi {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new AppError('VALIDATION_FAILED', [{ message: 'Dữ liệu SCORM phải là một đối tượng.' }]);
  const input = body as Record<string, unknown>;
  const errors: ErrorDetail[] = [];
  for (const key of Object.keys(input))
    if (!FIELDS.has(key)) errors.push({ field: key, message: 'Trường này không được phép.' });
  const { lessonStatus } = input;
  if (typeof lessonStatus !== 'string' || !STATUSES.has(lessonStatus))
    errors.push({
      field: 'lessonStatus',
      message: `lessonStatus phải là một trong: ${SCORM_LESSON_STATUSES.join(', ')}.`,
    });
  const cmi: ScormCmi = { lessonStatus: lessonStatus as ScormLessonStatus };
  for (const field of SCORES) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < -SCORE_LIMIT || value > SCORE_LIMIT)
      errors.push({ field, message: `${field} phải là một số từ -1.000.000 đến 1.000.000.` });
    else cmi[field] = value;
  }
  for (const [field, max] of Object.entries(TEXTS) as [keyof typeof TEXTS, number][]) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    // A string no longer than max UTF-16 units is within max by any count; only a longer one needs the exact count.
    if (typeof value !== 'string' || (value.length > max && !length(value, 0, max)))
      errors.push({ field, message: `${field} phải là chuỗi dài tối đa ${max} ký tự.` });
    else cmi[field] = value;
  }
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', errors);
  return cmi;
}

/** `@Body(SCORM_CMI_BODY)`: the parameter's type is an interface, so the global validation pipe leaves it alone. */
export const SCORM_CMI_BODY: PipeTransform<unknown, ScormCmi> = { transform: parseScormCmiBody };
