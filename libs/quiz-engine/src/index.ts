export * from './quiz-engine.module.js';

export const QUIZ_ENGINE_ENTITIES: (new () => object)[] = [];
