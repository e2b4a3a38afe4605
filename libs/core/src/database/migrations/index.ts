import { CERTIFICATE_MIGRATIONS } from './certificate.js';
import { CONTEST_MIGRATIONS } from './contest.js';
import { COURSE_MIGRATIONS } from './course.js';
import { IDENTITY_MIGRATIONS } from './identity.js';
import { LIVE_CONTEST_MIGRATIONS } from './live-contest.js';
import { QUESTION_BANK_MIGRATIONS } from './question-bank.js';
import { QUIZ_ENGINE_MIGRATIONS } from './quiz-engine.js';
import { REPORTING_MIGRATIONS } from './reporting.js';

/** The timestamp a generated migration's class name ends with. */
const timestampOf = (migration: new () => object) => Number(/(\d{13})$/.exec(migration.name)?.[1] ?? 0);

/**
 * One ordered history for every domain library. Each library lists its own migrations in its own file (so work on
 * two libraries never edits the same list); here they are merged in timestamp order.
 */
export const MIGRATIONS: (new () => object)[] = [
  ...IDENTITY_MIGRATIONS,
  ...QUESTION_BANK_MIGRATIONS,
  ...QUIZ_ENGINE_MIGRATIONS,
  ...CONTEST_MIGRATIONS,
  ...LIVE_CONTEST_MIGRATIONS,
  ...COURSE_MIGRATIONS,
  ...CERTIFICATE_MIGRATIONS,
  ...REPORTING_MIGRATIONS,
].sort((a, b) => timestampOf(a) - timestampOf(b));
