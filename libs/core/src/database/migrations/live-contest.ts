/** Migrations of live-contest, oldest first (appended by `npm run db:generate -- Name --lib live-contest`). */
export const LIVE_CONTEST_MIGRATIONS: (new () => object)[] = [];
