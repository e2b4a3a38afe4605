import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { binaryBody, readXlsx } from './spreadsheets.js';
import { brokenTreeRows } from './tree-invariant.js';

/** What the admin app's units and people screens ask of the API beyond plain CRUD: search, previews, filters. */
describe('units and people screens: search without diacritics, move and merge previews, people filters', () => {
  let t: TestApp;
  let units: UnitIds;
  let admin: SeededUser;
  let organizerD1: SeededUser;

  const as = (user: SeededUser) => ({
    get: (url: string) => t.http.get(`/api/v1${url}`).set('Authorization', `Bearer ${user.token}`),
    post: (url: string, body?: object) =>
      t.http
        .post(`/api/v1${url}`)
        .set('Authorization', `Bearer ${user.token}`)
        .send(body ?? {}),
  });
  const snapshot = async () =>
    t.dataSource.query(
      `SELECT id, code, path, depth, status, parent_id, cadres, members, youth, teens,
              (SELECT count(*)::int FROM app_user WHERE unit_id = org_unit.id) AS people
       FROM org_unit ORDER BY id`,
    );
  const auditCount = async () =>
    ((await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event')) as { n: number }[])[0]!.n;

  beforeAll(async () => {
    t = await startTestApp();
    units = await seedSmallTree(t);
    admin = await createUser(t, { username: 'admin-screens', roles: ['admin'], unitId: units.city! });
    organizerD1 = await createUser(t, { username: 'org-screens-d1', roles: ['organizer'], unitId: units.d1! });
  });
  afterAll(async () => {
    if (t) expect(await brokenTreeRows(t)).toEqual([]);
    await t?.close();
  });

  it('finds units by name without diacritics or case, only in the caller’s subtree, with their ancestors', async () => {
    const found = await as(organizerD1).get('/units/search?q=PHUONG mot').expect(200);
    expect(found.body.map((u: { code: string }) => u.code).sort()).toEqual(['d1/w1', 'd1/w2']);
    expect(found.body[0].trail).toEqual(['Thành đoàn Thử Nghiệm', 'Quận Một']);
    // "Phường Hai Một" is in district 2: outside this organizer's subtree, found by the administrator only.
    const all = await as(admin).get('/units/search?q=phuong hai').expect(200);
    expect(all.body.map((u: { code: string }) => u.code)).toEqual(['d2/w1']);
    expect((await as(organizerD1).get('/units/search?q=phuong hai').expect(200)).body).toEqual([]);
    // With diacritics typed, and by code.
    expect((await as(admin).get('/units/search?q=Trường THCS').expect(200)).body[0].code).toBe('d2/s1');
    expect((await as(admin).get('/units/search?q=d2/s').expect(200)).body[0].code).toBe('d2/s1');
    // LIKE's own characters are searched for, not obeyed.
    expect((await as(admin).get('/units/search?q=%25').expect(200)).body).toEqual([]);
    expect((await as(admin).get('/units/search?q=').expect(400)).body.code).toBe('VALIDATION_FAILED');
    await t.http.get('/api/v1/units/search?q=mot').expect(401);
  });

  it('previews a move with the people, sub-units, counts and codes it carries, and changes nothing', async () => {
    const branch = await as(admin)
      .post('/units', {
        parentId: units['d1/w2'],
        code: 'd1/w2/chi-doan-1',
        name: 'Chi đoàn 1',
        kind: 'branch',
        counts: { cadres: 1, members: 20, youth: 0, teens: 0 },
      })
      .expect(201);
    await createUser(t, { username: 'nguoi-chi-doan', roles: ['participant'], unitId: branch.body.id });
    await createUser(t, { username: 'nguoi-phuong', roles: ['participant'], unitId: units['d1/w2']! });
    const before = await snapshot();
    const audits = await auditCount();

    const preview = await as(admin)
      .post(`/units/${units['d1/w2']}/move/preview`, { newParentId: units.d2 })
      .expect(200);
    expect(preview.body).toEqual({
      action: 'move',
      unit: { id: units['d1/w2'], code: 'd1/w2', name: 'Phường Một Hai' },
      target: { id: units.d2, code: 'd2', name: 'Quận Hai' },
      currentParent: { id: units.d1, code: 'd1', name: 'Quận Một' },
      peopleReassigned: 0,
      peopleCarried: 2,
      childUnits: 1,
      descendantUnits: 1,
      countsMoved: { cadres: 6, members: 70, youth: 150, teens: 100 },
      targetCountsAfter: null,
      codeChangeCount: 2,
      codeChanges: [
        { from: 'd1/w2', to: 'd2/w2' },
        { from: 'd1/w2/chi-doan-1', to: 'd2/w2/chi-doan-1' },
      ],
    });
    expect(await snapshot()).toEqual(before);
    expect(await auditCount()).toBe(audits);

    // The preview refuses what the move refuses, the same way: out of scope, a cycle.
    const out = await as(organizerD1).post(`/units/${units['d1/w2']}/move/preview`, { newParentId: units.d2 });
    expect(out.status).toBe(403);
    expect(out.body.code).toBe('OUT_OF_SCOPE');
    const cycle = await as(admin).post(`/units/${units.d1}/move/preview`, { newParentId: units['d1/w2'] });
    expect(cycle.body.code).toBe('UNIT_MOVE_CYCLE');
    expect(await snapshot()).toEqual(before);
  });

  it('previews a move whose carried code is taken with the same 409 the move gives', async () => {
    await as(admin)
      .post('/units', { parentId: units.d2, code: 'd2/w9', name: 'Phường Hai Chín', kind: 'ward' })
      .expect(201);
    const source = await as(admin)
      .post('/units', { parentId: units.d1, code: 'd1/w9', name: 'Phường Một Chín', kind: 'ward' })
      .expect(201);
    const preview = await as(admin).post(`/units/${source.body.id}/move/preview`, { newParentId: units.d2 });
    expect(preview.status).toBe(409);
    expect(preview.body).toMatchObject({ code: 'UNIT_CODE_TAKEN', details: [{ field: 'code' }] });
    const move = await as(admin).post(`/units/${source.body.id}/move`, { newParentId: units.d2 });
    expect(move.status).toBe(409);
  });

  it('previews a merge: who changes unit, what the target holds after, which codes follow; nothing written', async () => {
    const target = await as(organizerD1)
      .post('/units', {
        parentId: units.d1,
        code: 'd1/w7',
        name: 'Phường Một Bảy',
        kind: 'ward',
        counts: { cadres: 1, members: 1, youth: 1, teens: 1 },
      })
      .expect(201);
    const source = await as(organizerD1)
      .post('/units', {
        parentId: units.d1,
        code: 'd1/w8',
        name: 'Phường Một Tám',
        kind: 'ward',
        counts: { cadres: 2, members: 3, youth: 4, teens: 5 },
      })
      .expect(201);
    const child = await as(organizerD1)
      .post('/units', { parentId: source.body.id, code: 'd1/w8/cd', name: 'Chi đoàn Tám', kind: 'branch' })
      .expect(201);
    await createUser(t, { username: 'tam-1', roles: ['participant'], unitId: source.body.id });
    await createUser(t, { username: 'tam-2', roles: ['participant'], unitId: source.body.id });
    await createUser(t, { username: 'tam-cd', roles: ['participant'], unitId: child.body.id });
    const before = await snapshot();

    const preview = await as(organizerD1)
      .post(`/units/${source.body.id}/merge/preview`, { targetUnitId: target.body.id })
      .expect(200);
    expect(preview.body).toMatchObject({
      action: 'merge',
      unit: { code: 'd1/w8' },
      target: { code: 'd1/w7' },
      peopleReassigned: 2,
      peopleCarried: 1,
      childUnits: 1,
      descendantUnits: 1,
      countsMoved: { cadres: 2, members: 3, youth: 4, teens: 5 },
      targetCountsAfter: { cadres: 3, members: 4, youth: 5, teens: 6 },
      codeChanges: [{ from: 'd1/w8/cd', to: 'd1/w7/cd' }],
    });
    expect(await snapshot()).toEqual(before);

    // The merge itself then does what the preview said.
    const merged = await as(organizerD1)
      .post(`/units/${source.body.id}/merge`, { targetUnitId: target.body.id })
      .expect(200);
    expect(merged.body).toMatchObject({ movedUsers: 2, movedChildren: 1 });
    expect((await t.http.get(`/api/v1/units/${target.body.id}`).expect(200)).body.counts).toEqual(
      preview.body.targetCountsAfter,
    );
    expect((await t.http.get(`/api/v1/units/${child.body.id}`).expect(200)).body.code).toBe('d1/w7/cd');
    const invalid = await as(organizerD1).post(`/units/${target.body.id}/merge/preview`, {
      targetUnitId: target.body.id,
    });
    expect(invalid.body.code).toBe('UNIT_MERGE_INVALID');
  });

  it('finds people by name without diacritics, filters by role and status, and exports what it found', async () => {
    await createUser(t, {
      username: 'nguyen.hoa',
      roles: ['participant', 'author'],
      unitId: units['d1/w1']!,
      fullName: 'Nguyễn Thị Hòa',
    });
    await createUser(t, {
      username: 'tran.dung',
      roles: ['participant'],
      unitId: units['d1/w1']!,
      fullName: 'Trần Văn Dũng',
    });
    const names = (body: { items: { fullName: string }[] }) => body.items.map((u) => u.fullName);
    expect(names((await as(organizerD1).get('/users?q=nguyen thi hoa').expect(200)).body)).toEqual(['Nguyễn Thị Hòa']);
    expect(names((await as(organizerD1).get('/users?q=VAN DUNG').expect(200)).body)).toEqual(['Trần Văn Dũng']);
    expect(names((await as(organizerD1).get('/users?q=NGUYEN.H').expect(200)).body)).toEqual(['Nguyễn Thị Hòa']);
    expect(names((await as(organizerD1).get('/users?role=author').expect(200)).body)).toEqual(['Nguyễn Thị Hòa']);
    const dung = (await as(organizerD1).get('/users?q=tran.dung').expect(200)).body.items[0];
    await t.http
      .patch(`/api/v1/users/${dung.id}/status`)
      .set('Authorization', `Bearer ${organizerD1.token}`)
      .send({ status: 'disabled' })
      .expect(200);
    expect(names((await as(organizerD1).get('/users?status=disabled').expect(200)).body)).toEqual(['Trần Văn Dũng']);
    expect((await as(organizerD1).get('/users?role=chief').expect(400)).body.code).toBe('VALIDATION_FAILED');

    const file = await as(organizerD1).get('/users/export.xlsx?role=author').buffer(true).parse(binaryBody).expect(200);
    const rows = await readXlsx(file.body as Buffer);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['Nguyễn Thị Hòa']);
    const audit: { details: { rows: number; role: string } }[] = await t.dataSource.query(
      "SELECT details FROM audit_event WHERE action = 'user.export' AND actor_id = $1",
      [organizerD1.id],
    );
    expect(audit.map((a) => a.details)).toEqual([{ rows: 1, role: 'author' }]);
  });
});
