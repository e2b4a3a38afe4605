import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { itNeeding, REDIS_URL } from '../../support/requirements.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describe('platform plumbing', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('echoes a sane correlation id and makes one otherwise', async () => {
    const given = await t.http.get('/api/v1/health').set('X-Correlation-Id', 'abc-123').expect(200);
    expect(given.headers['x-correlation-id']).toBe('abc-123');
    const made = await t.http.get('/api/v1/health').set('X-Correlation-Id', 'bad id with spaces').expect(200);
    expect(made.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with the shared error body', async () => {
    const res = await t.http.get('/api/v1/no-such-thing').set('X-Correlation-Id', 'c-1').expect(404);
    expect(res.body).toEqual({
      statusCode: 404,
      code: 'ROUTE_NOT_FOUND',
      message: 'Không có đường dẫn này.',
      correlationId: 'c-1',
    });
  });

  it('serves the OpenAPI document with the auth endpoints', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    expect(res.body.paths['/api/v1/auth/login'].post.operationId).toBe('login');
    expect(res.body.paths['/api/v1/auth/me'].get.operationId).toBe('getMe');
  });

  it('reports liveness without touching the database', async () => {
    await t.http.get('/api/v1/health/live').expect(200, { status: 'ok', checks: {}, instance: t.config.instanceId });
  });

  it('exposes Prometheus metrics: request latency, database pool and job queue depth', async () => {
    await t.http.get('/api/v1/health').expect(200);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
    expect(res.text).toMatch(/db_pool_connections_total \d+/);
    expect(res.text).toMatch(/job_queue_depth \d+/);
  });

  itNeeding({ REDIS_URL })('reports Redis in readiness when REDIS_URL is configured', async () => {
    const withRedis = await startTestApp({ REDIS_URL: REDIS_URL! });
    try {
      const res = await withRedis.http.get('/api/v1/health').expect(200);
      expect(res.body.checks).toEqual({ database: 'up', redis: 'up' });
    } finally {
      await withRedis.close();
    }
  });
});
