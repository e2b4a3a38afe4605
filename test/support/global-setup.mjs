// Once per jest run: find or start PostgreSQL, then build a migrated template database that every test file clones
// (CREATE DATABASE … TEMPLATE), so files are isolated without truncating and can run in parallel.
// Jest loads global setup outside its ESM transform, so this runs the swc build that `npm test` made first.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

const dist = path.resolve(import.meta.dirname, '../../dist');

async function adminQuery(serverUrl, sql) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function globalSetup() {
  const { startEmbeddedPostgres } = await import(path.join(dist, 'libs/core/src/database/embedded-postgres.js'));
  const { migrate } = await import(path.join(dist, 'apps/api/src/database.js'));
  let serverUrl;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    serverUrl = url.toString();
  } else {
    // fsync off is for throw-away test data only; the app's embedded server never turns it off.
    const server = await startEmbeddedPostgres({
      // One data directory per run: two jest runs at once must not share (and stop) each other's server.
      dataDir: path.resolve(import.meta.dirname, `../../data/test-postgres-${process.pid}`),
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    serverUrl = server.serverUrl;
    globalThis.__HAIDANG_EMBEDDED_STOP__ = async () => {
      await server.stop();
      await rm(path.resolve(import.meta.dirname, `../../data/test-postgres-${process.pid}`), {
        recursive: true,
        force: true,
      });
    };
  }
  const template = `haidang_tpl_${process.pid}_${Date.now().toString(36)}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${template}"`);
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${template}`;
  await migrate(templateUrl.toString());
  process.env.HAIDANG_TEST_SERVER_URL = serverUrl;
  process.env.HAIDANG_TEST_TEMPLATE = template;
}
