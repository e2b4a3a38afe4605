import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createRootLogger, HealthController, loadConfig } from '#core';
import { createApp, listen } from './create-app.js';
import { migrate, resolveDatabase } from './database.js';
import { seedOnFirstStart } from './seed.js';

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  const logger = createRootLogger(config.logLevel);
  const database = await resolveDatabase(config, logger);
  if (config.runMigrations) {
    const applied = await migrate(database.url);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  }
  const app = await createApp(config, database.url, logger);
  // Modules (the job queue, signing keys) must be up before the demo seed uses them.
  await app.init();
  await seedOnFirstStart(app, config, logger);
  const stopDatabase = async () => {
    await database.stop().catch((error: unknown) => logger.error({ err: error }, 'stopping PostgreSQL failed'));
  };
  process.once('beforeExit', () => void stopDatabase());
  await listen(app, { port: config.port });
  // PORT=0 takes any free port: the log says which one (tests start instances as child processes this way).
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.info({ url, embeddedDatabase: database.embedded, startupMs: Date.now() - startedAt }, 'Hải Đăng is ready');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      // Readiness turns red first so a load balancer stops sending new work while requests drain.
      app.get(HealthController).markShuttingDown();
      void app
        .close()
        .then(stopDatabase)
        .finally(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
