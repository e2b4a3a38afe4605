import { rm } from 'node:fs/promises';
import pg from 'pg';
import { migrate } from '../../../apps/api/src/database.js';
import {
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../../../libs/core/src/database/embedded-postgres.js';

/**
 * A PostgreSQL of the test's own (the embedded server `npm start` uses, on a free port, its own data directory) with
 * the database `haidang` migrated, so a test may restart it: the machine's server is shared by every other test.
 */
export interface PrivatePostgres {
  url: string;
  /** Stops the server (fast shutdown: every connection cut); `up` starts it again on the same port and data. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** A connection to `haidang`, closed by stop(); one open across a restart is cut by it, which is no error here. */
  connect(): Promise<pg.Client>;
  /** Closes the connections, stops the server and removes its data directory. */
  stop(): Promise<void>;
}

// Durability is not what these tests look at, and the machine is shared: no fsync.
const settings = { fsync: 'off', synchronous_commit: 'off' };

export async function startPrivatePostgres(dataDir: string): Promise<PrivatePostgres> {
  let server: EmbeddedDatabase | null = await startEmbeddedPostgres({ dataDir, settings });
  const port = server.port;
  try {
    await ensureDatabase(server.serverUrl, 'haidang');
    await migrate(server.urlFor('haidang'));
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = server.urlFor('haidang');
  const clients: pg.Client[] = [];
  return {
    url,
    connect: async () => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      clients.push(client);
      return client;
    },
    down: async () => {
      await server?.stop();
      server = null;
    },
    up: async () => {
      server ??= await startEmbeddedPostgres({ dataDir, port, settings });
    },
    stop: async () => {
      for (const client of clients.splice(0)) await client.end().catch(() => undefined);
      await server?.stop();
      server = null;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
