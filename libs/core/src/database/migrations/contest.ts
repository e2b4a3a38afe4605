/** Migrations of contest, oldest first (appended by `npm run db:generate -- Name --lib contest`). */
export const CONTEST_MIGRATIONS: (new () => object)[] = [];
