export * from './question-bank.module.js';
export * from './question-bank.reader.js';

// Registered with TypeORM by the app (apps/api/src/entities.ts); the classes themselves stay inside the library.
import { QuestionBank } from './entities/question-bank.entity.js';
import { QuestionCategory } from './entities/question-category.entity.js';
import { QuestionFile } from './entities/question-file.entity.js';
import { QuestionReviewEvent } from './entities/question-review-event.entity.js';
import { QuestionVersion } from './entities/question-version.entity.js';
import { Question } from './entities/question.entity.js';
export const QUESTION_BANK_ENTITIES: (new () => object)[] = [
  QuestionBank,
  QuestionCategory,
  Question,
  QuestionVersion,
  QuestionReviewEvent,
  QuestionFile,
];
export * from './question-bank.events.js';
export { ImportService, DEMO_BANK_NAME } from './imports/import.service.js';
export { searchNormalize } from './questions/question-content.js';
