import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import request from 'supertest';

/** The repository, also when this file runs from its build in dist/ (bench/faults starts API processes too). */
const ROOT = path.resolve(
  import.meta.dirname,
  path.basename(path.resolve(import.meta.dirname, '../..')) === 'dist' ? '../../..' : '../..',
);
/** The built API entry that `npm start` runs (`npm test` builds dist/ before jest starts). */
const MAIN = path.join(ROOT, 'dist/apps/api/src/main.js');

export interface ApiProcess {
  /** Its INSTANCE_ID when one was given (live games name their clock lease after it). */
  name: string;
  baseUrl: string;
  http: ReturnType<typeof request>;
  child: ChildProcess;
  /** Output so far, for a failing test's message. */
  output(): string;
  /** Sends a signal and waits for the process to be gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  readonly alive: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `check` holds, or fails after `timeoutMs` (a bound against hanging, not an assertion on speed). */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The API as its own process (node on the built entry), against an existing database: what a deployment runs, so a
 * test can SIGKILL it mid-request and start another on the same data. No migrations (the database is migrated), no
 * demo data, no Redis. Resolves once readiness is green.
 */
export async function startApiProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      RUN_MIGRATIONS: 'false',
      LOAD_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      ADMIN_PASSWORD: 'mat-khau-quan-tri-thu-nghiem',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const api: ApiProcess = {
    name: env.INSTANCE_ID ?? 'api',
    baseUrl,
    http: request(baseUrl),
    child,
    output: () => output,
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  try {
    await waitFor(
      'the API process to be ready',
      async () => child.exitCode !== null || (await fetch(`${baseUrl}/api/v1/health`)).status === 200,
    );
    if (child.exitCode !== null) throw new Error('the API exited early');
  } catch (error) {
    await api.kill();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return api;
}
