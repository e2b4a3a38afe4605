import { CERTIFICATE_ENTITIES } from '#certificate';
import { CORE_ENTITIES } from '#core';
import { CONTEST_ENTITIES } from '#contest';
import { COURSE_ENTITIES } from '#course';
import { IDENTITY_ENTITIES } from '#identity';
import { LIVE_CONTEST_ENTITIES } from '#live-contest';
import { QUESTION_BANK_ENTITIES } from '#question-bank';
import { QUIZ_ENGINE_ENTITIES } from '#quiz-engine';
import { REPORTING_ENTITIES } from '#reporting';

/** Every entity of every domain library, by library: the app is the one place that knows them all. */
export const ENTITIES_BY_LIB = {
  core: CORE_ENTITIES,
  identity: IDENTITY_ENTITIES,
  'question-bank': QUESTION_BANK_ENTITIES,
  'quiz-engine': QUIZ_ENGINE_ENTITIES,
  contest: CONTEST_ENTITIES,
  'live-contest': LIVE_CONTEST_ENTITIES,
  course: COURSE_ENTITIES,
  certificate: CERTIFICATE_ENTITIES,
  reporting: REPORTING_ENTITIES,
} as const;

export type LibName = keyof typeof ENTITIES_BY_LIB;

export const ALL_ENTITIES = Object.values(ENTITIES_BY_LIB).flat();
