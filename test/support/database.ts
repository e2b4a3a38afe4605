import { randomBytes } from 'node:crypto';
import { adminQuery, databaseUrl, TEST_ENV } from './test-server.js';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template: call in beforeAll, drop in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env[TEST_ENV.serverUrl];
  const template = process.env[TEST_ENV.template];
  if (!serverUrl || !template) throw new Error('the jest global setup did not run');
  const name = `t_${randomBytes(6).toString('hex')}`;
  // Cloning fails if anyone is connected to the template; retry briefly since other files clone it at the same time.
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      break;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return {
    url: databaseUrl(serverUrl, name),
    name,
    drop: async () => void (await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}
