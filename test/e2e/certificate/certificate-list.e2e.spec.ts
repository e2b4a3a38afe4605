import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateIssuer } from '../../../libs/certificate/src/index.js';
import type { CertificateTemplate } from '../../../libs/certificate/src/entities/certificate-template.entity.js';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';

const auth = (u: SeededUser) => ({ Authorization: `Bearer ${u.token}` });

interface Row {
  id: string;
  code: string;
  source: string;
  status: string;
  holderName: string;
}

/**
 * The organizers' certificate list: by source, by status (as the verify page shows it), a search on the holder's name
 * that ignores diacritics and case or on the start of the code, in pages, inside the organizer's subtree.
 */
describe('certificates: the organizers’ list (e2e)', () => {
  let t: TestApp;
  let units: UnitIds;
  let admin: SeededUser;
  let orgD1: SeededUser;
  let template: CertificateTemplate;
  const certs: Record<string, Row> = {};

  const list = async (who: SeededUser, query: Record<string, string | number>) => {
    const res = await t.http.get('/api/v1/certificates').query(query).set(auth(who));
    expect(res.status).toBe(200);
    return res.body as { items: Row[]; total: number };
  };
  const names = async (who: SeededUser, query: Record<string, string | number>) =>
    (await list(who, query)).items.map((c) => `${c.holderName}/${c.source}`).sort();

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://haidang.example' });
    units = await seedSmallTree(t);
    admin = await createUser(t, { username: 'qt-ds', roles: ['admin', 'organizer'], unitId: units.city! });
    orgD1 = await createUser(t, { username: 'tc-ds-d1', roles: ['organizer'], unitId: units['d1']! });
    const created = await t.http
      .post('/api/v1/certificate-templates')
      .set(auth(admin))
      .send({
        title: 'Giấy chứng nhận',
        body: 'Đã đạt {{achievement}}',
        issuerName: 'Ban Thường vụ Thành đoàn',
        signerName: 'Trần Văn Hưởng',
        signerTitle: 'Bí thư',
        orientation: 'landscape',
      })
      .expect(201);
    template = (await t.dataSource
      .getRepository('CertificateTemplate')
      .findOneByOrFail({ id: created.body.id })) as CertificateTemplate;
    const people = {
      duong: await createUser(t, {
        username: 'ds1',
        roles: ['participant'],
        unitId: units['d1/w1']!,
        fullName: 'Nguyễn Thị Thuỳ Dương',
      }),
      dang: await createUser(t, {
        username: 'ds2',
        roles: ['participant'],
        unitId: units['d1/w2']!,
        fullName: 'NGUYỄN VĂN ĐĂNG',
      }),
      ha: await createUser(t, {
        username: 'ds3',
        roles: ['participant'],
        unitId: units['d2/w1']!,
        fullName: 'Lê Thị Hà',
      }),
      thang: await createUser(t, {
        username: 'ds4',
        roles: ['participant'],
        unitId: units['d1/w1']!,
        fullName: 'Trần Đức Thắng',
      }),
    };
    const issue = async (source: 'course' | 'round' | 'live-game', unit: string, who: (keyof typeof people)[]) =>
      t.app.get(CertificateIssuer).issue({
        template,
        source,
        achievementKey: `${source}:${unit}`,
        achievementName: `Thành tích ${source}`,
        criteria: 'Thử nghiệm.',
        unitId: units[unit]!,
        batchId: null,
        issuedAt: new Date(),
        recipients: who.map((k) => ({ userId: people[k].id, rank: null, score: null, prizeLabel: null })),
      });
    await issue('course', 'd1/w1', ['duong', 'thang']);
    await issue('round', 'd1/w2', ['dang']);
    await issue('round', 'd2/w1', ['ha']);
    await issue('live-game', 'd1', ['duong']);
    for (const c of (await list(admin, {})).items) certs[`${c.holderName}/${c.source}`] = c;
    // Revoked (through the API) and expired (its validity ended yesterday).
    await t.http
      .post(`/api/v1/certificates/${certs['Trần Đức Thắng/course']!.id}/revoke`)
      .set(auth(admin))
      .send({ reason: 'Cấp nhầm người' })
      .expect(200);
    await t.dataSource.query(`UPDATE certificate SET expires_at = now() - interval '1 day' WHERE id = $1`, [
      certs['NGUYỄN VĂN ĐĂNG/round']!.id,
    ]);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists every certificate in scope with its source, newest first', async () => {
    expect(Object.keys(certs).sort()).toEqual([
      'Lê Thị Hà/round',
      'NGUYỄN VĂN ĐĂNG/round',
      'Nguyễn Thị Thuỳ Dương/course',
      'Nguyễn Thị Thuỳ Dương/live-game',
      'Trần Đức Thắng/course',
    ]);
    expect((await list(admin, {})).total).toBe(5);
  });

  it('searches the holder’s name without diacritics or case, and with them', async () => {
    expect(await names(admin, { q: 'nguyen' })).toEqual([
      'NGUYỄN VĂN ĐĂNG/round',
      'Nguyễn Thị Thuỳ Dương/course',
      'Nguyễn Thị Thuỳ Dương/live-game',
    ]);
    expect(await names(admin, { q: 'dang' })).toEqual(['NGUYỄN VĂN ĐĂNG/round']);
    expect(await names(admin, { q: 'ĐĂNG' })).toEqual(['NGUYỄN VĂN ĐĂNG/round']);
    expect(await names(admin, { q: '  THUY   duong ' })).toEqual([
      'Nguyễn Thị Thuỳ Dương/course',
      'Nguyễn Thị Thuỳ Dương/live-game',
    ]);
    // Decomposed input (as some keyboards send it) is the same name.
    expect(await names(admin, { q: 'Lê Thị Hà'.normalize('NFD') })).toEqual(['Lê Thị Hà/round']);
    expect(await names(admin, { q: 'le thi ha' })).toEqual(['Lê Thị Hà/round']);
    // LIKE's own characters are searched for, not obeyed.
    expect((await list(admin, { q: '%' })).total).toBe(0);
    expect((await list(admin, { q: '_' })).total).toBe(0);
  });

  it('finds a certificate by its code, typed loosely, or by the start of it', async () => {
    const c = certs['Lê Thị Hà/round']!;
    expect(await names(admin, { q: c.code })).toEqual(['Lê Thị Hà/round']);
    expect(await names(admin, { q: c.code.replace(/-/g, '').toLowerCase() })).toEqual(['Lê Thị Hà/round']);
    expect((await list(admin, { q: c.code.slice(0, 9) })).items.map((x) => x.id)).toContain(c.id);
  });

  it('filters by source and by status, the status the verify page shows', async () => {
    expect(await names(admin, { source: 'course' })).toEqual(['Nguyễn Thị Thuỳ Dương/course', 'Trần Đức Thắng/course']);
    expect(await names(admin, { source: 'round' })).toEqual(['Lê Thị Hà/round', 'NGUYỄN VĂN ĐĂNG/round']);
    expect(await names(admin, { source: 'live-game' })).toEqual(['Nguyễn Thị Thuỳ Dương/live-game']);
    expect(await names(admin, { status: 'revoked' })).toEqual(['Trần Đức Thắng/course']);
    expect(await names(admin, { status: 'expired' })).toEqual(['NGUYỄN VĂN ĐĂNG/round']);
    expect(await names(admin, { status: 'active' })).toEqual([
      'Lê Thị Hà/round',
      'Nguyễn Thị Thuỳ Dương/course',
      'Nguyễn Thị Thuỳ Dương/live-game',
    ]);
    const revoked = (await list(admin, { status: 'revoked' })).items[0]!;
    expect(revoked.status).toBe('revoked');
    expect((await list(admin, { status: 'expired' })).items[0]!.status).toBe('expired');
    // Together, and with the search.
    expect(await names(admin, { source: 'course', status: 'active', q: 'nguyen' })).toEqual([
      'Nguyễn Thị Thuỳ Dương/course',
    ]);
    for (const bad of [{ source: 'demo' }, { source: 'khac' }, { status: 'deleted' }]) {
      const res = await t.http.get('/api/v1/certificates').query(bad).set(auth(admin));
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('keeps an organizer to their subtree, searches included', async () => {
    expect(await names(orgD1, {})).toEqual([
      'NGUYỄN VĂN ĐĂNG/round',
      'Nguyễn Thị Thuỳ Dương/course',
      'Nguyễn Thị Thuỳ Dương/live-game',
      'Trần Đức Thắng/course',
    ]);
    expect((await list(orgD1, { q: 'le thi ha' })).total).toBe(0);
    expect((await list(orgD1, { q: certs['Lê Thị Hà/round']!.code })).total).toBe(0);
    expect((await list(orgD1, { source: 'round' })).total).toBe(1);
    const participant = await createUser(t, { username: 'ds-p', roles: ['participant'], unitId: units['d1']! });
    expect((await t.http.get('/api/v1/certificates').set(auth(participant))).status).toBe(403);
  });

  it('pages by 50 with the total of every page', async () => {
    // 55 more holders in d2/w1, written straight to the table (they never sign in).
    const people: { id: string }[] = await t.dataSource.query(
      `INSERT INTO app_user (username, password_hash, full_name, unit_id, roles)
       SELECT 'ds-many' || i, 'x', 'Võ Văn Số ' || i, $1, '{participant}' FROM generate_series(1, 55) i RETURNING id`,
      [units['d2/w1']],
    );
    await t.app.get(CertificateIssuer).issue({
      template,
      source: 'course',
      achievementKey: 'course:many',
      achievementName: 'Khóa học đông người',
      criteria: 'Thử nghiệm.',
      unitId: units['d2/w1']!,
      batchId: null,
      issuedAt: new Date(),
      recipients: people.map((p) => ({ userId: p.id, rank: null, score: null, prizeLabel: null })),
    });
    const first = await list(admin, { q: 'vo van so' });
    const second = await list(admin, { q: 'vo van so', page: 2 });
    expect([first.total, first.items.length, second.total, second.items.length]).toEqual([55, 50, 55, 5]);
    expect(new Set([...first.items, ...second.items].map((c) => c.id)).size).toBe(55);
    expect((await list(admin, { q: 'vo van so', page: 3 })).items).toEqual([]);
  });

  it('counts the certificates of a revoked signing key as revoked', async () => {
    const keys = (await t.http.get('/api/v1/certificate-keys').set(auth(admin)).expect(200)).body as {
      kid: string;
      status: string;
    }[];
    const active = keys.find((k) => k.status === 'active')!;
    await t.http
      .post(`/api/v1/certificate-keys/${encodeURIComponent(active.kid)}/revoke`)
      .set(auth(admin))
      .send({ reason: 'Lộ khóa bí mật' })
      .expect(204);
    expect((await list(admin, { status: 'active' })).total).toBe(0);
    expect((await list(admin, { status: 'expired' })).total).toBe(0);
    expect((await list(admin, { status: 'revoked' })).total).toBe(60);
  });
});
