import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  applicationName?: string;
}

type EntityList = MixedList<string | (new (...args: never[]) => unknown) | EntitySchema>;

/**
 * The one description of the database used by the app, the tests and the migration scripts. The entity list comes
 * from the app, which knows every domain module; core only knows the ordered migration history.
 */
export function buildDataSourceOptions(settings: DatabaseSettings, entities: EntityList): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    parseInt8: true,
    poolSize: settings.poolSize,
    connectTimeoutMS: 5000,
    extra: {
      application_name: settings.applicationName ?? 'haidang',
      // A dead database must fail requests quickly rather than pile them up.
      connectionTimeoutMillis: 5000,
      // Connections are kept once opened, never closed for being idle: one opened in a rush (a round's opening after a
      // quiet hour) cost its requests 22–230 ms on two busy cores. fillConnectionPool opens them before a known rush.
      min: settings.poolSize,
    },
  };
}
