import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, fillConnectionPool, openConnections } from '../../../libs/core/src/index.js';
import { adminQuery, TEST_ENV } from '../../support/test-server.js';

/**
 * The API's database connections are opened before a known rush and kept (#19): a connection opened during a round's
 * opening cost the first saves 22–230 ms on two busy cores.
 */
describe('the connection pool', () => {
  const serverUrl = process.env[TEST_ENV.serverUrl]!;
  const opened: DataSource[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((d) => d.destroy()));
  });

  /** A data source as the API builds it, its idle timeout shortened so the test need not wait 10 s to see it act. */
  async function dataSource(poolSize: number, extra: Record<string, unknown> = {}, url = serverUrl) {
    const name = `pool_${randomBytes(4).toString('hex')}`;
    const options = buildDataSourceOptions({ url, poolSize, applicationName: name }, []);
    const d = new DataSource({
      ...options,
      migrations: [],
      extra: { ...(options as { extra: object }).extra, idleTimeoutMillis: 50, ...extra },
    } as typeof options);
    await d.initialize();
    opened.push(d);
    const backends = async () =>
      (
        await adminQuery<{ n: number }>(
          serverUrl,
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = '${name}'`,
        )
      )[0]!.n;
    return { d, name, backends };
  }
  const idleFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('is opened in full before a rush and kept however long it stays idle', async () => {
    const { d, backends } = await dataSource(4);
    expect(await fillConnectionPool(d)).toBe(4);
    expect(await backends()).toBe(4);

    await idleFor(400); // eight idle timeouts
    expect(openConnections(d)).toBe(4);
    expect(await backends()).toBe(4);
    // Full already: nothing more is opened.
    expect(await fillConnectionPool(d)).toBe(4);
    expect(await backends()).toBe(4);
  });

  it('is opened in full again after connections died (a database restart)', async () => {
    const { d, name, backends } = await dataSource(3);
    await fillConnectionPool(d);
    await adminQuery(
      serverUrl,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${name}' LIMIT 1`,
    );
    await idleFor(100);
    expect(openConnections(d)).toBe(2);

    expect(await fillConnectionPool(d)).toBe(3);
    expect(await backends()).toBe(3);
    // The connections work.
    expect(await d.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('gives back what it opened when some connections cannot be opened', async () => {
    // A role allowed two connections: of the pool's four, two open and two are refused by the server.
    const role = `pool_limited_${randomBytes(4).toString('hex')}`;
    // With a password: the embedded server of `npm test` asks for one (the machine's trusts).
    await adminQuery(serverUrl, `CREATE ROLE ${role} LOGIN CONNECTION LIMIT 2 PASSWORD '${role}'`);
    try {
      const url = new URL(serverUrl);
      url.username = role;
      url.password = role;
      const { d } = await dataSource(4, {}, url.toString());
      await expect(fillConnectionPool(d)).rejects.toThrow(/too many connections/);
      // Nothing held: the two that opened are idle and serve queries.
      expect(openConnections(d)).toBe(2);
      await expect(Promise.all([d.query('SELECT 1'), d.query('SELECT 2')])).resolves.toHaveLength(2);
      // Closed before its role is dropped.
      await Promise.all(opened.splice(0).map((o) => o.destroy()));
    } finally {
      await adminQuery(serverUrl, `DROP ROLE IF EXISTS ${role}`);
    }
  });

  it('without the kept minimum, idle connections close (what the API had: a rush reopened them)', async () => {
    const { d, backends } = await dataSource(4, { min: 0 });
    await fillConnectionPool(d);
    await idleFor(400);
    expect(openConnections(d)).toBe(0);
    expect(await backends()).toBe(0);
  });
});
