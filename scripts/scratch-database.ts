import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { ensureDatabase, projectRoot, startEmbeddedPostgres } from '#core';

/**
 * A throw-away database for scripts: on DATABASE_URL's server when set, else on an embedded PostgreSQL kept in
 * data/scripts. Dropped (and the embedded server stopped) by `dispose`.
 */
export async function withScratchDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `haidang_scratch_${randomBytes(4).toString('hex')}`;
  let serverUrl: string;
  let urlFor: (db: string) => string;
  let stop = async () => undefined as void;
  if (process.env.DATABASE_URL) {
    const base = new URL(process.env.DATABASE_URL);
    base.pathname = '/postgres';
    serverUrl = base.toString();
    urlFor = (db) => Object.assign(new URL(serverUrl), { pathname: `/${db}` }).toString();
  } else {
    const server = await startEmbeddedPostgres({ dataDir: path.join(projectRoot(), 'data', 'scripts') });
    serverUrl = server.serverUrl;
    urlFor = server.urlFor;
    stop = server.stop;
  }
  await ensureDatabase(serverUrl, name);
  try {
    return await work(urlFor(name));
  } finally {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
    await stop();
  }
}
