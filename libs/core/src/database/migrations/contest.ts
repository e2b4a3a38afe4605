import { ContestRounds1795852358957 } from './1795852358957-ContestRounds.js';
import { RankingPartitions1795900000000 } from './1795900000000-RankingPartitions.js';
import { RoundAudience1796394610366 } from './1796394610366-RoundAudience.js';

/** Migrations of contest, oldest first (appended by `npm run db:generate -- Name --lib contest`). */
export const CONTEST_MIGRATIONS: (new () => object)[] = [
  ContestRounds1795852358957,
  RankingPartitions1795900000000,
  RoundAudience1796394610366,
];
