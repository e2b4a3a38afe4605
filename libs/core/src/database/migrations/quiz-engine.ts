/** Migrations of quiz-engine, oldest first (appended by `npm run db:generate -- Name --lib quiz-engine`). */
export const QUIZ_ENGINE_MIGRATIONS: (new () => object)[] = [];
