import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { QuestionBankReader } from '../../../libs/question-bank/src/index.js';

const single = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'single',
  text,
  options: [
    { text: 'Đúng', fraction: 1 },
    { text: 'Sai một', fraction: 0 },
    { text: 'Sai hai', fraction: 0 },
  ],
  ...extra,
});

describe('question bank: authoring, versions, review, search and scope', () => {
  let t: TestApp;
  let units: UnitIds;
  let d1Organizer: SeededUser;
  let d2Organizer: SeededUser;
  let cityOrganizer: SeededUser;
  let author: SeededUser;
  let reviewer: SeededUser;
  let bankId: string;

  const as = (user: SeededUser) => ({
    get: (url: string) => t.http.get(`/api/v1${url}`).set('Authorization', `Bearer ${user.token}`),
    post: (url: string, body?: object) =>
      t.http
        .post(`/api/v1${url}`)
        .set('Authorization', `Bearer ${user.token}`)
        .send(body ?? {}),
    put: (url: string, body: object) =>
      t.http.put(`/api/v1${url}`).set('Authorization', `Bearer ${user.token}`).send(body),
  });
  const count = async (table: string) =>
    ((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0]!.n;

  beforeAll(async () => {
    t = await startTestApp();
    units = await seedSmallTree(t);
    d1Organizer = await createUser(t, { username: 'btc-q1', roles: ['organizer'], unitId: units.d1! });
    d2Organizer = await createUser(t, { username: 'btc-q2', roles: ['organizer'], unitId: units.d2! });
    cityOrganizer = await createUser(t, { username: 'btc-tp', roles: ['organizer'], unitId: units.city! });
    author = await createUser(t, { username: 'tac-gia', roles: ['author'], unitId: units.d1! });
    reviewer = await createUser(t, { username: 'kiem-duyet', roles: ['reviewer'], unitId: units.d1! });
    const bank = await as(d1Organizer).post('/question-banks', { name: 'Ngân hàng Quận Một' }).expect(201);
    bankId = bank.body.id;
  });
  afterAll(async () => t?.close());

  it('creates a bank owned by the organizer’s unit, listed in scope and hidden outside it', async () => {
    const mine = await as(d1Organizer).get('/question-banks').expect(200);
    expect(mine.body.map((b: { id: string }) => b.id)).toContain(bankId);
    expect(mine.body.find((b: { id: string }) => b.id === bankId)).toMatchObject({
      name: 'Ngân hàng Quận Một',
      ownerUnitId: units.d1,
      questionCount: 0,
    });
    const city = await as(cityOrganizer).get('/question-banks').expect(200);
    expect(city.body.map((b: { id: string }) => b.id)).toContain(bankId);
    const other = await as(d2Organizer).get('/question-banks').expect(200);
    expect(other.body.map((b: { id: string }) => b.id)).not.toContain(bankId);
  });

  it('refuses an organizer of another district with OUT_OF_SCOPE on every bank route', async () => {
    for (const res of [
      await as(d2Organizer).get(`/question-banks/${bankId}`),
      await as(d2Organizer).get(`/question-banks/${bankId}/questions`),
      await as(d2Organizer).get(`/question-banks/${bankId}/categories`),
      await as(d2Organizer).post(`/question-banks/${bankId}/questions`, single('Câu lạ')),
      await as(d2Organizer).post('/question-banks', { name: 'Chiếm quyền', unitId: units.d1 }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('OUT_OF_SCOPE');
    }
    const q = await as(author).post(`/question-banks/${bankId}/questions`, single('Câu của quận một')).expect(201);
    const res = await as(d2Organizer).get(`/questions/${q.body.id}`).expect(403);
    expect(res.body.code).toBe('OUT_OF_SCOPE');
  });

  it('lets only organizers create banks and answers 404 BANK_NOT_FOUND for an unknown bank', async () => {
    const res = await as(author).post('/question-banks', { name: 'Không được' }).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    const missing = await as(d1Organizer).get('/question-banks/00000000-0000-4000-8000-000000000000/questions');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('BANK_NOT_FOUND');
  });

  it('creates a draft question, version 1, with random option ids that say nothing about the key', async () => {
    const res = await as(author)
      .post(
        `/question-banks/${bankId}/questions`,
        single('Luật An ninh mạng có hiệu lực từ ngày nào?', {
          category: ' Pháp luật / Luật An ninh mạng ',
          difficulty: 2,
          tags: ['An ninh mạng', ' luật '],
        }),
      )
      .expect(201);
    expect(res.body).toMatchObject({
      status: 'draft',
      version: 1,
      publishedVersion: null,
      category: 'Pháp luật/Luật An ninh mạng',
      tags: ['an ninh mạng', 'luật'],
      difficulty: 2,
    });
    const ids = res.body.content.options.map((o: { id: string }) => o.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids).not.toEqual(['a', 'b', 'c']);
    expect(res.body.history).toEqual([expect.objectContaining({ action: 'create', toStatus: 'draft' })]);
  });

  it('stores hostile HTML verbatim and returns it as text in JSON, never rewritten', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror="alert(2)"> Câu hỏi?';
    const res = await as(author).post(`/question-banks/${bankId}/questions`, single(hostile)).expect(201);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const read = await as(author).get(`/questions/${res.body.id}`).expect(200);
    expect(read.body.text).toBe(hostile);
    expect(read.body.content.text).toBe(hostile);
  });

  it.each([
    ['an unknown type', { type: 'poll', text: 'x' }, 'VALIDATION_FAILED'],
    ['a missing text', { type: 'single', options: [] }, 'VALIDATION_FAILED'],
    ['a fraction above 1', single('x', { options: [{ text: 'a', fraction: 2 }] }), 'VALIDATION_FAILED'],
    ['difficulty 4', single('x', { difficulty: 4 }), 'VALIDATION_FAILED'],
    ['an unknown field', single('x', { isPublished: true }), 'VALIDATION_FAILED'],
    [
      'a single choice without a right option',
      single('Không có đáp án', {
        options: [
          { text: 'a', fraction: 0 },
          { text: 'b', fraction: 0 },
        ],
      }),
      'QUESTION_INVALID',
    ],
  ])('rejects %s with a stable code and a Vietnamese message, writing nothing', async (_l, body, code) => {
    const before = await count('question');
    const res = await as(author).post(`/question-banks/${bankId}/questions`, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.message).toMatch(/[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i);
    expect(await count('question')).toBe(before);
  });

  it('edits into a new version, keeps the old one readable and unchanged, and refuses a stale base', async () => {
    const created = await as(author).post(`/question-banks/${bankId}/questions`, single('Phiên bản một')).expect(201);
    const id = created.body.id as string;
    const v1 = await as(author).get(`/questions/${id}/versions/1`).expect(200);
    const edited = await as(author)
      .put(`/questions/${id}`, {
        ...single('Phiên bản hai', {
          options: [
            { text: 'Đúng', fraction: 1 },
            { text: 'Sai mới', fraction: 0 },
          ],
        }),
        baseVersion: 1,
      })
      .expect(200);
    expect(edited.body).toMatchObject({ version: 2, text: 'Phiên bản hai', status: 'draft' });
    // An unchanged option keeps its id across versions (a key correction can regrade older attempts).
    expect(edited.body.content.options[0].id).toBe(created.body.content.options[0].id);
    const v1Again = await as(author).get(`/questions/${id}/versions/1`).expect(200);
    expect(v1Again.body).toEqual(v1.body);
    expect(v1Again.body.content.text).toBe('Phiên bản một');
    const versions = await as(author).get(`/questions/${id}/versions`).expect(200);
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const stale = await as(author)
      .put(`/questions/${id}`, { ...single('Ghi đè'), baseVersion: 1 })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect((await as(author).get(`/questions/${id}`)).body.text).toBe('Phiên bản hai');
    const missing = await as(author).get(`/questions/${id}/versions/9`).expect(404);
    expect(missing.body.code).toBe('QUESTION_NOT_FOUND');
  });

  it('runs the review flow: author submits, cannot approve; reviewer sends back with a comment, then approves', async () => {
    const q = await as(author).post(`/question-banks/${bankId}/questions`, single('Cần duyệt')).expect(201);
    const id = q.body.id as string;
    const early = await as(reviewer).post(`/questions/${id}/approve`).expect(409);
    expect(early.body.code).toBe('QUESTION_STATUS_INVALID');
    await as(author).post(`/questions/${id}/submit`).expect(200);
    const forbidden = await as(author).post(`/questions/${id}/approve`).expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    expect((await as(d1Organizer).post(`/questions/${id}/approve`)).status).toBe(403);
    const noComment = await as(reviewer).post(`/questions/${id}/send-back`, {}).expect(400);
    expect(noComment.body.code).toBe('VALIDATION_FAILED');
    const back = await as(reviewer)
      .post(`/questions/${id}/send-back`, { comment: 'Phương án B chưa chính xác.' })
      .expect(200);
    expect(back.body.status).toBe('draft');
    expect(back.body.history.at(-1)).toMatchObject({
      action: 'send_back',
      fromStatus: 'in_review',
      toStatus: 'draft',
      comment: 'Phương án B chưa chính xác.',
      actorId: reviewer.id,
    });
    await as(author).post(`/questions/${id}/submit`, { version: 1 }).expect(200);
    const stale = await as(reviewer).post(`/questions/${id}/approve`, { version: 2 }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const approved = await as(reviewer).post(`/questions/${id}/approve`, { version: 1 }).expect(200);
    expect(approved.body).toMatchObject({ status: 'published', publishedVersion: 1 });
  });

  it('refuses to let anyone approve a version they wrote themselves, even with the reviewer role', async () => {
    const both = await createUser(t, { username: 'soan-va-duyet', roles: ['author', 'reviewer'], unitId: units.d1! });
    const own = await as(both).post(`/question-banks/${bankId}/questions`, single('Tự soạn')).expect(201);
    await as(both).post(`/questions/${own.body.id}/submit`).expect(200);
    const self = await as(both).post(`/questions/${own.body.id}/approve`, { version: 1 }).expect(403);
    expect(self.body).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Bạn không thể tự duyệt phiên bản 1 do chính mình soạn; hãy nhờ một người duyệt khác.',
      details: { version: 1 },
    });
    expect((await as(both).get(`/questions/${own.body.id}`)).body).toMatchObject({
      status: 'in_review',
      publishedVersion: null,
    });
    await as(reviewer).post(`/questions/${own.body.id}/approve`, { version: 1 }).expect(200);

    // Authorship is per version: approving someone else's version is fine, approving one's own edit of it is not.
    const theirs = await as(author).post(`/question-banks/${bankId}/questions`, single('Của tác giả')).expect(201);
    await as(author).post(`/questions/${theirs.body.id}/submit`).expect(200);
    await as(both).post(`/questions/${theirs.body.id}/approve`, { version: 1 }).expect(200);
    await as(both)
      .put(`/questions/${theirs.body.id}`, { ...single('Của tác giả (sửa)'), baseVersion: 1 })
      .expect(200);
    await as(both).post(`/questions/${theirs.body.id}/submit`).expect(200);
    const edit = await as(both).post(`/questions/${theirs.body.id}/approve`).expect(403);
    expect(edit.body.message).toContain('phiên bản 2');
    expect((await as(both).get(`/questions/${theirs.body.id}`)).body).toMatchObject({ publishedVersion: 1 });
  });

  it('keeps the published version drawable while an edit waits for review, then draws the approved edit', async () => {
    const reader = t.app.get(QuestionBankReader);
    const q = await as(author)
      .post(
        `/question-banks/${bankId}/questions`,
        single('Câu để rút đề', { category: 'Rút đề/Nhóm A', difficulty: 3 }),
      )
      .expect(201);
    const id = q.body.id as string;
    await as(author).post(`/questions/${id}/submit`).expect(200);
    await as(reviewer).post(`/questions/${id}/approve`).expect(200);
    const pool1 = await reader.publishedPool({ bankId, category: 'Rút đề' });
    expect(pool1.map((s) => s.questionId)).toEqual([id]);
    const v1Id = pool1[0]!.versionId;
    expect(pool1[0]!.options!.map((o) => o.id)).toEqual(q.body.content.options.map((o: { id: string }) => o.id));

    await as(author)
      .put(`/questions/${id}`, {
        ...single('Câu để rút đề (sửa)', { category: 'Rút đề/Nhóm A', difficulty: 3 }),
        baseVersion: 1,
      })
      .expect(200);
    const detail = await as(author).get(`/questions/${id}`).expect(200);
    expect(detail.body).toMatchObject({ status: 'draft', version: 2, publishedVersion: 1 });
    const pool2 = await reader.publishedPool({ bankId, category: 'Rút đề', difficulty: 3 });
    expect(pool2[0]).toMatchObject({ versionId: v1Id, version: 1, text: 'Câu để rút đề' });
    expect(await reader.countPublished({ bankId, category: 'Rút đề' })).toBe(1);
    expect(await reader.countPublished({ bankId, category: 'Rút đề', difficulty: 1 })).toBe(0);

    await as(author).post(`/questions/${id}/submit`).expect(200);
    await as(reviewer).post(`/questions/${id}/approve`).expect(200);
    const [published] = await reader.getPublished([id]);
    expect(published).toMatchObject({ version: 2, text: 'Câu để rút đề (sửa)' });
    const old = await reader.getVersions([v1Id]);
    expect(old.get(v1Id)).toMatchObject({ version: 1, text: 'Câu để rút đề', questionId: id, bankId });
  });

  it('finds text with diacritics from a query without them, and filters by category, type, difficulty, tag, status', async () => {
    const bank = await as(d1Organizer).post('/question-banks', { name: 'Tìm kiếm' }).expect(201);
    const b = bank.body.id as string;
    const make = (text: string, extra: Record<string, unknown>) =>
      as(author).post(`/question-banks/${b}/questions`, single(text, extra)).expect(201);
    await make('Luật An ninh mạng năm 2018 có bao nhiêu chương?', {
      category: 'Pháp luật/An ninh mạng',
      tags: ['luật'],
      difficulty: 1,
    });
    await make('Đoàn TNCS Hồ Chí Minh thành lập năm nào?', { category: 'Lịch sử', tags: ['đoàn'], difficulty: 2 });
    await make('Pháp luật về trẻ em', { category: 'Pháp luật', tags: ['luật', 'trẻ em'], difficulty: 3 });
    await as(author)
      .post(`/question-banks/${b}/questions`, {
        type: 'truefalse',
        text: 'Mạng xã hội an toàn tuyệt đối?',
        correct: false,
        category: 'Pháp luật/An ninh mạng',
      })
      .expect(201);
    const search = async (qs: string) =>
      (await as(author).get(`/question-banks/${b}/questions?${qs}`).expect(200)).body;
    expect((await search('q=an%20ninh%20mang')).items.map((i: { text: string }) => i.text)).toEqual([
      'Luật An ninh mạng năm 2018 có bao nhiêu chương?',
    ]);
    expect((await search('q=doan%20tncs')).total).toBe(1);
    expect((await search(`q=${encodeURIComponent('ĐOÀN')}`)).total).toBe(1);
    expect((await search('q=mang%202018')).total).toBe(1);
    expect((await search(`category=${encodeURIComponent('Pháp luật')}`)).total).toBe(3);
    expect((await search(`category=${encodeURIComponent('Pháp luật/An ninh mạng')}`)).total).toBe(2);
    expect((await search(`category=${encodeURIComponent('Pháp')}`)).total).toBe(0);
    expect((await search('type=truefalse')).total).toBe(1);
    expect((await search('difficulty=3')).total).toBe(1);
    expect((await search(`tag=${encodeURIComponent('luật')}`)).total).toBe(2);
    expect((await search('status=published')).total).toBe(0);
    expect((await search('status=draft')).total).toBe(4);
    expect((await search('q=100%25')).total).toBe(0);
    const bad = await as(author).get(`/question-banks/${b}/questions?difficulty=7`).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const tree = await as(author).get(`/question-banks/${b}/categories`).expect(200);
    expect(tree.body.total).toBe(4);
    const law = tree.body.roots.find((n: { name: string }) => n.name === 'Pháp luật');
    expect(law).toMatchObject({
      count: 1,
      total: 3,
      children: [expect.objectContaining({ name: 'An ninh mạng', count: 2, total: 2 })],
    });
  });

  it('pages in a stable order with the total', async () => {
    const bank = await as(d1Organizer).post('/question-banks', { name: 'Phân trang' }).expect(201);
    const b = bank.body.id as string;
    for (let i = 1; i <= 7; i++)
      await as(author)
        .post(`/question-banks/${b}/questions`, single(`Câu số ${i}`))
        .expect(201);
    const page = async (n: number) =>
      (await as(author).get(`/question-banks/${b}/questions?page=${n}&pageSize=3`).expect(200)).body;
    const [p1, p2, p3] = [await page(1), await page(2), await page(3)];
    expect(p1.total).toBe(7);
    expect([...p1.items, ...p2.items, ...p3.items].map((i: { text: string }) => i.text)).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((i) => `Câu số ${i}`),
    );
    expect((await page(4)).items).toEqual([]);
    const tooBig = await as(author).get(`/question-banks/${b}/questions?pageSize=1000`).expect(400);
    expect(tooBig.body.code).toBe('VALIDATION_FAILED');
  });

  it('stores an embedded image once and serves it only to callers in scope, never a script inline', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const res = await as(author)
      .post(
        `/question-banks/${bankId}/questions`,
        single('Hình dưới đây là gì? <img src="@@PLUGINFILE@@/a.png">', {
          files: [
            { name: 'a.png', mimeType: 'image/png', base64: png.toString('base64') },
            { name: 'b.svg', mimeType: 'image/svg+xml', base64: svg.toString('base64') },
          ],
        }),
      )
      .expect(201);
    const [pngRef, svgRef] = res.body.content.files;
    const image = await t.http
      .get(pngRef.url)
      .set('Authorization', `Bearer ${author.token}`)
      .buffer(true)
      .parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => cb(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(image.body as Buffer, png)).toBe(0);
    const script = await t.http.get(svgRef.url).set('Authorization', `Bearer ${author.token}`).expect(200);
    expect(script.headers['content-type']).toBe('application/octet-stream');
    expect(script.headers['content-disposition']).toMatch(/^attachment/);
    expect(script.headers['x-content-type-options']).toBe('nosniff');
    expect((await t.http.get(pngRef.url).set('Authorization', `Bearer ${d2Organizer.token}`)).status).toBe(403);
    const [snapshot] = await t.app
      .get(QuestionBankReader)
      .getVersions([])
      .then(() => t.app.get(QuestionBankReader).getPublished([res.body.id]));
    expect(snapshot).toBeUndefined(); // a draft is never drawn
  });

  it('documents every endpoint with a unique, typed operation', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, id: op.operationId })),
    );
    const mine = ops.filter((o) => /question/.test(o.path));
    expect(mine.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining([
        'post /api/v1/question-banks',
        'get /api/v1/question-banks',
        'get /api/v1/question-banks/{bankId}/questions',
        'post /api/v1/question-banks/{bankId}/questions',
        'get /api/v1/question-banks/{bankId}/categories',
        'post /api/v1/question-banks/{bankId}/imports',
        'get /api/v1/question-banks/{bankId}/export',
        'get /api/v1/question-banks/import-template.xlsx',
        'get /api/v1/questions/{questionId}',
        'put /api/v1/questions/{questionId}',
        'get /api/v1/questions/{questionId}/versions',
        'get /api/v1/questions/{questionId}/versions/{version}',
        'post /api/v1/questions/{questionId}/submit',
        'post /api/v1/questions/{questionId}/approve',
        'post /api/v1/questions/{questionId}/send-back',
      ]),
    );
    const ids = ops.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
