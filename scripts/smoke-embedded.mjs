// Starts the platform the way a newcomer does (`npm start`, no DATABASE_URL: embedded PostgreSQL, demo data) in a
// fresh data directory, waits until /api/v1/health answers ok, checks the demo data, then stops it gracefully.
// Exits non-zero on any failure. Prints the time from start to healthy.
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs `npm start` in a fresh DATA_DIR; resolves with timings once healthy. */
export async function startFresh({ dataDir, keep = false } = {}) {
  await mkdir(path.join(root, 'data'), { recursive: true });
  const dir = dataDir ?? (await mkdtemp(path.join(root, 'data', 'smoke-')));
  await chmod(dir, 0o755);
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dir,
    ADMIN_PASSWORD: 'smoke-test-password',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.NODE_ENV;
  const started = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited early (${child.exitCode}):\n${output}`);
    if (performance.now() - started > 90_000) {
      child.kill('SIGKILL');
      throw new Error(`not healthy within 90 s:\n${output}`);
    }
    try {
      const res = await fetch(`${base}/api/v1/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const healthyMs = performance.now() - started;
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 20_000))]);
    if (code === 'timeout') child.kill('SIGKILL');
    if (!keep) await rm(dir, { recursive: true, force: true });
    return code;
  };
  return { base, healthyMs, stop, dir, output: () => output };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const app = await startFresh();
  try {
    const units = await (await fetch(`${app.base}/api/v1/units`)).json();
    if (!Array.isArray(units) || units.length !== 1)
      throw new Error(`expected the demo unit tree, got ${JSON.stringify(units)}`);
    const login = await fetch(`${app.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'smoke-test-password' }),
    });
    if (login.status !== 200) throw new Error(`admin sign-in failed: ${login.status} ${await login.text()}`);
    const { port } = new URL(app.base);
    for (const where of [`localhost:${port}/admin`, `localhost:${port}/api/docs`])
      if (!app.output().includes(where)) throw new Error(`npm start did not print where to go (${where})`);
    console.log(
      `smoke: embedded start healthy in ${(app.healthyMs / 1000).toFixed(1)} s; demo units, admin sign-in and the printed addresses ok`,
    );
  } catch (error) {
    console.error(app.output());
    throw error;
  } finally {
    const code = await app.stop();
    if (code !== 0 && code !== null) {
      console.error(`graceful stop exited with ${code}`);
      process.exitCode = 1;
    }
  }
  // fetch keeps idle connections alive; do not wait for them.
  process.exit();
}
