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

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
