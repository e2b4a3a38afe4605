export * from './certificate.module.js';

// Registered with TypeORM by the app (apps/api/src/entities.ts); the classes themselves stay inside the library.
export const CERTIFICATE_ENTITIES: (new () => object)[] = [];
