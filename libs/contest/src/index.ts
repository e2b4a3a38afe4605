export * from './contest.module.js';
export * from './ranking.js';
export * from './prizes.js';
export * from './suspicious.js';
export { DemoContest } from './rounds/demo-contest.js';
export { PapersAhead } from './rounds/papers-ahead.js';
export { RoundClosing } from './rounds/round-closing.js';
export type { AttemptReview } from './rounds/attempt-reviews.js';
export type { LeaderboardRow } from './rounds/leaderboard.js';
export * from './audience.js';

import { Contest } from './entities/contest.entity.js';
import { ContestRound } from './entities/contest-round.entity.js';
import { RoundRanking } from './entities/round-ranking.entity.js';
import { RoundRegrade } from './entities/round-regrade.entity.js';
import { RoundUnitStat } from './entities/round-unit-stat.entity.js';
export const CONTEST_ENTITIES: (new () => object)[] = [
  Contest,
  ContestRound,
  RoundRanking,
  RoundUnitStat,
  RoundRegrade,
];
