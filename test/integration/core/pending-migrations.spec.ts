import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { migrate, pendingMigrations } from '../../../apps/api/src/database.js';
import { MIGRATIONS } from '../../../libs/core/src/database/migrations/index.js';
import { adminQuery, databaseUrl, TEST_ENV } from '../../support/test-server.js';

/**
 * The API started on DATABASE_URL without RUN_MIGRATIONS checks that the database is up to date (apps/api/src/main.ts)
 * and stops with what to do otherwise: a newcomer who pointed it at an empty database got "relation system_setting
 * does not exist" from the first query.
 */
describe('pending migrations', () => {
  const serverUrl = process.env[TEST_ENV.serverUrl]!;
  const name = `t_empty_${randomBytes(6).toString('hex')}`;
  const url = databaseUrl(serverUrl, name);
  afterAll(() => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  it('are all of them on an empty database, in the order they apply, and none once it is migrated; read only', async () => {
    await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
    const pending = await pendingMigrations(url);
    expect(pending).toHaveLength(MIGRATIONS.length);
    // Reading left no trace: the migrations table is not created by the check.
    expect(await adminQuery(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).toEqual([]);

    expect(await migrate(url)).toEqual(pending);
    expect(await pendingMigrations(url)).toEqual([]);
  });
});
