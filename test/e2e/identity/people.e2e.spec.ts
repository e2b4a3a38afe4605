import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DisabledAccounts } from '../../../libs/identity/src/index.js';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { binaryBody, csvOf, readXlsx, xlsxOf } from './spreadsheets.js';

const HEADER = [
  'Họ và tên',
  'Tên đăng nhập',
  'Ngày sinh',
  'Số điện thoại',
  'Email',
  'Số CCCD',
  'Đối tượng',
  'Vai trò',
  'Họ tên người giám hộ',
  'Người giám hộ đồng ý',
  'Trẻ đồng ý',
];

describe('members: bulk import and people management', () => {
  let t: TestApp;
  let units: UnitIds;
  let admin: SeededUser;
  let organizerD1: SeededUser;
  let organizerD2: SeededUser;
  let participant: SeededUser;

  const auth = (user: SeededUser) => ({ Authorization: `Bearer ${user.token}` });
  const userCount = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM app_user'))[0].n as number;
  const importInto = (user: SeededUser, unitId: string, file: Buffer, name = 'doan-vien.xlsx', dryRun = false) =>
    t.http
      .post(`/api/v1/units/${unitId}/members/imports${dryRun ? '?dryRun=true' : ''}`)
      .set(auth(user))
      .attach('file', file, name);
  const userByName = async (username: string) =>
    (await t.dataSource.query('SELECT *, birth_date::text AS birth FROM app_user WHERE username = $1', [username]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    units = await seedSmallTree(t);
    admin = await createUser(t, { username: 'admin-people', roles: ['admin'], unitId: units.city! });
    organizerD1 = await createUser(t, { username: 'org-people-d1', roles: ['organizer'], unitId: units.d1! });
    organizerD2 = await createUser(t, { username: 'org-people-d2', roles: ['organizer'], unitId: units.d2! });
    participant = await createUser(t, { username: 'ts-people', roles: ['participant'], unitId: units['d1/w1']! });
  });
  afterAll(async () => t?.close());

  it('imports members once, returns each initial password once, and those passwords sign in', async () => {
    const file = await xlsxOf([
      HEADER,
      [
        'Nguyễn Văn An',
        'an.nguyen',
        new Date(Date.UTC(2000, 4, 19)),
        912345678,
        'an@example.vn',
        '031200005678',
        'Đoàn viên',
        'Tác giả',
        '',
        '',
        '',
      ],
      ['Trần Thị Bình', 'binh.tran', '02/03/2012', '0987654321', '', '', '', '', 'Trần Văn Cha', 'có', 'x'],
      ['Lê Hoàng Cường', 'CUONG.LE', '1/12/1990', '', '', '', 'Cán bộ đoàn, hội, đội', 'reviewer, host', '', '', ''],
    ]);
    const before = await userCount();
    const dry = await importInto(organizerD1, units['d1/w1']!, file, 'doan-vien.xlsx', true).expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, created: 3 });
    expect(dry.body.accounts.every((a: object) => !('initialPassword' in a))).toBe(true);
    expect(await userCount()).toBe(before);

    const res = await importInto(organizerD1, units['d1/w1']!, file).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.created).toBe(3);
    expect(res.body.accounts.map((a: { username: string }) => a.username)).toEqual([
      'an.nguyen',
      'binh.tran',
      'cuong.le',
    ]);
    const an = await userByName('an.nguyen');
    expect(an).toMatchObject({
      unit_id: units['d1/w1'],
      birth: '2000-05-19',
      phone: '0912345678',
      citizen_id_last4: '5678',
      population: 'members',
      roles: ['author'],
    });
    expect(an.citizen_id_hash).not.toContain('5678');
    expect(await userByName('binh.tran')).toMatchObject({ population: 'teens', guardian_name: 'Trần Văn Cha' });
    expect((await userByName('binh.tran')).child_consent_at).not.toBeNull();
    expect((await userByName('cuong.le')).roles.sort()).toEqual(['host', 'reviewer']);

    const password = res.body.accounts[0].initialPassword as string;
    expect(password).toMatch(/^[A-Za-z2-9]{12}$/);
    expect(an.password_hash).toContain('m=4096');
    const login = await t.http.post('/api/v1/auth/login').send({ username: 'an.nguyen', password }).expect(200);
    expect(login.body.user.citizenIdMasked).toBe('********5678');
    // The light initial hash is replaced by the full one at the first sign-in.
    expect((await userByName('an.nguyen')).password_hash).toContain('m=19456');
    await t.http.post('/api/v1/auth/login').send({ username: 'an.nguyen', password }).expect(200);

    const audit = await t.dataSource.query(
      "SELECT actor_id, target, details FROM audit_event WHERE action = 'user.import'",
    );
    expect(audit).toEqual([
      {
        actor_id: organizerD1.id,
        target: units['d1/w1'],
        details: { created: 3, roles: ['author', 'participant', 'reviewer', 'host'] },
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain('031200005678');
  });

  it('reports every bad row, duplicates in the file and against the database, and writes nothing', async () => {
    await createUser(t, { username: 'da.co', roles: ['participant'], unitId: units['d1/w2']! });
    await t.http
      .post('/api/v1/auth/register')
      .send({
        username: 'co.cccd',
        password: 'mat-khau-du-dai',
        fullName: 'Đã Có CCCD',
        birthDate: '1999-01-01',
        unitId: units['d1/w2'],
        citizenId: '031200009999',
      })
      .expect(201);
    const file = await xlsxOf([
      HEADER,
      ['Người Một', 'mot', '01/01/2000', '', '', '031200001111', '', '', '', '', ''],
      ['Người Hai', 'mot', '01/01/2000', '', '', '031200001111', '', '', '', '', ''],
      ['Người Ba', 'da.co', '01/01/2000', '', '', '031200009999', '', '', '', '', ''],
      ['Người Bốn', 'bon', '31/02/2000', '', '', '', '', '', '', '', ''],
      ['Người Năm', 'nam', '01/01/2999', '', '', '', '', '', '', '', ''],
      ['Bé Sáu', 'sau', '01/01/2015', '', '', '', '', '', '', '', ''],
      ['Người Bảy', 'bay', '01/01/2000', '', '', '', '', 'Ban tổ chức', '', '', ''],
      ['Người Tám', 'tam', '2000-13-01', '12345', 'khong-phai-email', '123', 'Ngoài hành tinh', '', '', '', ''],
    ]);
    const before = await userCount();
    const res = await importInto(organizerD1, units['d1/w2']!, file).expect(422);
    expect(res.body.code).toBe('IMPORT_INVALID');
    const byRow = (row: number) =>
      (res.body.details as { row: number; message: string }[]).filter((d) => d.row === row);
    expect(byRow(2)).toEqual([]);
    expect(
      byRow(3)
        .map((d) => d.message)
        .join(' '),
    ).toContain('dòng 2');
    expect(byRow(3)).toHaveLength(2);
    expect(
      byRow(4)
        .map((d) => d.message)
        .join(' '),
    ).toMatch(/đã có người dùng[\s\S]*CCCD/);
    expect(byRow(5)[0]!.message).toContain('dd/mm/yyyy');
    expect(byRow(6)[0]!.message).toContain('tương lai');
    expect(byRow(7)[0]!.message).toContain('giám hộ');
    expect(byRow(8)[0]!.message).toContain('organizer');
    expect(byRow(9).length).toBeGreaterThanOrEqual(5);
    // A citizen ID is personal data: the error names its last digits only.
    expect(JSON.stringify(res.body)).not.toContain('031200001111');
    expect(await userCount()).toBe(before);
  });

  it('refuses an import into a unit of another subtree before reading the file', async () => {
    const res = await importInto(organizerD1, units['d2/w1']!, Buffer.from('not even a spreadsheet')).expect(403);
    expect(res.body.code).toBe('OUT_OF_SCOPE');
    const forbidden = await importInto(participant, units['d1/w1']!, Buffer.from('x')).expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
  });

  it('bounds a member import at 5,000 rows with a clear limit', async () => {
    const rows = Array.from({ length: 5_001 }, (_, i) => [`Người ${i}`, `nguoi${i}`, '01/01/2000']);
    const res = await importInto(
      admin,
      units['d1/w1']!,
      csvOf([['Họ và tên', 'Tên đăng nhập', 'Ngày sinh'], ...rows]),
      'a.csv',
    ).expect(413);
    expect(res.body.code).toBe('IMPORT_TOO_LARGE');
    expect(res.body.message).toContain('5.000');
  });

  it('lists people to an organizer from their own subtree only, and refuses another subtree', async () => {
    await createUser(t, {
      username: 'nguoi.d2',
      roles: ['participant'],
      unitId: units['d2/w1']!,
      fullName: 'Phạm Quận Hai',
    });
    const mine = await t.http.get('/api/v1/users?pageSize=200').set(auth(organizerD1)).expect(200);
    const names = mine.body.items.map((u: { username: string }) => u.username);
    expect(names).toContain('an.nguyen');
    expect(names).toContain('org-people-d1');
    expect(names).not.toContain('nguoi.d2');
    expect(names).not.toContain('admin-people');
    expect(mine.body.total).toBe(names.length);

    const search = await t.http.get('/api/v1/users?q=Bình').set(auth(organizerD1)).expect(200);
    expect(search.body.items.map((u: { username: string }) => u.username)).toEqual(['binh.tran']);
    const out = await t.http.get(`/api/v1/users?unitId=${units['d2/w1']}`).set(auth(organizerD1)).expect(403);
    expect(out.body.code).toBe('OUT_OF_SCOPE');
    const everyone = await t.http.get('/api/v1/users?pageSize=1&page=2').set(auth(admin)).expect(200);
    expect(everyone.body).toMatchObject({ page: 2, pageSize: 1 });
    expect(everyone.body.total).toBeGreaterThan(names.length);
    expect((await t.http.get('/api/v1/users').set(auth(participant)).expect(403)).body.code).toBe('FORBIDDEN');
  });

  it('shows one person with the citizen ID masked, and only within scope', async () => {
    const an = await userByName('an.nguyen');
    const res = await t.http.get(`/api/v1/users/${an.id}`).set(auth(organizerD1)).expect(200);
    expect(res.body).toMatchObject({ username: 'an.nguyen', citizenIdMasked: '********5678', status: 'active' });
    expect(JSON.stringify(res.body)).not.toContain('031200005678');
    expect(JSON.stringify(res.body)).not.toContain(an.citizen_id_hash);
    expect((await t.http.get(`/api/v1/users/${an.id}`).set(auth(organizerD2)).expect(403)).body.code).toBe(
      'OUT_OF_SCOPE',
    );
    expect((await t.http.get(`/api/v1/users/${admin.id}`).set(auth(organizerD1)).expect(403)).body.code).toBe(
      'OUT_OF_SCOPE',
    );
  });

  it('lets an organizer grant author, reviewer and host in their subtree, never organizer or admin', async () => {
    const cuong = await userByName('cuong.le');
    const ok = await t.http
      .patch(`/api/v1/users/${cuong.id}/roles`)
      .set(auth(organizerD1))
      .send({ roles: ['participant', 'author'] })
      .expect(200);
    expect(ok.body.roles).toEqual(['participant', 'author']);
    for (const roles of [['organizer'], ['admin'], ['participant', 'organizer']]) {
      const res = await t.http
        .patch(`/api/v1/users/${cuong.id}/roles`)
        .set(auth(organizerD1))
        .send({ roles })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    const other = await t.http
      .patch(`/api/v1/users/${cuong.id}/roles`)
      .set(auth(organizerD2))
      .send({ roles: ['author'] })
      .expect(403);
    expect(other.body.code).toBe('OUT_OF_SCOPE');
    const bad = await t.http
      .patch(`/api/v1/users/${cuong.id}/roles`)
      .set(auth(admin))
      .send({ roles: ['king'] })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await t.http
      .patch(`/api/v1/users/${cuong.id}/roles`)
      .set(auth(admin))
      .send({ roles: ['organizer'] })
      .expect(200);
    const audit = await t.dataSource.query(
      "SELECT count(*)::int AS n FROM audit_event WHERE action = 'user.roles' AND target = $1",
      [cuong.id],
    );
    expect(audit[0].n).toBe(2);
  });

  it('disables an account so it cannot sign in, but not one’s own nor an organizer’s as an organizer', async () => {
    const target = await createUser(t, { username: 'se.bi.khoa', roles: ['participant'], unitId: units['d1/w1']! });
    await t.http
      .patch(`/api/v1/users/${target.id}/status`)
      .set(auth(organizerD1))
      .send({ status: 'disabled' })
      .expect(200);
    // Answered as a wrong password would be: the right one is not confirmed to whoever holds it.
    const login = await t.http
      .post('/api/v1/auth/login')
      .send({ username: 'se.bi.khoa', password: target.password })
      .expect(401);
    expect(login.body.code).toBe('INVALID_CREDENTIALS');
    const self = await t.http
      .patch(`/api/v1/users/${organizerD1.id}/status`)
      .set(auth(organizerD1))
      .send({ status: 'disabled' })
      .expect(403);
    expect(self.body.code).toBe('FORBIDDEN');
    const cuong = await userByName('cuong.le'); // an organizer since the previous test
    await t.http
      .patch(`/api/v1/users/${cuong.id}/status`)
      .set(auth(organizerD1))
      .send({ status: 'disabled' })
      .expect(403);
    await t.http.patch(`/api/v1/users/${target.id}/status`).set(auth(admin)).send({ status: 'active' }).expect(200);
    await t.http.post('/api/v1/auth/login').send({ username: 'se.bi.khoa', password: target.password }).expect(200);
  });

  it('refuses a disabled account’s unexpired token at once here, and on another instance after its next poll', async () => {
    const target = await createUser(t, {
      username: 'bi.khoa.giua.gio',
      roles: ['participant'],
      unitId: units['d1/w1']!,
    });
    // A route that reads no account (GET /auth/me would refuse a disabled one by itself): let through, it says the
    // round does not exist (404); refused, ACCOUNT_DISABLED (403).
    const me = () => t.http.get('/api/v1/rounds/00000000-0000-4000-8000-000000000000/my-rank').set(auth(target));
    const allowed = 404;
    await me().expect(allowed);
    await t.http
      .patch(`/api/v1/users/${target.id}/status`)
      .set(auth(organizerD1))
      .send({ status: 'disabled' })
      .expect(200);
    expect((await me().expect(403)).body.code).toBe('ACCOUNT_DISABLED');
    await t.http.patch(`/api/v1/users/${target.id}/status`).set(auth(admin)).send({ status: 'active' }).expect(200);
    await me().expect(allowed);

    // Disabled through another instance: this one learns it from the database at its next poll.
    const setStatus = (status: string) =>
      t.dataSource.query('UPDATE app_user SET status = $1, updated_at = now() WHERE id = $2', [status, target.id]);
    const poll = () => t.app.get(DisabledAccounts).refresh();
    await setStatus('disabled');
    await me().expect(allowed);
    await poll();
    expect((await me().expect(403)).body.code).toBe('ACCOUNT_DISABLED');
    await setStatus('active');
    await poll();
    await me().expect(allowed);
  });

  it('exports people of the subtree as XLSX with masked citizen IDs, and logs the export', async () => {
    const res = await t.http
      .get('/api/v1/users/export.xlsx')
      .set(auth(organizerD1))
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const rows = await readXlsx(res.body as Buffer);
    expect(rows[0]![0]).toBe('Họ và tên');
    const an = rows.find((r) => r[1] === 'an.nguyen')!;
    expect(an[2]).toBe('19/05/2000');
    expect(an[5]).toBe('********5678');
    expect(rows.some((r) => r[1] === 'nguoi.d2')).toBe(false);
    const audit = await t.dataSource.query("SELECT actor_id, details FROM audit_event WHERE action = 'user.export'");
    expect(audit).toEqual([{ actor_id: organizerD1.id, details: { rows: rows.length - 1 } }]);
    const out = await t.http.get(`/api/v1/users/export.xlsx?unitId=${units.d2}`).set(auth(organizerD1)).expect(403);
    expect(out.body.code).toBe('OUT_OF_SCOPE');
  });
});
