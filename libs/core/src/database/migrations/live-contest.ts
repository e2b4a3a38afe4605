import { LivePlayerAccounts1796416023827 } from './1796416023827-LivePlayerAccounts.js';
import { LiveGameInterrupted1795861350418 } from './1795861350418-LiveGameInterrupted.js';
import { LiveGames1795852450328 } from './1795852450328-LiveGames.js';

/** Migrations of live-contest, oldest first (appended by `npm run db:generate -- Name --lib live-contest`). */
export const LIVE_CONTEST_MIGRATIONS = [
  LiveGames1795852450328,
  LiveGameInterrupted1795861350418,
  LivePlayerAccounts1796416023827,
];
