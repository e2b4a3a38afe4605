import { BankArchive1796404130000 } from './1796404130000-BankArchive.js';
import { BankImportMapping1796394005190 } from './1796394005190-BankImportMapping.js';
import { QuestionBank1795851223880 } from './1795851223880-QuestionBank.js';

/** Migrations of question-bank, oldest first (appended by `npm run db:generate -- Name --lib question-bank`). */
export const QUESTION_BANK_MIGRATIONS: (new () => object)[] = [
  QuestionBank1795851223880,
  BankImportMapping1796394005190,
  BankArchive1796404130000,
];
