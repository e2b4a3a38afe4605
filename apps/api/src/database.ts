import { buildDataSourceOptions, ensureDatabase, startEmbeddedPostgres, type AppConfig } from '#core';
import type { Logger } from 'pino';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_ENTITIES } from './entities.js';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL in DATA_DIR, started here. Same SQL either way. */
export async function resolveDatabase(config: AppConfig, logger: Logger): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  logger.info({ dataDir: config.dataDir }, 'starting the embedded PostgreSQL');
  const server = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    log: (message) => logger.debug({ component: 'postgres' }, message),
  });
  await ensureDatabase(server.serverUrl, 'haidang');
  return { url: server.urlFor('haidang'), embedded: true, stop: () => server.stop() };
}

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return buildDataSourceOptions({ url, poolSize }, ALL_ENTITIES);
}

/** Applies pending migrations in one ordered history; returns the names applied. */
export async function migrate(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/** The SQL that would bring the schema in line with the entities; empty when migrations and entities agree. */
export async function pendingSchemaChanges(url: string): Promise<{ up: string[]; down: string[] }> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return { up: sql.upQueries.map((q) => q.query), down: sql.downQueries.map((q) => q.query).reverse() };
  } finally {
    await dataSource.destroy();
  }
}
