export * from './error-codes.js';
export * from './identity.js';
export * from './question.js';
export * from './live.js';
export * from './events.js';
