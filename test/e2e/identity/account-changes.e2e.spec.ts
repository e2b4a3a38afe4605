import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DisabledAccounts } from '../../../libs/identity/src/index.js';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';

const question = {
  type: 'single',
  text: 'Luật An ninh mạng có hiệu lực từ năm nào?',
  options: [
    { text: '2019', fraction: 1 },
    { text: '2018', fraction: 0 },
  ],
};

/** A change of roles or unit takes effect at once here, and at the next poll on another instance. */
describe('account changes take effect before the token expires', () => {
  let t: TestApp;
  let other: TestApp;
  let units: UnitIds;
  let admin: SeededUser;
  let bankId: string;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const signIn = async (app: TestApp, user: SeededUser) =>
    (await app.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password }).expect(200))
      .body.accessToken as string;
  const setRoles = (userId: string, roles: string[], app = t) =>
    app.http.patch(`/api/v1/users/${userId}/roles`).set(auth(admin.token)).send({ roles }).expect(200);
  const listPeople = (token: string, app = t) => app.http.get('/api/v1/users?pageSize=200').set(auth(token));

  beforeAll(async () => {
    t = await startTestApp();
    // A second instance on the same database (the same signing key, kept there).
    other = await startTestApp({}, { database: t.database });
    units = await seedSmallTree(t);
    admin = await createUser(t, { username: 'admin-changes', roles: ['admin'], unitId: units.city! });
    const organizer = await createUser(t, { username: 'org-bank', roles: ['organizer'], unitId: units.d1! });
    bankId = (
      await t.http.post('/api/v1/question-banks').set(auth(organizer.token)).send({ name: 'Ngân hàng' }).expect(201)
    ).body.id as string;
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('stops a demoted author from creating questions with the token they hold', async () => {
    const author = await createUser(t, { username: 'tac.gia.bi.ha', roles: ['author'], unitId: units.d1! });
    const create = (token: string) =>
      t.http.post(`/api/v1/question-banks/${bankId}/questions`).set(auth(token)).send(question);
    await create(author.token).expect(201);
    await setRoles(author.id, ['participant']);
    const revoked = await create(author.token).expect(401);
    expect(revoked.body.code).toBe('TOKEN_REVOKED');
    expect(revoked.body.message).toBe('Quyền hoặc mật khẩu của tài khoản vừa thay đổi. Vui lòng đăng nhập lại.');
    // Signed in again, the token carries the new roles.
    expect((await create(await signIn(t, author)).expect(403)).body.code).toBe('FORBIDDEN');
  });

  it('signs nobody out when the roles set are the ones held', async () => {
    const reviewer = await createUser(t, {
      username: 'nguoi.duyet.giu',
      roles: ['reviewer', 'participant'],
      unitId: units.d1!,
    });
    await setRoles(reviewer.id, ['participant', 'reviewer']);
    await t.http.get('/api/v1/question-banks').set(auth(reviewer.token)).expect(200);
  });

  it('stops a demoted organizer from listing people and changing roles', async () => {
    const organizer = await createUser(t, { username: 'to.chuc.bi.ha', roles: ['organizer'], unitId: units.d1! });
    const someone = await createUser(t, { username: 'nguoi.d1', roles: ['participant'], unitId: units['d1/w1']! });
    await listPeople(organizer.token).expect(200);
    await setRoles(organizer.id, ['participant']);
    expect((await listPeople(organizer.token).expect(401)).body.code).toBe('TOKEN_REVOKED');
    const grant = await t.http
      .patch(`/api/v1/users/${someone.id}/roles`)
      .set(auth(organizer.token))
      .send({ roles: ['participant', 'author'] })
      .expect(401);
    expect(grant.body.code).toBe('TOKEN_REVOKED');
    expect((await listPeople(await signIn(t, organizer)).expect(403)).body.code).toBe('FORBIDDEN');
    const roles = await t.dataSource.query('SELECT roles FROM app_user WHERE id = $1', [someone.id]);
    expect(roles[0].roles).toEqual(['participant']);
  });

  it('moves an organizer’s scope with their unit at once', async () => {
    const organizer = await createUser(t, { username: 'to.chuc.chuyen', roles: ['organizer'], unitId: units.d1! });
    await createUser(t, { username: 'nguoi.o.d2', roles: ['participant'], unitId: units['d2/w1']! });
    const names = (res: { body: { items: { username: string }[] } }) => res.body.items.map((u) => u.username);
    const before = names(await listPeople(organizer.token).expect(200));
    expect(before).toContain('to.chuc.chuyen');
    expect(before).not.toContain('nguoi.o.d2');

    const outside = await t.http
      .patch(`/api/v1/users/${organizer.id}/unit`)
      .set(auth(organizer.token))
      .send({ unitId: units.d2 })
      .expect(403);
    expect(outside.body.code).toMatch(/^(FORBIDDEN|OUT_OF_SCOPE)$/);
    const moved = await t.http
      .patch(`/api/v1/users/${organizer.id}/unit`)
      .set(auth(admin.token))
      .send({ unitId: units.d2 })
      .expect(200);
    expect(moved.body.unit).toMatchObject({ id: units.d2 });
    expect((await listPeople(organizer.token).expect(401)).body.code).toBe('TOKEN_REVOKED');
    const after = names(await listPeople(await signIn(t, organizer)).expect(200));
    expect(after).toContain('nguoi.o.d2');
    expect(after).not.toContain('nguoi.d1');
  });

  it('enforces a change made on one instance on the other after its poll, and not only for new tokens', async () => {
    const organizer = await createUser(t, { username: 'to.chuc.hai.may', roles: ['organizer'], unitId: units.d1! });
    const tokenFromOther = await signIn(other, organizer);
    await listPeople(organizer.token, other).expect(200);
    await listPeople(tokenFromOther, other).expect(200);

    await setRoles(organizer.id, ['participant']);
    // Here at once; there at its next read of the recently changed accounts (every 5 s, run now).
    await listPeople(organizer.token).expect(401);
    await other.app.get(DisabledAccounts).refresh();
    for (const token of [organizer.token, tokenFromOther]) {
      expect((await listPeople(token, other).expect(401)).body.code).toBe('TOKEN_REVOKED');
    }
    // A token issued after the change is good on both.
    const fresh = await signIn(other, organizer);
    expect((await listPeople(fresh, other).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await listPeople(fresh).expect(403)).body.code).toBe('FORBIDDEN');

    // And the poll that reads the database runs by itself.
    await setRoles(organizer.id, ['organizer'], other);
    const accounts = t.app.get(DisabledAccounts);
    const deadline = Date.now() + 4 * accounts.pollMs;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await listPeople(fresh)).status;
      if (status === 401) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(401);
  });

  it('revokes the tokens of the people a merge moves to another unit', async () => {
    const source = (
      await t.http
        .post('/api/v1/units')
        .set(auth(admin.token))
        .send({ parentId: units.d1, code: 'd1/sap-nhap', name: 'Phường sáp nhập', kind: 'ward' })
        .expect(201)
    ).body.id as string;
    const member = await createUser(t, { username: 'nguoi.bi.chuyen', roles: ['participant'], unitId: source });
    await t.http.get('/api/v1/auth/me').set(auth(member.token)).expect(200);
    await t.http
      .post(`/api/v1/units/${source}/merge`)
      .set(auth(admin.token))
      .send({ targetUnitId: units['d1/w1'] })
      .expect(200);
    expect((await t.http.get('/api/v1/auth/me').set(auth(member.token)).expect(401)).body.code).toBe('TOKEN_REVOKED');
    const me = await t.http
      .get('/api/v1/auth/me')
      .set(auth(await signIn(t, member)))
      .expect(200);
    expect(me.body.unit).toMatchObject({ id: units['d1/w1'] });
  });
});
