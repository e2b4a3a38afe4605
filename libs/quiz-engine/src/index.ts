export * from './quiz-engine.module.js';
export * from './scoring.js';
export { ANSWER_GRACE_SECONDS, returnedRows, type AttemptRow } from './attempt.repository.js';
export * from './attempt-ledger.js';
export * from './quiz-engine-sql.js';
export * from './attempt.service.js';
export { startResponseBody } from './public-paper-json.js';
export * from './paper.js';
export * from './random.js';
export * from './item-analysis.js';
export * from './review.js';

// Registered with TypeORM by the app (apps/api/src/entities.ts); the classes themselves stay inside the library.
import { QuizAnswer } from './entities/quiz-answer.entity.js';
import { QuizAttempt } from './entities/quiz-attempt.entity.js';
import { QuizPaper } from './entities/quiz-paper.entity.js';
export const QUIZ_ENGINE_ENTITIES: (new () => object)[] = [QuizAttempt, QuizAnswer, QuizPaper];
