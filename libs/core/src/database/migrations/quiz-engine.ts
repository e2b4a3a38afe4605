import { QuizAttempts1795852308794 } from './1795852308794-QuizAttempts.js';
import { PapersDrawnAhead1796393855935 } from './1796393855935-PapersDrawnAhead.js';

/** Migrations of quiz-engine, oldest first (appended by `npm run db:generate -- Name --lib quiz-engine`). */
export const QUIZ_ENGINE_MIGRATIONS: (new () => object)[] = [QuizAttempts1795852308794, PapersDrawnAhead1796393855935];
