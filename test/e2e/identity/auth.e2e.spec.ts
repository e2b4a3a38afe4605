import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describe('sign-in and registration', () => {
  let t: TestApp;
  let units: UnitIds;

  beforeAll(async () => {
    t = await startTestApp();
    units = await seedSmallTree(t);
  });
  afterAll(async () => t?.close());

  const adult = () => ({
    username: `an${Math.random().toString(36).slice(2, 8)}`,
    password: 'mat-khau-du-dai',
    fullName: 'Nguyễn Văn An',
    birthDate: '2000-05-19',
    unitId: units['d1/w1'],
    phone: '0912345678',
  });

  it('registers an adult participant, signs in and reads /auth/me', async () => {
    const body = adult();
    const reg = await t.http.post('/api/v1/auth/register').send(body).expect(201);
    expect(reg.body.user).toMatchObject({
      username: body.username,
      fullName: 'Nguyễn Văn An',
      roles: ['participant'],
      isMinor: false,
    });
    const login = await t.http
      .post('/api/v1/auth/login')
      .send({ username: body.username.toUpperCase(), password: body.password })
      .expect(200);
    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body.unit).toMatchObject({ id: units['d1/w1'], code: 'd1/w1' });
  });

  it('refuses a wrong password with INVALID_CREDENTIALS in Vietnamese, English on request', async () => {
    const body = adult();
    await t.http.post('/api/v1/auth/register').send(body).expect(201);
    const vi = await t.http
      .post('/api/v1/auth/login')
      .send({ username: body.username, password: 'sai-mat-khau' })
      .expect(401);
    expect(vi.body).toMatchObject({
      statusCode: 401,
      code: 'INVALID_CREDENTIALS',
      message: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    });
    expect(vi.body.correlationId).toEqual(expect.any(String));
    const en = await t.http
      .post('/api/v1/auth/login')
      .set('Accept-Language', 'en-US,en;q=0.9')
      .send({ username: body.username, password: 'sai-mat-khau' })
      .expect(401);
    expect(en.body.message).toBe('Wrong username or password.');
  });

  it('does not let failures on one account lock another signing in from the same address', async () => {
    const victim = adult();
    const other = adult();
    await t.http.post('/api/v1/auth/register').send(victim).expect(201);
    await t.http.post('/api/v1/auth/register').send(other).expect(201);
    for (let i = 0; i < 6; i++)
      await t.http.post('/api/v1/auth/login').send({ username: victim.username, password: 'x' });
    await t.http.post('/api/v1/auth/login').send({ username: other.username, password: other.password }).expect(200);
  });

  it('requires guardian consent under 16 and the child’s own from 7, and hides a minor’s full name', async () => {
    const child = { ...adult(), birthDate: '2015-03-02', fullName: 'Trần Thị Bình' };
    const noGuardian = await t.http.post('/api/v1/auth/register').send(child).expect(400);
    expect(noGuardian.body.code).toBe('GUARDIAN_CONSENT_REQUIRED');
    const noChild = await t.http
      .post('/api/v1/auth/register')
      .send({ ...child, guardianName: 'Trần Văn Cha', guardianConsent: true })
      .expect(400);
    expect(noChild.body.code).toBe('CHILD_CONSENT_REQUIRED');
    const ok = await t.http
      .post('/api/v1/auth/register')
      .send({ ...child, guardianName: 'Trần Văn Cha', guardianConsent: true, childConsent: true })
      .expect(201);
    expect(ok.body.user).toMatchObject({ isMinor: true, publicName: 'T. T. Bình', fullName: 'Trần Thị Bình' });
  });

  it.each([
    ['a future birth date', { birthDate: '2999-01-01' }, 'BIRTH_DATE_INVALID'],
    ['a dd/mm/yyyy birth date', { birthDate: '19/05/2000' }, 'BIRTH_DATE_INVALID'],
    ['an impossible date', { birthDate: '2001-02-30' }, 'BIRTH_DATE_INVALID'],
    ['an unknown field', { isAdmin: true }, 'VALIDATION_FAILED'],
    ['a malformed unit id', { unitId: 'not-a-uuid' }, 'VALIDATION_FAILED'],
    ['a unit that does not exist', { unitId: '00000000-0000-4000-8000-000000000000' }, 'UNIT_NOT_FOUND'],
    ['a malformed citizen id', { citizenId: '12ab' }, 'VALIDATION_FAILED'],
    ['HTML in the name', { fullName: '<script>alert(1)</script>' }, 'VALIDATION_FAILED'],
  ])('rejects %s with a stable code and writes nothing', async (_label, patch, code) => {
    const body = { ...adult(), ...patch };
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM app_user');
    const res = await t.http.post('/api/v1/auth/register').send(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body.code).toBe(code);
    const after = await t.dataSource.query('SELECT count(*)::int AS n FROM app_user');
    expect(after[0].n).toBe(before[0].n);
  });

  it('stores SQL in a text field as text', async () => {
    const body = { ...adult(), fullName: "Lê Văn'); DROP TABLE app_user; --" };
    const res = await t.http.post('/api/v1/auth/register').send(body).expect(201);
    expect(res.body.user.fullName).toBe("Lê Văn'); DROP TABLE app_user; --");
  });

  it('answers malformed JSON and a 10 MB body with clear codes', async () => {
    const bad = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": ')
      .expect(400);
    expect(bad.body.code).toBe('MALFORMED_JSON');
    const huge = await t.http
      .post('/api/v1/auth/register')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ fullName: 'x'.repeat(10 * 1024 * 1024) }))
      .expect(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('binds a citizen ID to exactly one of two concurrent registrations, answering both alike', async () => {
    const citizenId = '031200001234';
    const results = await Promise.all([
      t.http.post('/api/v1/auth/register').send({ ...adult(), citizenId }),
      t.http.post('/api/v1/auth/register').send({ ...adult(), citizenId }),
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    expect(results.map((r) => r.body.user.citizenIdMasked)).toEqual(['********1234', '********1234']);
    const bound = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM app_user WHERE id = ANY($1::uuid[]) AND citizen_id_hash IS NOT NULL',
      [results.map((r) => r.body.user.id)],
    );
    expect(bound[0].n).toBe(1);
  });

  it('lets exactly one of two concurrent registrations with the same username succeed', async () => {
    const body = adult();
    const results = await Promise.all([
      t.http.post('/api/v1/auth/register').send(body),
      t.http.post('/api/v1/auth/register').send(body),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('USERNAME_TAKEN');
  });

  it('rejects a tampered token and a missing one', async () => {
    const body = adult();
    const reg = await t.http.post('/api/v1/auth/register').send(body).expect(201);
    const token: string = reg.body.accessToken;
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.roles = ['admin'];
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expect((await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`).expect(401)).body.code).toBe(
      'TOKEN_INVALID',
    );
    expect((await t.http.get('/api/v1/auth/me').expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('lists units publicly, children of a parent in Vietnamese order', async () => {
    const roots = await t.http.get('/api/v1/units').expect(200);
    expect(roots.body.map((u: { code: string }) => u.code)).toEqual(['city']);
    const districts = await t.http.get(`/api/v1/units?parentId=${units.city}`).expect(200);
    expect(districts.body.map((u: { name: string }) => u.name)).toEqual(['Quận Hai', 'Quận Một']);
    expect(districts.body[0].childCount).toBe(2);
  });

  it('reports the database in /health', async () => {
    const res = await t.http.get('/api/v1/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'up' }, instance: t.config.instanceId });
  });
});
