// `npm run test:browser`: builds the API and the web apps, starts the real API (node dist/apps/api/src/main.js) on a
// fresh PostgreSQL database with the demo data, drives the admin app in headless Debian Chromium (playwright-core, no
// browser download), and runs test/browser/*.test.mjs one after another. Screenshots go to docs/screenshots/.
// Ends with "N passed, N failed" and a non-zero exit on any failure. `--no-build` reuses dist/ and apps/*/dist.
// Arguments that are not flags filter tests by name.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('--'));
const CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));

function step(command, commandArgs) {
  const r = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`test:browser: ${command} ${commandArgs.join(' ')} failed`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

async function adminQuery(serverUrl, sql) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database on DATABASE_URL's server, or on an embedded PostgreSQL started for this run. */
async function freshDatabase() {
  const name = `browser_${randomBytes(4).toString('hex')}`;
  if (process.env.DATABASE_URL) {
    const server = new URL(process.env.DATABASE_URL);
    server.pathname = '/postgres';
    await adminQuery(server.toString(), `CREATE DATABASE "${name}"`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: () => adminQuery(server.toString(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  }
  const { startEmbeddedPostgres } = await import(
    pathToFileURL(path.join(root, 'dist/libs/core/src/database/embedded-postgres.js'))
  );
  const dataDir = path.join(root, 'data', `browser-postgres-${process.pid}`);
  const server = await startEmbeddedPostgres({ dataDir, settings: { fsync: 'off', synchronous_commit: 'off' } });
  await adminQuery(server.serverUrl, `CREATE DATABASE "${name}"`);
  return {
    url: server.urlFor(name),
    drop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitForReady(baseUrl, api) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API exited with ${api.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the API did not become ready within 90 s');
}

async function main() {
  if (!CHROMIUM) {
    console.error(
      'test:browser: no Chromium at /usr/lib/chromium/chromium; install it with `apt-get install -y chromium`',
    );
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  if (!args.includes('--no-build')) {
    step('npm', ['run', '-s', 'build:api']);
    step(process.execPath, ['scripts/build-web.mjs']);
  }
  const database = await freshDatabase();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const adminPassword = `Browser-${randomBytes(6).toString('hex')}`;
  let apiLog = '';
  const api = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      CERTIFICATE_KEY_SECRET: randomBytes(32).toString('base64url'),
      RUN_MIGRATIONS: 'true',
      LOAD_DEMO_DATA: 'true',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: adminPassword,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api.stdout.on('data', (d) => (apiLog += d));
  api.stderr.on('data', (d) => (apiLog += d));
  let browser;
  let passed = 0;
  let failed = 0;
  try {
    await waitForReady(baseUrl, api);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const { collectTests } = await import(pathToFileURL(path.join(root, 'test/browser/harness.mjs')));
    const files = readdirSync(path.join(root, 'test/browser'))
      .filter((f) => f.endsWith('.test.mjs'))
      .sort();
    const env = {
      baseUrl,
      browser,
      admin: { username: 'admin', password: adminPassword },
      root,
      databaseUrl: database.url,
    };
    mkdirSync(path.join(root, 'test-results'), { recursive: true });
    mkdirSync(path.join(root, 'docs', 'screenshots'), { recursive: true });
    for (const file of files) {
      const tests = await collectTests(pathToFileURL(path.join(root, 'test/browser', file)));
      for (const test of tests) {
        const name = `${file.replace('.test.mjs', '')} › ${test.name}`;
        if (filters.length && !filters.some((f) => name.includes(f))) continue;
        const started = Date.now();
        const context = await browser.newContext({
          locale: 'vi-VN',
          timezoneId: 'Asia/Ho_Chi_Minh',
          acceptDownloads: true,
          viewport: { width: 1366, height: 900 },
        });
        const page = await context.newPage();
        const pageErrors = [];
        page.on('pageerror', (e) => pageErrors.push(e.message));
        // Chromium reports what the Content-Security-Policy refused as a console error: the app must need nothing of it.
        // Inline event handlers excepted: React never writes one, and Chromium also reports those it finds while
        // DOMPurify parses hostile HTML in an inert document (where nothing could run anyway).
        page.on('console', (m) => {
          const text = m.text();
          if (
            m.type() === 'error' &&
            text.includes('Content Security Policy') &&
            !text.includes('inline event handler')
          )
            pageErrors.push(text);
        });
        page.on('dialog', (d) => {
          // A dialog means script from question text ran: the test fails below.
          pageErrors.push(`unexpected dialog: ${d.message()}`);
          void d.dismiss();
        });
        try {
          await test.fn({ ...env, page, context });
          if (pageErrors.length) throw new Error(`errors in the page: ${pageErrors.join('; ')}`);
          passed++;
          console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
        } catch (error) {
          failed++;
          console.log(
            `  ✗ ${name}\n    ${String(error?.stack ?? error)
              .split('\n')
              .slice(0, 6)
              .join('\n    ')}`,
          );
          await page
            .screenshot({ path: path.join(root, 'test-results', `${name.replace(/[^\w]+/g, '-')}.png`) })
            .catch(() => undefined);
        } finally {
          await context.close();
        }
      }
    }
  } catch (error) {
    failed++;
    console.error(error);
    if (apiLog) console.error(`--- API output ---\n${apiLog.slice(-4000)}`);
  } finally {
    await browser?.close().catch(() => undefined);
    api.kill('SIGTERM');
    await new Promise((r) => (api.exitCode !== null ? r() : api.once('exit', r)));
    await database.drop().catch((e) => console.error('dropping the test database failed', e));
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

void main();
