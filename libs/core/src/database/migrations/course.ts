/** Migrations of course, oldest first (appended by `npm run db:generate -- Name --lib course`). */
export const COURSE_MIGRATIONS: (new () => object)[] = [];
