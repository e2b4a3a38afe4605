import os from 'node:os';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createRootLogger, loadConfig } from '#core';
import { createApp } from '../../apps/api/src/create-app.js';
import { migrate } from '../../apps/api/src/database.js';

/** The whole app (not listening) on a fresh database of the server in DATABASE_URL; dropped by close(). */
export async function startBenchApp() {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_qb_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url.toString(), LOAD_DEMO_DATA: 'false' });
  const app = await createApp(config, url.toString(), createRootLogger('silent'));
  await app.init();
  return {
    app,
    url: url.toString(),
    async close() {
      await app.close();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** The machine, as bench/machine.mjs prints it (that .mjs is not part of the swc build this file runs from). */
export function machineInfo() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
  };
}
