import 'reflect-metadata';
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { type AppConfig, createRootLogger, loadConfig } from '#core';
import { createApp, listen } from './create-app.js';
import { migrate, pendingMigrations, resolveDatabase } from './database.js';
import { seedOnFirstStart } from './seed.js';
import { drainAndClose } from './shutdown.js';
import { type GeneratedAdministrator, printWelcome } from './welcome.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createRootLogger(config.logLevel);
  if (config.apiWorkers > 1 && cluster.isPrimary) await superviseWorkers(config, logger);
  else await serve(config, logger);
}

/**
 * The embedded server or DATABASE_URL, migrated when RUN_MIGRATIONS says so. Otherwise a database that is not up to
 * date stops the start with what to do, rather than the first query's "relation … does not exist" (seen by a
 * newcomer who pointed DATABASE_URL at an empty database).
 */
async function prepareDatabase(config: AppConfig, logger: Logger) {
  const database = await resolveDatabase(config, logger);
  if (config.runMigrations) {
    const applied = await migrate(database.url);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  } else {
    const pending = await pendingMigrations(database.url);
    if (pending.length)
      throw new Error(
        `the database at DATABASE_URL lacks ${pending.length} migration(s), from ${pending[0]}: apply them with ` +
          '`npm run db:migrate` (the release step of a deployment), or start once with RUN_MIGRATIONS=true',
      );
  }
  return database;
}

/** One API process: the whole app, listening (alone, or as one of the workers sharing the port). */
async function serve(config: AppConfig, logger: Logger): Promise<void> {
  const startedAt = Date.now();
  const database = await prepareDatabase(config, logger);
  const app = await createApp(config, database.url, logger);
  // Modules (the job queue, signing keys) must be up before the demo seed uses them.
  await app.init();
  const administrator = await seedOnFirstStart(app, config, logger);
  const stopDatabase = async () => {
    await database.stop().catch((error: unknown) => logger.error({ err: error }, 'stopping PostgreSQL failed'));
  };
  process.once('beforeExit', () => void stopDatabase());
  await listen(app, { port: config.port });
  // PORT=0 takes any free port: the log says which one (tests start instances as child processes this way).
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.info(
    { url, embeddedDatabase: database.embedded, startupMs: Date.now() - startedAt, pid: process.pid },
    'Hải Đăng is ready',
  );
  // A worker of several prints only a password it generated; the primary prints where to go.
  if (cluster.isPrimary || administrator) printWelcome(url, config.webRoot, administrator);
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      void drainAndClose(app, config.shutdownDelayMs, logger)
        .catch((error: unknown) => logger.error({ err: error }, 'closing the app failed'))
        .then(stopDatabase)
        .finally(() => process.exit(0));
    });
  }
}

/**
 * API_WORKERS > 1: this process prepares the database once (embedded server, migrations, demo data), then runs that
 * many API processes on the same port (node:cluster hands connections out in turn), starts a new one when one dies,
 * and on SIGINT/SIGTERM lets them drain before it stops the database.
 */
async function superviseWorkers(config: AppConfig, logger: Logger): Promise<void> {
  const database = await prepareDatabase(config, logger);
  let administrator: GeneratedAdministrator | null = null;
  if (config.loadDemoData) {
    // Once, before the workers start, so they never race to load it.
    const app = await createApp(config, database.url, logger);
    await app.init();
    administrator = await seedOnFirstStart(app, config, logger);
    await app.close();
  }
  cluster.once('listening', (_worker, address) => {
    printWelcome(`http://localhost:${address.port}`, config.webRoot, administrator);
  });
  const workerEnv = { DATABASE_URL: database.url, RUN_MIGRATIONS: 'false', LOAD_DEMO_DATA: 'false' };
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'an API worker stopped; starting another');
    cluster.fork(workerEnv);
  });
  for (let i = 0; i < config.apiWorkers; i++) cluster.fork(workerEnv);
  logger.info({ workers: config.apiWorkers, embeddedDatabase: database.embedded }, 'API workers starting');
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      stopping = true;
      logger.info({ signal }, 'shutting down the API workers');
      const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      const exited = workers.map((w) => new Promise((resolve) => w.once('exit', resolve)));
      for (const w of workers) w.process.kill('SIGTERM');
      void Promise.all(exited)
        .then(() => database.stop())
        .catch((error: unknown) => logger.error({ err: error }, 'stopping PostgreSQL failed'))
        .finally(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
