/** Migrations of question-bank, oldest first (appended by `npm run db:generate -- Name --lib question-bank`). */
export const QUESTION_BANK_MIGRATIONS: (new () => object)[] = [];
