import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRootLogger } from '../../../libs/core/src/index.js';
import { seedOnFirstStart } from '../../../apps/api/src/seed.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** What a newcomer sees of certificates after the first start with demo data. */
describe('the demo certificates', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    await seedOnFirstStart(t.app, { ...t.config, loadDemoData: true }, createRootLogger('silent'));
    for (const username of ['thisinh.an', 'thisinh.binh', 'tochuc.lechan']) {
      const login = await t.http.post('/api/v1/auth/login').send({ username, password: 'HaiDang@2025' });
      tokens[username] = login.body.accessToken as string;
    }
  }, 180_000);
  afterAll(async () => t?.close());

  it('gives the demo participants a certificate each, verifiable in public, the minor by initials', async () => {
    const an = (await t.http.get('/api/v1/certificates/mine').set('Authorization', `Bearer ${tokens['thisinh.an']}`))
      .body;
    const binh = (
      await t.http.get('/api/v1/certificates/mine').set('Authorization', `Bearer ${tokens['thisinh.binh']}`)
    ).body;
    expect(an).toHaveLength(1);
    expect(binh).toHaveLength(1);
    expect(an[0]).toMatchObject({ status: 'active', prize: 'Giải Nhất' });
    const verified = await t.http.get(`/api/v1/certificates/verify/${binh[0].code}`).expect(200);
    expect(verified.body.holder).toBe('T. T. Bình');
    // The demo organizer's unit issued them: tochuc.lechan sees and may revoke them.
    const listed = await t.http.get('/api/v1/certificates').set('Authorization', `Bearer ${tokens['tochuc.lechan']}`);
    expect(listed.body.total).toBe(2);
    const templates = await t.http
      .get('/api/v1/certificate-templates')
      .set('Authorization', `Bearer ${tokens['tochuc.lechan']}`);
    expect(templates.body).toHaveLength(1);
  });
});
