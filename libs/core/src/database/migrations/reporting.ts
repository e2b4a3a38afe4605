/** Migrations of reporting, oldest first (appended by `npm run db:generate -- Name --lib reporting`). */
export const REPORTING_MIGRATIONS: (new () => object)[] = [];
