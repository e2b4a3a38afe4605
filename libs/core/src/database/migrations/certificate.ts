/** Migrations of certificate, oldest first (appended by `npm run db:generate -- Name --lib certificate`). */
export const CERTIFICATE_MIGRATIONS: (new () => object)[] = [];
