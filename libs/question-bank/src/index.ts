export * from './question-bank.module.js';

export const QUESTION_BANK_ENTITIES: (new () => object)[] = [];
export * from './question-bank.reader.js';
