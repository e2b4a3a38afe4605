import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { brokenTreeRows } from './tree-invariant.js';

describe('unit tree: create, rename, move, merge', () => {
  let t: TestApp;
  let units: UnitIds;
  let admin: SeededUser;
  let organizerD1: SeededUser;
  let participant: SeededUser;
  let seq = 0;

  const auth = (user: SeededUser) => ({ Authorization: `Bearer ${user.token}` });

  /** A fresh unit made by the admin, with a unique code, so tests do not share tree state. */
  async function makeUnit(parentId: string, counts = { cadres: 1, members: 2, youth: 3, teens: 4 }): Promise<string> {
    const parent = await getUnit(parentId);
    const code = `${parent.depth === 0 ? '' : `${parent.code}/`}u${++seq}`;
    const res = await t.http
      .post('/api/v1/units')
      .set(auth(admin))
      .send({ parentId, code, name: `Đơn vị ${seq}`, kind: 'branch', counts });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const getUnit = async (id: string) => (await t.http.get(`/api/v1/units/${id}`).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    units = await seedSmallTree(t);
    admin = await createUser(t, { username: 'admin-units', roles: ['admin'], unitId: units.city! });
    organizerD1 = await createUser(t, { username: 'org-d1', roles: ['organizer'], unitId: units.d1! });
    participant = await createUser(t, { username: 'thisinh-units', roles: ['participant'], unitId: units['d1/w1']! });
  });
  afterAll(async () => {
    if (t) expect(await brokenTreeRows(t)).toEqual([]);
    await t?.close();
  });

  it('creates a unit under a parent with its path and depth, and refuses a taken code', async () => {
    const res = await t.http
      .post('/api/v1/units')
      .set(auth(organizerD1))
      .send({ parentId: units.d1, code: 'd1/new-school', name: '  Trường   THPT Mới ', kind: 'school' })
      .expect(201);
    expect(res.body).toMatchObject({ name: 'Trường THPT Mới', parentId: units.d1, depth: 2, status: 'active' });
    const again = await t.http
      .post('/api/v1/units')
      .set(auth(admin))
      .send({ parentId: units.d1, code: 'd1/new-school', name: 'Trùng mã', kind: 'school' })
      .expect(409);
    expect(again.body.code).toBe('UNIT_CODE_TAKEN');
  });

  it('keeps a child’s code under its parent’s and its kind fitting the parent, on create and on move', async () => {
    const organizerD2 = await createUser(t, { username: 'org-d2-codes', roles: ['organizer'], unitId: units.d2! });
    const create = (user: SeededUser, body: object) => t.http.post('/api/v1/units').set(auth(user)).send(body);
    // Another district's namespace, taken from inside one's own subtree: refused, and the code stays free for d1.
    const squat = await create(organizerD2, { parentId: units.d2, code: 'd1/w3', name: 'Chiếm mã', kind: 'ward' });
    expect(squat.status).toBe(400);
    expect(squat.body).toMatchObject({ code: 'UNIT_CODE_OUTSIDE_PARENT', details: [{ field: 'code' }] });
    expect((await create(organizerD2, { parentId: units.d2, code: 'd2/w1/x', name: 'X', kind: 'ward' })).status).toBe(
      400,
    );
    await create(organizerD1, { parentId: units.d1, code: 'd1/w3', name: 'Phường Một Ba', kind: 'ward' }).expect(201);
    // A kind that does not fit its parent.
    for (const [parentId, code, kind] of [
      [units['d1/w1'], 'd1/w1/quan', 'district'],
      [units.d1, 'd1/thanh-pho', 'city'],
      [units.city, 'chi-doan', 'branch'],
    ] as const) {
      const res = await create(admin, { parentId, code, name: 'Sai loại', kind });
      expect({ code, status: res.status, error: res.body.code }).toEqual({
        code,
        status: 400,
        error: 'UNIT_KIND_INVALID',
      });
    }
    // Under the city: one-segment codes.
    await create(admin, { parentId: units.city, code: 'd3', name: 'Quận Ba', kind: 'district' }).expect(201);

    // A move carries the codes of the whole subtree under the new parent's; a kind that does not fit is refused.
    const ward = (await create(admin, { parentId: units.d1, code: 'd1/w4', name: 'P4', kind: 'ward' }).expect(201))
      .body;
    const school = (
      await create(admin, { parentId: ward.id, code: 'd1/w4/s', name: 'Trường', kind: 'school' }).expect(201)
    ).body;
    const branch = (
      await create(admin, { parentId: school.id, code: 'd1/w4/s/c', name: 'Chi đoàn', kind: 'branch' }).expect(201)
    ).body;
    const wrongKind = await t.http
      .post(`/api/v1/units/${ward.id}/move`)
      .set(auth(admin))
      .send({ newParentId: units['d2/w1'] })
      .expect(400);
    expect(wrongKind.body.code).toBe('UNIT_KIND_INVALID');
    await t.http.post(`/api/v1/units/${ward.id}/move`).set(auth(admin)).send({ newParentId: units.d2 }).expect(200);
    expect((await getUnit(ward.id)).code).toBe('d2/w4');
    expect((await getUnit(school.id)).code).toBe('d2/w4/s');
    expect((await getUnit(branch.id)).code).toBe('d2/w4/s/c');
    // Moving onto a code that is taken there is refused as such, nothing moved.
    const clash = (await create(admin, { parentId: units.d1, code: 'd1/w4', name: 'P4 mới', kind: 'ward' })).body;
    const taken = await t.http
      .post(`/api/v1/units/${clash.id}/move`)
      .set(auth(admin))
      .send({ newParentId: units.d2 })
      .expect(409);
    expect(taken.body.code).toBe('UNIT_CODE_TAKEN');
    expect(await getUnit(clash.id)).toMatchObject({ parentId: units.d1, code: 'd1/w4' });
  });

  it('renames a unit and sets its member counts', async () => {
    const id = await makeUnit(units['d1/w1']!);
    const res = await t.http
      .patch(`/api/v1/units/${id}`)
      .set(auth(organizerD1))
      .send({ name: 'Chi đoàn Đổi Tên', counts: { cadres: 3, members: 40, youth: 90, teens: 12 } })
      .expect(200);
    expect(res.body).toMatchObject({
      name: 'Chi đoàn Đổi Tên',
      counts: { cadres: 3, members: 40, youth: 90, teens: 12 },
    });
    const bad = await t.http
      .patch(`/api/v1/units/${id}`)
      .set(auth(admin))
      .send({ counts: { cadres: -1, members: 0, youth: 0, teens: 0 } })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('moves a unit with its whole subtree, rewriting paths and depths', async () => {
    const branch = await makeUnit(units['d1/w2']!);
    const leaf = await makeUnit(branch);
    await t.http
      .post(`/api/v1/units/${branch}/move`)
      .set(auth(admin))
      .send({ newParentId: units['d2/s1'] })
      .expect(200);
    expect(await getUnit(branch)).toMatchObject({ parentId: units['d2/s1'], depth: 3 });
    expect(await getUnit(leaf)).toMatchObject({ parentId: branch, depth: 4 });
    const [row] = await t.dataSource.query('SELECT path FROM org_unit WHERE id = $1', [leaf]);
    expect(row.path).toBe(`/${units.city}/${units.d2}/${units['d2/s1']}/${branch}/${leaf}/`);
    expect(await brokenTreeRows(t)).toEqual([]);
  });

  it('refuses to move a unit under itself or under its own descendant with UNIT_MOVE_CYCLE', async () => {
    const top = await makeUnit(units.d2!);
    const middle = await makeUnit(top);
    const bottom = await makeUnit(middle);
    for (const target of [top, middle, bottom]) {
      const res = await t.http
        .post(`/api/v1/units/${top}/move`)
        .set(auth(admin))
        .send({ newParentId: target })
        .expect(422);
      expect(res.body.code).toBe('UNIT_MOVE_CYCLE');
    }
    expect(await getUnit(top)).toMatchObject({ parentId: units.d2, depth: 2 });
  });

  it('merges a unit: people, child units and member counts move, the source stays readable but listed nowhere', async () => {
    const source = await makeUnit(units.d1!, { cadres: 5, members: 50, youth: 100, teens: 20 });
    const target = await makeUnit(units.d1!, { cadres: 1, members: 10, youth: 20, teens: 30 });
    const child = await makeUnit(source);
    const grandchild = await makeUnit(child);
    const member = await createUser(t, { username: 'nguoi-sap-nhap', roles: ['participant'], unitId: source });

    const res = await t.http
      .post(`/api/v1/units/${source}/merge`)
      .set(auth(organizerD1))
      .send({ targetUnitId: target })
      .expect(200);
    expect(res.body).toEqual({ sourceUnitId: source, targetUnitId: target, movedUsers: 1, movedChildren: 1 });

    expect(await getUnit(target)).toMatchObject({
      status: 'active',
      counts: { cadres: 6, members: 60, youth: 120, teens: 50 },
    });
    expect(await getUnit(source)).toMatchObject({
      status: 'merged',
      mergedIntoId: target,
      counts: { cadres: 0, members: 0, youth: 0, teens: 0 },
    });
    expect(await getUnit(child)).toMatchObject({ parentId: target, depth: 3 });
    expect(await getUnit(grandchild)).toMatchObject({ parentId: child, depth: 4 });
    const [user] = await t.dataSource.query('SELECT unit_id FROM app_user WHERE id = $1', [member.id]);
    expect(user.unit_id).toBe(target);

    const siblings = (await t.http.get(`/api/v1/units?parentId=${units.d1}`).expect(200)).body as { id: string }[];
    expect(siblings.map((u) => u.id)).toContain(target);
    expect(siblings.map((u) => u.id)).not.toContain(source);
    expect((await t.http.get(`/api/v1/units?parentId=${source}`).expect(200)).body).toEqual([]);

    const merges = await t.dataSource.query('SELECT * FROM unit_merge WHERE source_unit_id = $1', [source]);
    expect(merges).toHaveLength(1);
    expect(merges[0]).toMatchObject({
      target_unit_id: target,
      moved_users: 1,
      moved_children: 1,
      source_counts: { cadres: 5, members: 50, youth: 100, teens: 20 },
      merged_by: organizerD1.id,
    });
    const audit = await t.dataSource.query("SELECT * FROM audit_event WHERE action = 'unit.merge' AND target = $1", [
      source,
    ]);
    expect(audit).toHaveLength(1);
  });

  it('renames the merged children’s codes under the target’s, as a move does', async () => {
    const source = await getUnit(await makeUnit(units.d1!));
    const target = await getUnit(await makeUnit(units.d1!));
    const child = await getUnit(await makeUnit(source.id));
    const grandchild = await getUnit(await makeUnit(child.id));
    const childSegment = child.code.split('/').pop();
    await t.http
      .post(`/api/v1/units/${source.id}/merge`)
      .set(auth(admin))
      .send({ targetUnitId: target.id })
      .expect(200);
    expect(await getUnit(child.id)).toMatchObject({ parentId: target.id, code: `${target.code}/${childSegment}` });
    expect((await getUnit(grandchild.id)).code).toBe(
      `${target.code}/${childSegment}/${grandchild.code.split('/').pop()}`,
    );
    // The source keeps its own code: results and reports name it.
    expect(await getUnit(source.id)).toMatchObject({ status: 'merged', code: source.code });
  });

  it('refuses a merge whose renamed child code is taken under the target, and changes nothing', async () => {
    const source = await getUnit(await makeUnit(units.d2!));
    const target = await getUnit(await makeUnit(units.d2!));
    const children = [await getUnit(await makeUnit(source.id)), await getUnit(await makeUnit(source.id))];
    const clashing = children[1];
    const member = await createUser(t, { username: 'nguoi-sap-nhap-trung', roles: ['participant'], unitId: source.id });
    const taken = `${target.code}/${clashing.code.split('/').pop()}`;
    await t.http
      .post('/api/v1/units')
      .set(auth(admin))
      .send({ parentId: target.id, code: taken, name: 'Trùng mã', kind: 'branch' })
      .expect(201);

    const res = await t.http
      .post(`/api/v1/units/${source.id}/merge`)
      .set(auth(admin))
      .send({ targetUnitId: target.id })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'UNIT_CODE_TAKEN', details: [{ field: 'code' }] });
    expect(res.body.message).toContain(`"${taken}"`);
    expect(res.body.message).toContain('đã thuộc một đơn vị khác');

    // One transaction: the other child is not half moved, the people and counts stay, the source is not merged.
    expect(await getUnit(source.id)).toMatchObject({ status: 'active', counts: source.counts });
    expect(await getUnit(target.id)).toMatchObject({ counts: target.counts });
    for (const child of children) {
      expect(await getUnit(child.id)).toMatchObject({ parentId: source.id, code: child.code, depth: child.depth });
    }
    const [user] = await t.dataSource.query('SELECT unit_id FROM app_user WHERE id = $1', [member.id]);
    expect(user.unit_id).toBe(source.id);
    expect(await t.dataSource.query('SELECT 1 FROM unit_merge WHERE source_unit_id = $1', [source.id])).toEqual([]);
  });

  it('refuses to change a merged unit, to merge into one, or to merge a unit into its own descendant', async () => {
    const source = await makeUnit(units.d2!);
    const target = await makeUnit(units.d2!);
    await t.http.post(`/api/v1/units/${source}/merge`).set(auth(admin)).send({ targetUnitId: target }).expect(200);
    const rename = await t.http.patch(`/api/v1/units/${source}`).set(auth(admin)).send({ name: 'X' }).expect(409);
    expect(rename.body.code).toBe('UNIT_INACTIVE');
    const into = await t.http
      .post(`/api/v1/units/${target}/merge`)
      .set(auth(admin))
      .send({ targetUnitId: source })
      .expect(409);
    expect(into.body.code).toBe('UNIT_INACTIVE');
    const under = await t.http
      .post('/api/v1/units')
      .set(auth(admin))
      .send({ parentId: source, code: `${(await getUnit(source)).code}/con`, name: 'Con', kind: 'branch' })
      .expect(409);
    expect(under.body.code).toBe('UNIT_INACTIVE');

    const parent = await makeUnit(units.d2!);
    const descendant = await makeUnit(parent);
    for (const targetUnitId of [descendant, parent]) {
      const res = await t.http
        .post(`/api/v1/units/${parent}/merge`)
        .set(auth(admin))
        .send({ targetUnitId })
        .expect(422);
      expect(res.body.code).toBe('UNIT_MERGE_INVALID');
    }
  });

  it('keeps an organizer inside their subtree and away from their own root', async () => {
    const mine = await makeUnit(units['d1/w1']!);
    const theirs = await makeUnit(units['d2/w1']!);
    const attempts: [string, string, object][] = [
      ['patch', `/api/v1/units/${theirs}`, { name: 'Không được' }],
      ['post', '/api/v1/units', { parentId: units.d2, code: 'd2/khong-duoc', name: 'Không', kind: 'branch' }],
      ['post', `/api/v1/units/${theirs}/move`, { newParentId: units['d1/w1'] }],
      ['post', `/api/v1/units/${mine}/move`, { newParentId: units['d2/w1'] }],
      ['post', `/api/v1/units/${units.d1}/move`, { newParentId: units['d1/w1'] }],
      ['post', `/api/v1/units/${units.d1}/move`, { newParentId: units.d2 }],
      ['post', `/api/v1/units/${theirs}/merge`, { targetUnitId: mine }],
      ['post', `/api/v1/units/${mine}/merge`, { targetUnitId: theirs }],
      ['post', `/api/v1/units/${units.d1}/merge`, { targetUnitId: mine }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await (method === 'patch' ? t.http.patch(path) : t.http.post(path)).set(auth(organizerD1)).send(body);
      expect({ path, body, status: res.status, code: res.body.code }).toEqual({
        path,
        body,
        status: 403,
        code: 'OUT_OF_SCOPE',
      });
    }
    expect(await getUnit(theirs)).toMatchObject({ parentId: units['d2/w1'], status: 'active' });
    expect(await getUnit(units.d1!)).toMatchObject({ parentId: units.city, status: 'active' });

    // Inside the subtree the same organizer may move and merge.
    const other = await makeUnit(units['d1/w2']!);
    await t.http.post(`/api/v1/units/${mine}/move`).set(auth(organizerD1)).send({ newParentId: other }).expect(200);
  });

  it('refuses tree edits to participants and to anonymous callers', async () => {
    const id = await makeUnit(units['d1/w1']!);
    const forbidden = await t.http.patch(`/api/v1/units/${id}`).set(auth(participant)).send({ name: 'X' }).expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    const anonymous = await t.http.post(`/api/v1/units/${id}/move`).send({ newParentId: units.d2 }).expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
  });

  it('serializes two concurrent moves that would together make a cycle: exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await makeUnit(units.d2!);
      const b = await makeUnit(units.d2!);
      const results = await Promise.all([
        t.http.post(`/api/v1/units/${a}/move`).set(auth(admin)).send({ newParentId: b }),
        t.http.post(`/api/v1/units/${b}/move`).set(auth(admin)).send({ newParentId: a }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
      expect(results.find((r) => r.status === 422)!.body.code).toBe('UNIT_MOVE_CYCLE');
    }
    expect(await brokenTreeRows(t)).toEqual([]);
  });

  it('keeps paths right when a child is created under a unit that is being moved at the same time', async () => {
    for (let round = 0; round < 5; round++) {
      const parent = await makeUnit(units.d1!);
      const grand = await makeUnit(parent);
      const grandCode = (await getUnit(grand)).code as string;
      const [moved, created] = await Promise.all([
        t.http.post(`/api/v1/units/${parent}/move`).set(auth(admin)).send({ newParentId: units.d2 }),
        t.http
          .post('/api/v1/units')
          .set(auth(admin))
          .send({ parentId: grand, code: `${grandCode}/race-${round}`, name: 'Chi đoàn mới', kind: 'branch' }),
      ]);
      expect(moved.status).toBe(200);
      if (created.status === 201) {
        // Created first: the move then carried it, path and code, with its parent.
        expect(await getUnit(created.body.id)).toMatchObject({ parentId: grand, depth: 4 });
        expect((await getUnit(created.body.id)).code).toBe(`${(await getUnit(grand)).code}/race-${round}`);
      } else {
        // Moved first: the code the client chose still names the parent's old code.
        expect({ status: created.status, code: created.body.code }).toEqual({
          status: 400,
          code: 'UNIT_CODE_OUTSIDE_PARENT',
        });
      }
    }
    expect(await brokenTreeRows(t)).toEqual([]);
  });

  it('lets only one of two concurrent merges of the same unit happen', async () => {
    const source = await makeUnit(units.d2!, { cadres: 1, members: 1, youth: 1, teens: 1 });
    const first = await makeUnit(units.d2!, { cadres: 0, members: 0, youth: 0, teens: 0 });
    const second = await makeUnit(units.d2!, { cadres: 0, members: 0, youth: 0, teens: 0 });
    const results = await Promise.all([
      t.http.post(`/api/v1/units/${source}/merge`).set(auth(admin)).send({ targetUnitId: first }),
      t.http.post(`/api/v1/units/${source}/merge`).set(auth(admin)).send({ targetUnitId: second }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const totals = (await getUnit(first)).counts.members + (await getUnit(second)).counts.members;
    expect(totals).toBe(1);
    const merges = await t.dataSource.query('SELECT 1 FROM unit_merge WHERE source_unit_id = $1', [source]);
    expect(merges).toHaveLength(1);
  });
});
