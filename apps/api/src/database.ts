import { buildDataSourceOptions, ensureDatabase, startEmbeddedPostgres, type AppConfig } from '#core';
import type { Logger } from 'pino';
import { DataSource, MigrationExecutor, type DataSourceOptions } from 'typeorm';
import { ALL_ENTITIES, ENTITIES_BY_LIB, type LibName } from './entities.js';

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

export function dataSourceOptions(url: string, poolSize = 10, entities = ALL_ENTITIES): DataSourceOptions {
  return buildDataSourceOptions({ url, poolSize }, entities);
}

/** A short-lived connection to the database at `url` for `use`, closed afterwards. */
async function withDataSource<T>(
  url: string,
  poolSize: number,
  use: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions(url, poolSize));
  await dataSource.initialize();
  try {
    return await use(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Applies pending migrations in one ordered history; returns the names applied. */
export function migrate(url: string): Promise<string[]> {
  return withDataSource(url, 2, async (dataSource) =>
    (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name),
  );
}

/** The migrations not applied yet to the database at `url`, by name, in order (none: it is up to date). Reads only. */
export function pendingMigrations(url: string): Promise<string[]> {
  return withDataSource(url, 1, async (dataSource) =>
    (await new MigrationExecutor(dataSource).getPendingMigrations()).map((m) => m.name),
  );
}

/** Libraries a library's entities may reference (DESIGN.md: dependencies point one way). */
const LIB_DEPENDENCIES: Record<LibName, LibName[]> = {
  core: [],
  identity: ['core'],
  'question-bank': ['core', 'identity'],
  'quiz-engine': ['core', 'identity', 'question-bank'],
  contest: ['core', 'identity', 'question-bank', 'quiz-engine'],
  'live-contest': ['core', 'identity', 'question-bank', 'quiz-engine'],
  course: ['core', 'identity', 'question-bank', 'quiz-engine'],
  certificate: ['core', 'identity'],
  reporting: ['core', 'identity'],
};

export interface SchemaChanges {
  up: string[];
  down: string[];
  /** Pending statements that touch tables of libraries other than the one asked for. */
  foreign: string[];
}

/**
 * The SQL that would bring the schema in line with the entities; empty when migrations and entities agree. With `lib`,
 * only that library's entities (and those it depends on) are compared, so work on two libraries never mixes in one
 * migration.
 */
export async function pendingSchemaChanges(url: string, lib?: LibName): Promise<SchemaChanges> {
  const libs = lib ? [...LIB_DEPENDENCIES[lib], lib] : (Object.keys(ENTITIES_BY_LIB) as LibName[]);
  const dataSource = new DataSource(
    dataSourceOptions(
      url,
      2,
      libs.flatMap((l) => ENTITIES_BY_LIB[l]),
    ),
  );
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    const up = sql.upQueries.map((q) => q.query);
    const own = lib ? ENTITIES_BY_LIB[lib].map((e) => dataSource.getMetadata(e).tableName) : [];
    const foreign = lib ? up.filter((q) => !own.some((table) => q.includes(`"${table}"`))) : [];
    return { up, down: sql.downQueries.map((q) => q.query).reverse(), foreign };
  } finally {
    await dataSource.destroy();
  }
}
