import { AttemptPolicies } from './attempt-policies.js';
import { AttemptReviews } from './attempt-reviews.js';
import { DemoContest } from './demo-contest.js';
import { RoundLeaderboard } from './leaderboard.js';
import { PapersAhead } from './papers-ahead.js';
import { ParticipantAttempts } from './participant-attempts.js';
import { RoundAccess } from './round-access.js';
import { RoundAnalysis } from './round-analysis.js';
import { RoundAuthoring } from './round-authoring.js';
import { RoundCache } from './round-cache.js';
import { RoundClosing } from './round-closing.js';
import { RoundExports } from './round-exports.js';
import { RoundPrizes } from './round-prizes.js';
import { RoundRecipientsPort } from './round-recipients.port.js';
import { RoundRegrading } from './round-regrading.js';
import { UnitStatistics } from './unit-statistics.js';

/** The providers a contest's rounds are run by (one instance each per app), for the module to list. */
export const ROUND_PARTS = [
  RoundCache,
  AttemptPolicies,
  RoundAccess,
  RoundAuthoring,
  ParticipantAttempts,
  AttemptReviews,
  PapersAhead,
  RoundClosing,
  RoundLeaderboard,
  RoundPrizes,
  UnitStatistics,
  RoundAnalysis,
  RoundRegrading,
  RoundExports,
  DemoContest,
  RoundRecipientsPort,
];
