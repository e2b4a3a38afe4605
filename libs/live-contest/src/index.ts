export * from './live-contest.module.js';

export const LIVE_CONTEST_ENTITIES: (new () => object)[] = [];
