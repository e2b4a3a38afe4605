import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';

/** Sign-in back-off, registration that does not confirm citizen IDs, and password change and reset. */
describe('account security', () => {
  let t: TestApp;
  let units: UnitIds;
  let admin: SeededUser;
  let organizerD1: SeededUser;
  let organizerD2: SeededUser;
  let seq = 0;

  // The server believes X-Forwarded-For from a loopback peer (it stands for the proxy): one header, one address.
  const from = (address: string) => ({ 'X-Forwarded-For': address });
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const login = (username: string, password: string, address: string) =>
    t.http.post('/api/v1/auth/login').set(from(address)).send({ username, password });
  const person = (extra: Record<string, unknown> = {}) => ({
    username: `bm${++seq}${Math.random().toString(36).slice(2, 6)}`,
    password: 'mat-khau-du-dai',
    fullName: 'Phạm Thị Hoa',
    birthDate: '1999-03-08',
    unitId: units['d1/w1'],
    ...extra,
  });
  const register = (body: object, address = `192.0.2.${seq % 250}`) =>
    t.http.post('/api/v1/auth/register').set(from(address)).send(body);
  const throttleRow = async (key: string) =>
    (
      await t.dataSource.query(
        `SELECT count, extract(epoch FROM blocked_until - last_at)::float AS wait FROM login_throttle WHERE key = $1`,
        [key],
      )
    )[0] as { count: number; wait: number | null } | undefined;
  /** Stands for time passing: the key's wait is over (no test waits for the clock). */
  const waitOver = (key: string) =>
    t.dataSource.query("UPDATE login_throttle SET blocked_until = now() - interval '1 second' WHERE key = $1", [key]);

  beforeAll(async () => {
    t = await startTestApp({ REGISTRATIONS_PER_ADDRESS_PER_HOUR: '5' });
    units = await seedSmallTree(t);
    admin = await createUser(t, { username: 'admin-security', roles: ['admin'], unitId: units.city! });
    organizerD1 = await createUser(t, { username: 'org-security-d1', roles: ['organizer'], unitId: units.d1! });
    organizerD2 = await createUser(t, { username: 'org-security-d2', roles: ['organizer'], unitId: units.d2! });
  });
  afterAll(async () => t?.close());

  describe('sign-in back-off', () => {
    const guesser = '203.0.113.5';
    const home = '198.51.100.7';

    it('slows a guesser at one address, more each time, while the owner signs in from their usual address', async () => {
      const owner = await createUser(t, { username: 'chu.tai.khoan', roles: ['participant'], unitId: units.d1! });
      await login(owner.username, owner.password, home).expect(200);
      const pair = `p:${owner.username}|${guesser}`;

      for (let i = 0; i < 5; i++) await login(owner.username, 'doan-sai', guesser).expect(401);
      expect(await throttleRow(pair)).toEqual({ count: 5, wait: null });
      // Past the five free failures each one doubles the wait.
      for (const expected of [1, 2, 4, 8]) {
        await waitOver(pair);
        await login(owner.username, 'doan-sai', guesser).expect(401);
        expect(await throttleRow(pair)).toEqual({ count: 5 + Math.log2(expected) + 1, wait: expected });
      }
      // While it waits, refused before the password is looked at, the right one too.
      const slowed = await login(owner.username, owner.password, guesser).expect(429);
      expect(slowed.body.code).toBe('TOO_MANY_ATTEMPTS');
      const retryAfter = slowed.body.details.retryAfterSeconds as number;
      expect(retryAfter >= 1 && retryAfter <= 8).toBe(true);
      expect(slowed.headers['retry-after']).toBe(String(retryAfter));
      expect(slowed.body.message).toBe(`Đăng nhập sai nhiều lần. Vui lòng thử lại sau ${retryAfter} giây.`);

      // The owner, from home, is not shut out; their success starts their own count over, not the guesser's.
      await login(owner.username, owner.password, home).expect(200);
      await login(owner.username, owner.password, guesser).expect(429);
    });

    it('slows guessers spread over many addresses only where the account never signed in, and success resets it', async () => {
      const owner = await createUser(t, { username: 'nhieu.dia.chi', roles: ['participant'], unitId: units.d1! });
      await login(owner.username, owner.password, home).expect(200);
      const account = `u:${owner.username}`;
      for (let i = 1; i <= 10; i++) await login(owner.username, 'doan-sai', `203.0.113.${100 + i}`).expect(401);
      expect(await throttleRow(account)).toEqual({ count: 10, wait: null });
      for (const [i, expected] of [1, 2, 4, 8].entries()) {
        await waitOver(account);
        await login(owner.username, 'doan-sai', `203.0.113.${200 + i}`).expect(401);
        expect((await throttleRow(account))!.wait).toBe(expected);
      }

      // A new address waits, even with the right password; the owner's usual one does not.
      const elsewhere = await login(owner.username, owner.password, '198.51.100.99').expect(429);
      expect(elsewhere.body.code).toBe('TOO_MANY_ATTEMPTS');
      await login(owner.username, owner.password, home).expect(200);
      // That success started the account's count over: the new address may sign in now.
      expect(await throttleRow(account)).toEqual({ count: 0, wait: null });
      await login(owner.username, owner.password, '198.51.100.99').expect(200);
    });

    it('counts attempts sent all at once before any is answered: no more get through than one by one', async () => {
      const target = await createUser(t, { username: 'doan.dong.loat', roles: ['participant'], unitId: units.d1! });
      const statuses = await Promise.all(
        Array.from({ length: 20 }, () => login(target.username, 'doan-sai', '203.0.113.77').then((r) => r.status)),
      );
      // Five free failures and the one that starts the wait; the others wait without a password being tried.
      expect(statuses.filter((s) => s === 401)).toHaveLength(6);
      expect(statuses.filter((s) => s === 429)).toHaveLength(14);
    });

    it('does not let one account’s failures at a shared address (a school) slow the others there', async () => {
      const school = '198.51.100.50';
      const pupils = await Promise.all(
        [1, 2].map((i) => createUser(t, { username: `hoc.sinh.${i}`, roles: ['participant'], unitId: units.d1! })),
      );
      const pair = `p:${pupils[0]!.username}|${school}`;
      for (let i = 0; i < 9; i++) {
        await waitOver(pair);
        await login(pupils[0]!.username, 'sai', school).expect(401);
      }
      expect((await throttleRow(pair))!.wait).toBe(8);
      await login(pupils[0]!.username, pupils[0]!.password, school).expect(429);
      await login(pupils[1]!.username, pupils[1]!.password, school).expect(200);
    });

    it('answers a disabled account with the right password exactly as a wrong password', async () => {
      const user = await createUser(t, { username: 'da.bi.khoa', roles: ['participant'], unitId: units['d1/w1']! });
      await t.http
        .patch(`/api/v1/users/${user.id}/status`)
        .set(auth(admin.token))
        .send({ status: 'disabled' })
        .expect(200);
      const right = await login(user.username, user.password, '192.0.2.201');
      const wrong = await login(user.username, 'sai-mat-khau', '192.0.2.202');
      const { correlationId: _a, ...rightBody } = right.body as Record<string, unknown>;
      const { correlationId: _b, ...wrongBody } = wrong.body as Record<string, unknown>;
      expect(right.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(rightBody).toEqual(wrongBody);
      expect(rightBody.code).toBe('INVALID_CREDENTIALS');
    });
  });

  describe('registration', () => {
    it('answers a citizen ID that already has an account the same as a new one, and records the conflict', async () => {
      const citizenId = '031299004321';
      const first = await register(person({ citizenId })).expect(201);
      const second = await register(person({ citizenId })).expect(201);
      const shape = (body: { user: Record<string, unknown> }) => ({
        ...body,
        accessToken: expect.any(String),
        user: { ...body.user, id: expect.any(String), username: expect.any(String) },
      });
      expect(second.body).toEqual(shape(first.body));
      expect(second.body.user.citizenIdMasked).toBe('********4321');
      const bound = await t.dataSource.query(
        'SELECT id FROM app_user WHERE id = ANY($1::uuid[]) AND citizen_id_hash IS NOT NULL',
        [[first.body.user.id, second.body.user.id]],
      );
      expect(bound).toEqual([{ id: first.body.user.id }]);
      const conflict = await t.dataSource.query(
        "SELECT details FROM audit_event WHERE action = 'user.citizen_id_conflict' AND target = $1",
        [second.body.user.id],
      );
      expect(conflict).toEqual([{ details: { holder: first.body.user.id } }]);
      // The second person still has a working account.
      await login(second.body.user.username, 'mat-khau-du-dai', '192.0.2.9').expect(200);
    });

    it('limits registrations per address (REGISTRATIONS_PER_ADDRESS_PER_HOUR), other addresses unaffected', async () => {
      const school = '198.51.100.20';
      for (let i = 0; i < 5; i++) await register(person(), school).expect(201);
      const limited = await register(person(), school).expect(429);
      expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.body.message).toContain('đăng ký');
      await register(person(), '198.51.100.21').expect(201);
    });
  });

  describe('passwords', () => {
    it('lets a person change their own password with the current one; their other tokens stop working', async () => {
      const user = await createUser(t, { username: 'doi.mat.khau', roles: ['participant'], unitId: units['d1/w1']! });
      const other = (await login(user.username, user.password, '192.0.2.30').expect(200)).body.accessToken as string;
      const wrong = await t.http
        .post('/api/v1/auth/password')
        .set(auth(user.token))
        .send({ currentPassword: 'khong-dung', newPassword: 'mat-khau-moi-123' })
        .expect(400);
      expect(wrong.body.code).toBe('CURRENT_PASSWORD_WRONG');
      const changed = await t.http
        .post('/api/v1/auth/password')
        .set(auth(user.token))
        .send({ currentPassword: user.password, newPassword: 'mat-khau-moi-123' })
        .expect(200);
      expect(changed.body.mustChangePassword).toBe(false);
      for (const token of [user.token, other]) {
        const res = await t.http.get('/api/v1/auth/me').set(auth(token)).expect(401);
        expect(res.body.code).toBe('TOKEN_REVOKED');
      }
      await t.http.get('/api/v1/auth/me').set(auth(changed.body.accessToken)).expect(200);
      await login(user.username, user.password, '192.0.2.31').expect(401);
      await login(user.username, 'mat-khau-moi-123', '192.0.2.31').expect(200);
    });

    it('lets an organizer reset a password in their subtree: shown once, to be changed at the next sign-in', async () => {
      const user = await createUser(t, { username: 'quen.mat.khau', roles: ['author'], unitId: units['d1/w1']! });
      const outside = await t.http
        .post(`/api/v1/users/${user.id}/password-reset`)
        .set(auth(organizerD2.token))
        .expect(403);
      expect(outside.body.code).toBe('OUT_OF_SCOPE');
      const organizerPeer = await t.http
        .post(`/api/v1/users/${organizerD2.id}/password-reset`)
        .set(auth(organizerD1.token))
        .expect(403);
      expect(organizerPeer.body.code).toMatch(/^(FORBIDDEN|OUT_OF_SCOPE)$/);

      const reset = await t.http
        .post(`/api/v1/users/${user.id}/password-reset`)
        .set(auth(organizerD1.token))
        .expect(200);
      expect(reset.headers['cache-control']).toBe('no-store');
      const temporary = reset.body.temporaryPassword as string;
      expect(temporary).toMatch(/^[A-Za-z0-9]{12}$/);
      expect((await t.http.get('/api/v1/auth/me').set(auth(user.token)).expect(401)).body.code).toBe('TOKEN_REVOKED');
      await login(user.username, user.password, '192.0.2.40').expect(401);

      const signedIn = await login(user.username, temporary, '192.0.2.40').expect(200);
      expect(signedIn.body.mustChangePassword).toBe(true);
      const limited = signedIn.body.accessToken as string;
      const blocked = await t.http.get('/api/v1/question-banks').set(auth(limited)).expect(403);
      expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
      await t.http.get('/api/v1/auth/me').set(auth(limited)).expect(200);
      const same = await t.http
        .post('/api/v1/auth/password')
        .set(auth(limited))
        .send({ currentPassword: temporary, newPassword: temporary })
        .expect(400);
      expect(same.body.code).toBe('VALIDATION_FAILED');
      const changed = await t.http
        .post('/api/v1/auth/password')
        .set(auth(limited))
        .send({ currentPassword: temporary, newPassword: 'mat-khau-cua-toi' })
        .expect(200);
      expect(changed.body.mustChangePassword).toBe(false);
      await t.http.get('/api/v1/question-banks').set(auth(changed.body.accessToken)).expect(200);
      const audit = await t.dataSource.query(
        "SELECT action FROM audit_event WHERE target = $1 AND action LIKE 'user.password%' ORDER BY created_at",
        [user.id],
      );
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['user.password_reset', 'user.password_change']);
    });
  });
});
