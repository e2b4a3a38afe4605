import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';

const single = (text: string) => ({
  type: 'single',
  text,
  options: [
    { text: 'Đúng', fraction: 1 },
    { text: 'Sai', fraction: 0 },
  ],
});

describe('question bank housekeeping: rename, archive and restore', () => {
  let t: TestApp;
  let units: UnitIds;
  let d1Organizer: SeededUser;
  let d2Organizer: SeededUser;
  let author: SeededUser;
  let bankId: string;

  const as = (user: SeededUser) => ({
    get: (url: string) => t.http.get(`/api/v1${url}`).set('Authorization', `Bearer ${user.token}`),
    post: (url: string, body?: object) =>
      t.http
        .post(`/api/v1${url}`)
        .set('Authorization', `Bearer ${user.token}`)
        .send(body ?? {}),
    patch: (url: string, body: object) =>
      t.http.patch(`/api/v1${url}`).set('Authorization', `Bearer ${user.token}`).send(body),
  });
  const ids = (body: { id: string }[]) => body.map((b) => b.id);

  beforeAll(async () => {
    t = await startTestApp();
    units = await seedSmallTree(t);
    d1Organizer = await createUser(t, { username: 'btc-kho-1', roles: ['organizer'], unitId: units.d1! });
    d2Organizer = await createUser(t, { username: 'btc-kho-2', roles: ['organizer'], unitId: units.d2! });
    author = await createUser(t, { username: 'tac-gia-kho', roles: ['author'], unitId: units.d1! });
    bankId = (await as(d1Organizer).post('/question-banks', { name: 'Ngân hàng cũ' }).expect(201)).body.id;
    await as(author).post(`/question-banks/${bankId}/questions`, single('Câu một')).expect(201);
  });
  afterAll(async () => t?.close());

  it('renames a bank and its description, refusing an empty name beside its field', async () => {
    const res = await as(d1Organizer)
      .patch(`/question-banks/${bankId}`, { name: '  Ngân hàng   pháp luật 2026 ', description: 'Dùng cho vòng 1' })
      .expect(200);
    expect(res.body).toMatchObject({ name: 'Ngân hàng   pháp luật 2026', description: 'Dùng cho vòng 1' });
    const empty = await as(d1Organizer).patch(`/question-banks/${bankId}`, { name: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'name' }] });
    const tooLong = await as(d1Organizer).patch(`/question-banks/${bankId}`, { name: 'x'.repeat(201) });
    expect(tooLong.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'name' }] });
    expect((await as(d1Organizer).get(`/question-banks/${bankId}`).expect(200)).body.name).toBe(
      'Ngân hàng   pháp luật 2026',
    );
    const audit: { details: object }[] = await t.dataSource.query(
      "SELECT details FROM audit_event WHERE action = 'question-bank.update' AND target = $1",
      [bankId],
    );
    expect(audit.map((a) => a.details)).toEqual([{ name: { from: 'Ngân hàng cũ', to: 'Ngân hàng   pháp luật 2026' } }]);
  });

  it('lets only organizers of the owner’s subtree change a bank', async () => {
    const other = await as(d2Organizer).patch(`/question-banks/${bankId}`, { name: 'Của tôi' });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('OUT_OF_SCOPE');
    expect((await as(author).patch(`/question-banks/${bankId}`, { archived: true })).status).toBe(403);
    expect((await as(d1Organizer).get(`/question-banks/${bankId}`).expect(200)).body.archivedAt).toBeNull();
  });

  it('archives a bank: listed apart, readable and exportable, closed to new questions until restored', async () => {
    const archived = await as(d1Organizer).patch(`/question-banks/${bankId}`, { archived: true }).expect(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    expect(ids((await as(d1Organizer).get('/question-banks').expect(200)).body)).not.toContain(bankId);
    expect(ids((await as(d1Organizer).get('/question-banks?archived=true').expect(200)).body)).toEqual([bankId]);
    // Archiving again keeps the first time.
    const again = await as(d1Organizer).patch(`/question-banks/${bankId}`, { archived: true }).expect(200);
    expect(again.body.archivedAt).toBe(archived.body.archivedAt);

    expect((await as(author).get(`/question-banks/${bankId}/questions`).expect(200)).body.total).toBe(1);
    await as(author).get(`/question-banks/${bankId}/export?format=gift`).expect(200);
    const refused = await as(author).post(`/question-banks/${bankId}/questions`, single('Câu hai'));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('BANK_ARCHIVED');
    const imported = await t.http
      .post(`/api/v1/question-banks/${bankId}/imports`)
      .set('Authorization', `Bearer ${author.token}`)
      .attach('file', Buffer.from('Câu ba {=Đúng ~Sai}\n'), 'cau.gift');
    expect(imported.body.code).toBe('BANK_ARCHIVED');
    expect((await as(author).get(`/question-banks/${bankId}/questions`).expect(200)).body.total).toBe(1);

    const restored = await as(d1Organizer).patch(`/question-banks/${bankId}`, { archived: false }).expect(200);
    expect(restored.body.archivedAt).toBeNull();
    expect(ids((await as(d1Organizer).get('/question-banks').expect(200)).body)).toContain(bankId);
    await as(author).post(`/question-banks/${bankId}/questions`, single('Câu hai')).expect(201);
    expect((await as(d1Organizer).get('/question-banks?archived=maybe')).status).toBe(400);
  });
});
