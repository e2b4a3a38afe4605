import pg from 'pg';

/** Where the test PostgreSQL is: the machine's (DATABASE_URL) in CI, an embedded one started by global setup otherwise. */
export const TEST_ENV = {
  serverUrl: 'HAIDANG_TEST_SERVER_URL',
  template: 'HAIDANG_TEST_TEMPLATE',
} as const;

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One statement on its own connection to `serverUrl` (a server or one of its databases); returns its rows. */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  serverUrl: string,
  sql: string,
): Promise<R[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}
