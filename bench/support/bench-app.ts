import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { createRootLogger, loadConfig } from '#core';
import { UnitTreeWriter } from '#identity';
import { createApp, listen } from '../../apps/api/src/create-app.js';
import { migrate } from '../../apps/api/src/database.js';

/**
 * The whole app on a fresh database of the server in DATABASE_URL, dropped by close(); `listen` also serves HTTP on a
 * free loopback port (baseUrl) for a load generator in another process. BENCH_KEEP_DATABASE=1 keeps the database for
 * reading its plans afterwards (its name is printed).
 */
export async function startBenchApp(options: { prefix: string; listen?: boolean; nodeEnv?: 'test' | 'production' }) {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_${options.prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const config = loadConfig({
    NODE_ENV: options.nodeEnv ?? 'test',
    DATABASE_URL: url.toString(),
    LOAD_DEMO_DATA: 'false',
    // Production requires it (the signing keys are encrypted under it). A fresh database each run, so any will do; in
    // process.env so the API processes a bench spawns on the same database (contest's workers) open the same keys.
    CERTIFICATE_KEY_SECRET: (process.env.CERTIFICATE_KEY_SECRET ||= randomBytes(32).toString('base64url')),
  });
  const app = await createApp(config, url.toString(), createRootLogger('silent'));
  let baseUrl = '';
  if (options.listen) {
    await listen(app, { port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  } else {
    await app.init();
  }
  return {
    app,
    name,
    url: url.toString(),
    baseUrl,
    async close() {
      await app.close();
      if (process.env.BENCH_KEEP_DATABASE === '1') console.error(`kept database ${name}`);
      else await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** A one-unit tree (the city, no member counts) for a bench's people; returns the unit's id. */
export async function writeBenchCity(bench: { app: INestApplication }, db: pg.Pool): Promise<string> {
  await bench.app.get(UnitTreeWriter).writeTree([
    {
      code: 'city',
      name: 'Thành đoàn đo hiệu năng',
      fullName: null,
      kind: 'city',
      parentCode: null,
      counts: { cadres: 0, members: 0, youth: 0, teens: 0 },
    },
  ]);
  return (await db.query<{ id: string }>("SELECT id FROM org_unit WHERE code = 'city'")).rows[0]!.id;
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
