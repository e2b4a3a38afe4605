import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** A stand-in for the built web apps (WEB_ROOT/<app>/dist), so the test needs no Vite build. */
function fakeWebRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'haidang-web-'));
  for (const app of ['admin', 'portal']) {
    mkdirSync(path.join(root, app, 'dist', 'assets'), { recursive: true });
    writeFileSync(path.join(root, app, 'dist', 'index.html'), `<!doctype html><title>${app}</title>`);
    writeFileSync(path.join(root, app, 'dist', 'assets', 'index-abc.js'), 'console.log(1);');
  }
  return root;
}

/** The CSP of a response as a map of directive → sources. */
function csp(res: request.Response): Record<string, string[]> {
  const header = res.headers['content-security-policy'] as string | undefined;
  expect(header).toBeDefined();
  return Object.fromEntries(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

function expectCommonHeaders(res: request.Response): void {
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(csp(res)['frame-ancestors']).toEqual(["'none'"]);
  // Plain HTTP: no promise of HTTPS.
  expect(res.headers['strict-transport-security']).toBeUndefined();
}

describe('browser security headers', () => {
  let t: TestApp;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = fakeWebRoot();
    t = await startTestApp({ WEB_ROOT: webRoot });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('locks an API answer down: nothing loads, nothing frames it', async () => {
    const res = await t.http.get('/api/v1/health/live').expect(200);
    expectCommonHeaders(res);
    expect(csp(res)['default-src']).toEqual(["'none'"]);
    // An error answer carries them too.
    expectCommonHeaders(await t.http.get('/api/v1/no-such-route').expect(404));
  });

  it('gives the admin page and its files a policy without inline scripts', async () => {
    for (const url of ['/admin', '/admin/questions/123', '/admin/assets/index-abc.js', '/']) {
      const res = await t.http.get(url).expect(200);
      expectCommonHeaders(res);
      const policy = csp(res);
      expect(policy['script-src']).toEqual(["'self'"]);
      expect(policy['object-src']).toEqual(["'none'"]);
      expect(policy['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
      expect(policy['img-src']).toEqual(["'self'", 'data:', 'blob:']);
      // A PDF the page fetched (the certificate designer's preview) and a course's video lessons (YouTube played from
      // youtube-nocookie.com, Vimeo) show in a frame; nothing else is framed.
      expect(policy['frame-src']).toEqual([
        "'self'",
        'blob:',
        'https://www.youtube-nocookie.com',
        'https://player.vimeo.com',
      ]);
      // socket.io to its own host, spelled out for browsers whose 'self' does not cover ws:.
      const host = new URL(t.baseUrl).host;
      expect(policy['connect-src']).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
    }
  });

  it('leaves a forged Host header out of the policy', async () => {
    const res = await t.http.get('/admin').set('Host', "evil; script-src 'unsafe-inline'").expect(200);
    expect(csp(res)['script-src']).toEqual(["'self'"]);
    expect(csp(res)['connect-src']).toEqual(["'self'"]);
  });

  it('promises HTTPS only to a request that came over TLS through a trusted proxy', async () => {
    const res = await t.http.get('/api/v1/health/live').set('X-Forwarded-Proto', 'https').expect(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('operators-only endpoints', () => {
  let database: TestDatabase;
  const apps: TestApp[] = [];
  const start = async (env: Record<string, string>) => {
    const app = await startTestApp(env, { database });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  it('serves /metrics to the internal networks, or to a scraper with the token, and to nobody else', async () => {
    // This test's requests come from 127.0.0.1: an internal list without loopback makes it an outsider.
    const outside = await start({ INTERNAL_NETWORKS: '10.0.0.0/8', METRICS_TOKEN: 'jeton-de-scrape-0123456789' });
    const refused = await outside.http.get('/metrics').expect(401);
    expect(refused.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(refused.text).not.toContain('http_request_duration_seconds');
    await outside.http.get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789').expect(401);
    await outside.http.get('/metrics/').expect(401);
    const scraped = await outside.http
      .get('/metrics')
      .set('Authorization', 'Bearer jeton-de-scrape-0123456789')
      .expect(200);
    expect(scraped.text).toContain('http_request_duration_seconds');
    // Behind a proxy on a trusted address, the client's address decides, not the proxy's.
    const inside = await start({});
    await inside.http.get('/metrics').expect(200);
    await inside.http.get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(401);
  });

  it('keeps the API documentation internal with DATABASE_URL unless API_DOCS_PUBLIC says otherwise', async () => {
    const internalOnly = await start({ INTERNAL_NETWORKS: '10.0.0.0/8' });
    expect(internalOnly.config.apiDocsPublic).toBe(false);
    expect((await internalOnly.http.get('/api/docs-json').expect(404)).body).toMatchObject({
      code: 'ROUTE_NOT_FOUND',
    });
    await internalOnly.http.get('/api/docs').expect(404);
    await internalOnly.http.get('/api/docs/swagger-ui-init.js').expect(404);
    // From an internal address it is there.
    const internal = await start({});
    await internal.http.get('/api/docs-json').expect(200);
    await internal.http.get('/api/docs-json').set('X-Forwarded-For', '203.0.113.9').expect(404);
    const published = await start({ INTERNAL_NETWORKS: '10.0.0.0/8', API_DOCS_PUBLIC: 'true' });
    await published.http.get('/api/docs-json').expect(200);
    const ui = await published.http.get('/api/docs').expect(200);
    expect(csp(ui)['script-src']).toEqual(["'self'"]);
  });
});
