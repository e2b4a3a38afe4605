import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** Built apps stand-ins (WEB_ROOT/<app>/dist): the test is about routing, not about Vite. */
function webRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'haidang-portal-'));
  for (const app of ['admin', 'portal']) {
    mkdirSync(path.join(root, app, 'dist', 'assets'), { recursive: true });
    writeFileSync(path.join(root, app, 'dist', 'index.html'), `<!doctype html><title>${app} app</title>`);
    writeFileSync(path.join(root, app, 'dist', 'assets', `${app}-abc.js`), `console.log('${app}');`);
  }
  writeFileSync(path.join(root, 'portal', 'dist', 'sw.js'), 'self.addEventListener("fetch", () => {});');
  // The build's compressed copy of a file, served as it is to a browser that takes gzip.
  const big = `console.log('${'portal '.repeat(400)}');`;
  writeFileSync(path.join(root, 'portal', 'dist', 'assets', 'big-abc.js'), big);
  writeFileSync(path.join(root, 'portal', 'dist', 'assets', 'big-abc.js.gz'), gzipSync(big));
  return root;
}

describe('the portal served at / with a fallback for its routes', () => {
  let t: TestApp;
  let root: string;

  beforeAll(async () => {
    root = webRoot();
    t = await startTestApp({ WEB_ROOT: root });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    '/',
    '/login',
    '/rounds/5b1f7c0e-1111-4000-8000-000000000000/attempt',
    '/play?pin=123456',
    '/verify/ABC-123',
  ])('answers %s with the portal page', async (url) => {
    const res = await t.http.get(url).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('portal app');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves its files and its service worker', async () => {
    expect((await t.http.get('/assets/portal-abc.js').expect(200)).text).toContain("'portal'");
    expect((await t.http.get('/sw.js').expect(200)).text).toContain('fetch');
    const compressed = await t.http.get('/assets/big-abc.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.text).toContain('portal portal');
    const plain = await t.http.get('/assets/portal-abc.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('lets a phone keep the named-by-content files for good and ask again for the rest', async () => {
    const immutable = 'public, max-age=31536000, immutable';
    expect((await t.http.get('/assets/portal-abc.js').expect(200)).headers['cache-control']).toBe(immutable);
    const compressed = await t.http.get('/assets/big-abc.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(compressed.headers['cache-control']).toBe(immutable);
    expect((await t.http.get('/admin/assets/admin-abc.js').expect(200)).headers['cache-control']).toBe(immutable);
    // The service worker names the files of a deploy: a phone must see a new one at once.
    expect((await t.http.get('/sw.js').expect(200)).headers['cache-control']).toBe('no-cache');
  });

  it('leaves the admin app, the API, the live socket, metrics and well-known paths alone', async () => {
    expect((await t.http.get('/admin/banks').expect(200)).text).toContain('admin app');
    const api = await t.http.get('/api/v1/no-such-thing').expect(404);
    expect(api.body.code).toBe('ROUTE_NOT_FOUND');
    for (const url of ['/api', '/live', '/live/x', '/socket.io/x', '/metrics/x', '/.well-known/other']) {
      const res = await t.http.get(url);
      // socket.io's engine answers its own path (400 for a bad handshake); the rest are plain 404s.
      expect([url, res.status]).toEqual([url, url.startsWith('/socket.io') ? 400 : 404]);
      expect(res.text).not.toContain('portal app');
    }
    expect((await t.http.get('/metrics').expect(200)).text).toContain('# HELP');
  });
});
