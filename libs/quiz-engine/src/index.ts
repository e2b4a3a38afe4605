export * from './quiz-engine.module.js';
export * from './scoring.js';

export const QUIZ_ENGINE_ENTITIES: (new () => object)[] = [];
