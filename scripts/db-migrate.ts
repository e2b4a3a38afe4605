/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (the release step of a multi-instance deployment). */
import { loadConfig } from '#core';
import { migrate } from '../apps/api/src/database.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('Set DATABASE_URL (the embedded database is migrated by the app at start).');
  const applied = await migrate(config.databaseUrl);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
