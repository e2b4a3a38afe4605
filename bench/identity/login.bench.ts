// Sign-in throughput through the HTTP API of one app instance, beside the raw argon2id verify rate (the ceiling)
// measured in the same run, and what a burst beyond the hashing queue gets.
//   npm run build:api && node dist/bench/identity/login.bench.js [concurrency=8] [seconds=10] [burst=600]
// Needs DATABASE_URL (defaults to the machine's PostgreSQL); creates and drops its own database.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import argon2 from 'argon2';
import pg from 'pg';
import { createRootLogger, loadConfig } from '#core';
import { ARGON2_PARAMS } from '#identity';
import { createApp } from '../../apps/api/src/create-app.js';
import { migrate } from '../../apps/api/src/database.js';

const [concurrency = 8, seconds = 10, burstSize = 600] = process.argv.slice(2).map(Number);
const USERS = 200;
const PASSWORD = 'mat-khau-do-kiem';

interface Sample {
  ms: number;
  status: number;
  code?: string;
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function runLoad(
  baseUrl: string,
  mode: string,
  arg: string,
): Promise<{ wallMs: number; samples: Sample[]; probes: Sample[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(import.meta.dirname, 'login-load.js'), baseUrl, mode, arg, String(USERS), PASSWORD],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load exited ${code}`))));
  });
}

/** The ceiling: argon2id verifies/s with the same parallelism the app's hasher allows, nothing else running. */
async function rawVerifyRate(hash: string, parallel: number, ms: number): Promise<number> {
  let done = 0;
  const until = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < until) {
        await argon2.verify(hash, PASSWORD);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `bench_login_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
try {
  await migrate(url.toString());
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: url.toString(),
    LOAD_DEMO_DATA: 'false',
    CERTIFICATE_KEY_SECRET: randomBytes(32).toString('base64url'),
  });
  const app = await createApp(config, url.toString(), createRootLogger('silent'));
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

  // One hash for every bench user: each verify costs the same as with a salt of its own.
  const hash = await argon2.hash(PASSWORD, ARGON2_PARAMS);
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  await db.query(
    `INSERT INTO app_user (username, password_hash, full_name, roles)
     SELECT 'bench' || i, $1, 'Người đo ' || i, '{participant}' FROM generate_series(0, $2 - 1) AS i`,
    [hash, USERS],
  );
  await db.end();

  const parallel = config.passwordHashConcurrency;
  const ceiling = await rawVerifyRate(hash, parallel, 5000);

  await runLoad(baseUrl, 'steady', `${concurrency}:2`); // warm-up
  const steady = await runLoad(baseUrl, 'steady', `${concurrency}:${seconds}`);
  const ok = steady.samples.filter((s) => s.status === 200);
  const latencies = ok.map((s) => s.ms).sort((a, b) => a - b);
  const loginsPerSecond = ok.length / (steady.wallMs / 1000);
  const ceilingAfter = await rawVerifyRate(hash, parallel, 3000);

  const burst = await runLoad(baseUrl, 'burst', String(burstSize));
  const busy = burst.samples.filter((s) => s.code === 'SERVER_BUSY');
  const served = burst.samples.filter((s) => s.status === 200);
  const other = burst.samples.filter((s) => s.status !== 200 && s.code !== 'SERVER_BUSY');
  const busyMs = busy.map((s) => s.ms).sort((a, b) => a - b);
  const servedMs = served.map((s) => s.ms).sort((a, b) => a - b);
  const probeBusy = burst.probes.filter((s) => s.code === 'SERVER_BUSY');
  const probeMs = probeBusy.map((s) => s.ms).sort((a, b) => a - b);

  const result = {
    machine: {
      nproc: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverage: os.loadavg().map((l) => round(l, 2)),
    },
    argon2: {
      ...ARGON2_PARAMS,
      type: 'argon2id',
      hasherConcurrency: parallel,
      queueLimit: config.passwordHashQueueLimit,
    },
    ceiling: { rawVerifiesPerSecond: round(ceiling), afterLoad: round(ceilingAfter) },
    steady: {
      concurrency,
      seconds,
      requests: steady.samples.length,
      ok: ok.length,
      failed: steady.samples.length - ok.length,
      loginsPerSecond: round(loginsPerSecond),
      ratioToCeiling: round(loginsPerSecond / ceiling, 2),
      p50Ms: round(pct(latencies, 50)),
      p99Ms: round(pct(latencies, 99)),
    },
    burst: {
      sentAtOnce: burstSize,
      served: served.length,
      serverBusy: busy.length,
      other: other.length,
      busyP50Ms: round(pct(busyMs, 50)),
      busyMaxMs: round(busyMs.at(-1) ?? NaN),
      probesWhileSaturated: burst.probes.length,
      probesRefusedBusy: probeBusy.length,
      probeBusyP50Ms: round(pct(probeMs, 50)),
      probeBusyMaxMs: round(probeMs.at(-1) ?? NaN),
      servedMaxMs: round(servedMs.at(-1) ?? NaN),
      wallMs: round(burst.wallMs),
    },
  };
  console.log(JSON.stringify(result, null, 2));
  await app.close();
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
