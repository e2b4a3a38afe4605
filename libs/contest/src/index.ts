export * from './contest.module.js';

export const CONTEST_ENTITIES: (new () => object)[] = [];
