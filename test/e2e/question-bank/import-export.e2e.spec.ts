import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { zipOf } from '../../support/zip-builder.js';
import { IMPORT_LIMITS } from '../../../libs/question-bank/src/formats/index.js';
import { DEMO_BANK_NAME, ImportService, QuestionBankReader } from '../../../libs/question-bank/src/index.js';

const fixture = () => readFile(path.join(import.meta.dirname, '../../../fixtures/sample-bank.gift'));

/** A 1×1 red PNG, as Moodle embeds images in its XML export. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const moodleXmlWithImage = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Địa lý/Bản đồ</text></category></question>
  <question type="multichoice">
    <name><text>Lá cờ</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Lá cờ trong hình có màu gì?</p><p><img src="@@PLUGINFILE@@/co%20do.png" alt="cờ"></p>]]></text>
      <file name="co do.png" path="/" encoding="base64">${PNG_BASE64}</file>
    </questiontext>
    <single>true</single>
    <answer fraction="100"><text>Đỏ</text></answer>
    <answer fraction="0"><text>Xanh</text></answer>
  </question>
</quiz>
`);

/** Collects a download as a Buffer (supertest would otherwise try to read it as text). */
const binary: Parameters<import('supertest').Test['parse']>[0] = (res, cb) => {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => cb(null, Buffer.concat(parts)));
};

describe('question bank: import and export through the API', () => {
  let t: TestApp;
  let units: UnitIds;
  let organizer: SeededUser;
  let reviewer: SeededUser;
  let outsider: SeededUser;

  const newBank = async (name: string) =>
    (
      await t.http
        .post('/api/v1/question-banks')
        .set('Authorization', `Bearer ${organizer.token}`)
        .send({ name })
        .expect(201)
    ).body.id as string;
  const upload = (user: SeededUser, bankId: string, bytes: Buffer, filename: string, qs = '') =>
    t.http
      .post(`/api/v1/question-banks/${bankId}/imports${qs}`)
      .set('Authorization', `Bearer ${user.token}`)
      .attach('file', bytes, filename);
  const questionsIn = async (bankId: string) =>
    (
      (await t.dataSource.query('SELECT count(*)::int AS n FROM question WHERE bank_id = $1', [bankId])) as {
        n: number;
      }[]
    )[0]!.n;
  const written = async () =>
    (
      (await t.dataSource.query(
        `SELECT (SELECT count(*) FROM question) + (SELECT count(*) FROM question_version)
         + (SELECT count(*) FROM question_category) AS n`,
      )) as { n: string }[]
    )[0]!.n;

  beforeAll(async () => {
    t = await startTestApp();
    units = await seedSmallTree(t);
    organizer = await createUser(t, { username: 'btc-nhap', roles: ['organizer'], unitId: units.d1! });
    reviewer = await createUser(t, { username: 'duyet-nhap', roles: ['reviewer'], unitId: units.d1! });
    outsider = await createUser(t, { username: 'btc-khac', roles: ['organizer'], unitId: units.d2! });
  });
  afterAll(async () => t?.close());

  it('shows what a dry run would create and writes nothing, then imports for real as drafts', async () => {
    const bankId = await newBank('Nhập thử');
    const before = await written();
    const dry = await upload(organizer, bankId, await fixture(), 'sample-bank.gift', '?dryRun=true').expect(201);
    expect(dry.body).toMatchObject({ dryRun: true, created: 21, skipped: 0, status: 'draft', duplicates: [] });
    expect(dry.body.byType.single).toBe(21);
    expect(dry.body.categories.length).toBeGreaterThan(0);
    expect(dry.body.categories.every((c: { isNew: boolean }) => c.isNew)).toBe(true);
    expect(await written()).toBe(before);

    const real = await upload(organizer, bankId, await fixture(), 'sample-bank.gift').expect(201);
    expect(real.body).toMatchObject({ dryRun: false, created: 21, status: 'draft' });
    expect(await questionsIn(bankId)).toBe(21);
    const list = await t.http
      .get(`/api/v1/question-banks/${bankId}/questions?pageSize=100`)
      .set('Authorization', `Bearer ${organizer.token}`)
      .expect(200);
    expect(list.body.total).toBe(21);
    expect(list.body.items[0]).toMatchObject({ status: 'draft', version: 1, externalId: 'PL-01' });
    const history = await t.http
      .get(`/api/v1/questions/${list.body.items[0].id}`)
      .set('Authorization', `Bearer ${organizer.token}`)
      .expect(200);
    expect(history.body.history[0]).toMatchObject({ action: 'import', comment: 'Nhập từ tệp sample-bank.gift' });
  });

  it('reports duplicates of questions already in the bank, then skips or keeps them as asked', async () => {
    const bankId = await newBank('Trùng lặp');
    await upload(organizer, bankId, await fixture(), 'sample-bank.gift').expect(201);
    const dry = await upload(organizer, bankId, await fixture(), 'sample-bank.gift', '?dryRun=true').expect(201);
    expect(dry.body.duplicates).toHaveLength(21);
    expect(dry.body.duplicates[0]).toMatchObject({ existingQuestionId: expect.any(String), action: 'skip' });
    expect(dry.body.categories.every((c: { isNew: boolean }) => !c.isNew)).toBe(true);
    const skip = await upload(organizer, bankId, await fixture(), 'sample-bank.gift', '?duplicates=skip').expect(201);
    expect(skip.body).toMatchObject({ created: 0, skipped: 21 });
    expect(await questionsIn(bankId)).toBe(21);
    const keep = await upload(organizer, bankId, await fixture(), 'sample-bank.gift', '?duplicates=keep').expect(201);
    expect(keep.body).toMatchObject({ created: 21, skipped: 0 });
    expect(keep.body.duplicates[0].action).toBe('keep');
    expect(await questionsIn(bankId)).toBe(42);
  });

  it('publishes on import only for reviewers, and the published questions are drawable at once', async () => {
    const bankId = await newBank('Nhập và duyệt');
    const denied = await upload(organizer, bankId, await fixture(), 'sample-bank.gift', '?publish=true').expect(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    expect(await questionsIn(bankId)).toBe(0);
    const ok = await upload(reviewer, bankId, await fixture(), 'sample-bank.gift', '?publish=true').expect(201);
    expect(ok.body).toMatchObject({ created: 21, status: 'published' });
    const pool = await t.app.get(QuestionBankReader).publishedPool({ bankId });
    expect(pool).toHaveLength(21);
    expect(pool[0]!.options!.every((o) => typeof o.id === 'string' && o.id.length >= 6)).toBe(true);
  });

  it('rejects a broken GIFT file with every error by line and writes nothing', async () => {
    const bankId = await newBank('Tệp hỏng');
    const broken = Buffer.from(
      '::Q1::Câu một{\n=Đúng\n~Sai\n}\n\n::Q2::Câu hai thiếu ngoặc đóng{\n=Đúng\n~Sai\n\n::Q3::Câu ba{\n=A\n~B\n}\n',
    );
    const before = await written();
    const res = await upload(organizer, bankId, broken, 'hong.gift').expect(422);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.message).toBe('Tệp nhập có lỗi, không có dữ liệu nào được ghi.');
    expect(res.body.details.length).toBeGreaterThan(0);
    expect(
      res.body.details.every((d: { line?: number; message: string }) => typeof d.line === 'number' && d.message),
    ).toBe(true);
    expect(await written()).toBe(before);
  });

  it('refuses a file over the size limit with IMPORT_TOO_LARGE', async () => {
    const bankId = await newBank('Tệp lớn');
    const huge = Buffer.alloc(IMPORT_LIMITS.maxFileBytes + 1024, 0x41);
    const res = await upload(organizer, bankId, huge, 'lon.gift');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('IMPORT_TOO_LARGE');
    expect(await questionsIn(bankId)).toBe(0);
  });

  it('asks for a file when none is sent, and keeps other districts out', async () => {
    const bankId = await newBank('Không tệp');
    const none = await t.http
      .post(`/api/v1/question-banks/${bankId}/imports`)
      .set('Authorization', `Bearer ${organizer.token}`)
      .expect(400);
    expect(none.body.code).toBe('FILE_REQUIRED');
    const out = await upload(outsider, bankId, await fixture(), 'sample-bank.gift').expect(403);
    expect(out.body.code).toBe('OUT_OF_SCOPE');
    const bad = await upload(organizer, bankId, await fixture(), 'sample-bank.gift', '?duplicates=maybe').expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(await questionsIn(bankId)).toBe(0);
  });

  it('exports a bank to GIFT with a proper file name and imports it back to the same questions', async () => {
    const source = await newBank('Ngân hàng xuất — thử');
    await upload(organizer, source, await fixture(), 'sample-bank.gift').expect(201);
    const file = await t.http
      .get(`/api/v1/question-banks/${source}/export?format=gift`)
      .set('Authorization', `Bearer ${organizer.token}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(file.headers['content-type']).toMatch(/^text\/plain/);
    expect(file.headers['content-disposition']).toMatch(
      /^attachment; filename="ngan-hang-xuat-thu-\d{4}-\d{2}-\d{2}\.gift"/,
    );
    const target = await newBank('Nhập lại');
    const back = await upload(organizer, target, file.body as Buffer, 'xuat.gift').expect(201);
    expect(back.body.created).toBe(21);
    const read = async (bankId: string) =>
      (
        (await t.dataSource.query(
          `SELECT v.content FROM question q JOIN question_version v ON v.id = q.current_version_id
           WHERE q.bank_id = $1 ORDER BY q.seq`,
          [bankId],
        )) as { content: { text: string; category?: string; options: { text: string; fraction: number }[] } }[]
      ).map(({ content }) => ({
        text: content.text,
        category: content.category,
        options: content.options.map((o) => ({ text: o.text, fraction: o.fraction })),
      }));
    expect(await read(target)).toEqual(await read(source));
    const denied = await t.http
      .get(`/api/v1/question-banks/${source}/export?format=gift`)
      .set('Authorization', `Bearer ${outsider.token}`)
      .expect(403);
    expect(denied.body.code).toBe('OUT_OF_SCOPE');
    const badFormat = await t.http
      .get(`/api/v1/question-banks/${source}/export?format=docx`)
      .set('Authorization', `Bearer ${organizer.token}`)
      .expect(400);
    expect(badFormat.body.code).toBe('VALIDATION_FAILED');
  });

  it('exports only published questions when asked, and every status by default', async () => {
    const bankId = await newBank('Xuất theo trạng thái');
    await upload(organizer, bankId, await fixture(), 'sample-bank.gift').expect(201);
    await upload(reviewer, bankId, await fixture(), 'sample-bank.gift', '?publish=true&duplicates=keep').expect(201);
    const exported = async (qs: string) => {
      const file = await t.http
        .get(`/api/v1/question-banks/${bankId}/export?format=gift${qs}`)
        .set('Authorization', `Bearer ${organizer.token}`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const target = await newBank(`Đếm ${qs || 'tất cả'}`);
      // The two imports hold the same 21 questions: keep duplicates so the count is of questions in the file.
      const dry = await upload(organizer, target, file.body as Buffer, 'xuat.gift', '?dryRun=true&duplicates=keep');
      return dry.status === 201 ? (dry.body.created as number) : (dry.body.details[0].message as string);
    };
    expect(await exported('')).toBe(42);
    expect(await exported('&status=published')).toBe(21);
    expect(await exported('&status=draft')).toBe(21);
    expect(await exported('&status=in_review')).toBe('Tệp không có câu hỏi nào.');
    const bad = await t.http
      .get(`/api/v1/question-banks/${bankId}/export?format=gift&status=approved`)
      .set('Authorization', `Bearer ${organizer.token}`)
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('serves the XLSX import template as a download with Vietnamese headers', async () => {
    const res = await t.http
      .get('/api/v1/question-banks/import-template.xlsx')
      .set('Authorization', `Bearer ${organizer.token}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="mau-nhap-cau-hoi.xlsx"/);
    const bytes = res.body as Buffer;
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const headers = (workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(expect.arrayContaining(['Loại', 'Danh mục', 'Câu hỏi', 'Phương án A', 'Đáp án']));
  });

  it('rejects a file named .xlsx that is not a spreadsheet with a clear message, writing nothing', async () => {
    const bankId = await newBank('Không phải bảng tính');
    const before = await written();
    const res = await upload(organizer, bankId, Buffer.from('đây không phải bảng tính'), 'cau-hoi.xlsx').expect(422);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.details).toEqual([
      expect.objectContaining({ message: expect.stringContaining('không phải bảng tính Excel .xlsx') }),
    ]);
    expect(await written()).toBe(before);
  });

  it('refuses an XLSX zip bomb with IMPORT_TOO_LARGE before unpacking it, writing nothing', async () => {
    const bankId = await newBank('Zip bomb');
    const bomb = zipOf([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(60 * 1024 * 1024, 0x41), declaredSize: 1000 },
    ]);
    expect(bomb.length).toBeLessThan(IMPORT_LIMITS.maxFileBytes);
    const res = await upload(organizer, bankId, bomb, 'bom.xlsx').expect(413);
    expect(res.body.code).toBe('IMPORT_TOO_LARGE');
    expect(await questionsIn(bankId)).toBe(0);
  });

  it('imports a Moodle XML file with an embedded base64 image, and serves the image back', async () => {
    const bankId = await newBank('Moodle có hình');
    const res = await upload(organizer, bankId, moodleXmlWithImage, 'moodle.xml').expect(201);
    expect(res.body).toMatchObject({ created: 1, categories: [expect.objectContaining({ path: 'Địa lý/Bản đồ' })] });
    const list = await t.http
      .get(`/api/v1/question-banks/${bankId}/questions`)
      .set('Authorization', `Bearer ${organizer.token}`)
      .expect(200);
    const question = await t.http
      .get(`/api/v1/questions/${list.body.items[0].id}`)
      .set('Authorization', `Bearer ${organizer.token}`)
      .expect(200);
    expect(question.body.content.text).toContain('@@PLUGINFILE@@/co%20do.png');
    expect(question.body.content.files).toEqual([
      expect.objectContaining({ name: 'co do.png', mimeType: 'image/png', size: 70, url: expect.any(String) }),
    ]);
    const image = await t.http
      .get(question.body.content.files[0].url)
      .set('Authorization', `Bearer ${organizer.token}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(image.body as Buffer, Buffer.from(PNG_BASE64, 'base64'))).toBe(0);
    const denied = await t.http
      .get(question.body.content.files[0].url)
      .set('Authorization', `Bearer ${outsider.token}`)
      .expect(403);
    expect(denied.body.code).toBe('OUT_OF_SCOPE');
  });

  it('seeds the demo bank once, owned by the root unit, published', async () => {
    const service = t.app.get(ImportService);
    const first = await service.seedDemoBank();
    expect(first?.created).toBe(21);
    expect(await service.seedDemoBank()).toBeNull();
    const rows: { owner_unit_id: string }[] = await t.dataSource.query(
      'SELECT owner_unit_id FROM question_bank WHERE name = $1',
      [DEMO_BANK_NAME],
    );
    expect(rows).toEqual([{ owner_unit_id: units.city }]);
    expect(await t.app.get(QuestionBankReader).countPublished({ bankId: first!.bankId })).toBe(21);
    // The sample bank names its categories as people read them; the demo round's blueprint draws from them.
    for (const category of ['Pháp luật', 'Lịch sử', 'Lý luận chính trị']) {
      expect(await t.app.get(QuestionBankReader).countPublished({ bankId: first!.bankId, category })).toBe(7);
    }
  });

  describe('a spreadsheet whose columns are not recognized', () => {
    /** A sheet as a teacher keeps it: headers nobody could guess, a notes column. */
    const teacherSheet = async () => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Đề cương');
      sheet.addRow(['Cột 1', 'Cột 2', 'Cột 3', 'Cột 4', 'Cột 5', 'Ghi chú']);
      sheet.addRow(['Thủ đô của Việt Nam?', 'Huế', 'Hà Nội', 'Đà Nẵng', 'B', 'dễ']);
      sheet.addRow(['Thành phố nào giáp Hải Phòng?', 'Quảng Ninh', 'Cần Thơ', 'Hải Dương', 'A, C', '']);
      return Buffer.from(await book.xlsx.writeBuffer());
    };
    const mapping = {
      'Cột 1': 'text',
      'Cột 2': 'option1',
      'Cột 3': 'option2',
      'Cột 4': 'option3',
      'Cột 5': 'answer',
      'Ghi chú': 'ignore',
    };
    const preview = (bankId: string, bytes: Buffer, qs = '') =>
      t.http
        .post(`/api/v1/question-banks/${bankId}/imports/preview${qs}`)
        .set('Authorization', `Bearer ${organizer.token}`)
        .attach('file', bytes, 'de-cuong.xlsx');

    it('previews its first rows, dry-runs and imports with the mapping, which the bank then remembers', async () => {
      const bankId = await newBank('Ghép cột');
      const bytes = await teacherSheet();
      const first = await preview(bankId, bytes).expect(201);
      expect(first.body).toMatchObject({
        format: 'xlsx',
        tabular: true,
        headerRow: 1,
        headers: ['Cột 1', 'Cột 2', 'Cột 3', 'Cột 4', 'Cột 5', 'Ghi chú'],
        fields: [null, null, null, null, null, null],
        usable: false,
        savedMapping: null,
      });
      expect(first.body.rows[0]).toEqual(['Thủ đô của Việt Nam?', 'Huế', 'Hà Nội', 'Đà Nẵng', 'B', 'dễ']);
      const refused = await upload(organizer, bankId, bytes, 'de-cuong.xlsx', '?dryRun=true').expect(422);
      expect(refused.body.code).toBe('IMPORT_INVALID');
      expect(refused.body.details[0].message).toContain('Không nhận ra các cột');

      const qs = `?mapping=${encodeURIComponent(JSON.stringify(mapping))}`;
      const mapped = await preview(bankId, bytes, qs).expect(201);
      expect(mapped.body).toMatchObject({
        usable: true,
        fields: ['text', 'option1', 'option2', 'option3', 'answer', 'ignore'],
      });
      const before = await written();
      const dry = await upload(organizer, bankId, bytes, 'de-cuong.xlsx', `${qs}&dryRun=true`).expect(201);
      expect(dry.body).toMatchObject({ dryRun: true, created: 2, byType: { single: 2 } });
      // The second row's key names two options of a single choice: warned, with its row and a stable code.
      expect(dry.body.warnings).toEqual([
        expect.objectContaining({ row: 3, code: 'SINGLE_SEVERAL_RIGHT', text: 'Thành phố nào giáp Hải Phòng?' }),
      ]);
      expect(await written()).toBe(before);
      expect((await preview(bankId, bytes).expect(201)).body.savedMapping).toBeNull();

      const asMultiple = await upload(organizer, bankId, bytes, 'de-cuong.xlsx', `${qs}&asMultiple=true`).expect(201);
      expect(asMultiple.body).toMatchObject({ dryRun: false, created: 2, byType: { single: 1, multiple: 1 } });
      expect(asMultiple.body.warnings).toEqual([
        expect.objectContaining({ row: 3, code: 'SINGLE_IMPORTED_AS_MULTIPLE' }),
      ]);
      const list = await t.http
        .get(`/api/v1/question-banks/${bankId}/questions?type=multiple`)
        .set('Authorization', `Bearer ${organizer.token}`)
        .expect(200);
      expect(list.body.items.map((q: { text: string }) => q.text)).toEqual(['Thành phố nào giáp Hải Phòng?']);

      // Remembered: the next preview and import of a file with those headers need no mapping.
      const saved = await t.http
        .get(`/api/v1/question-banks/${bankId}/import-mapping`)
        .set('Authorization', `Bearer ${organizer.token}`)
        .expect(200);
      expect(saved.body).toEqual({ mapping });
      expect((await preview(bankId, bytes).expect(201)).body).toMatchObject({ usable: true, savedMapping: mapping });
      const again = await upload(organizer, bankId, bytes, 'de-cuong.xlsx', '?dryRun=true&duplicates=keep').expect(201);
      expect(again.body).toMatchObject({ created: 2 });
    });

    it('saves and clears a mapping, refuses a field that is not one, and keeps other units out', async () => {
      const bankId = await newBank('Ghép cột 2');
      const put = (user: SeededUser, body: object) =>
        t.http
          .put(`/api/v1/question-banks/${bankId}/import-mapping`)
          .set('Authorization', `Bearer ${user.token}`)
          .send(body);
      expect((await put(organizer, { mapping: { Hỏi: 'text' } }).expect(200)).body).toEqual({
        mapping: { Hỏi: 'text' },
      });
      const bad = await put(organizer, { mapping: { Hỏi: 'questionText' } }).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      const badQuery = await upload(organizer, bankId, await teacherSheet(), 'a.xlsx', '?mapping=%7Bnot-json').expect(
        400,
      );
      expect(badQuery.body.code).toBe('VALIDATION_FAILED');
      expect((await put(outsider, { mapping: null }).expect(403)).body.code).toBe('OUT_OF_SCOPE');
      expect((await put(organizer, { mapping: null }).expect(200)).body).toEqual({ mapping: null });
    });
  });

  it('imports a Moodle GIFT matching question with distractors, keeps them and exports them back', async () => {
    const bankId = await newBank('Ghép đôi Moodle');
    const gift =
      '::Ghép tỉnh::Ghép tỉnh với thành phố{\n\t=Hải Phòng -> Thủy Nguyên\n\t=Quảng Ninh -> Hạ Long\n\t= -> Vinh\n}\n';
    const res = await upload(organizer, bankId, Buffer.from(gift), 'moodle.gift').expect(201);
    expect(res.body.byType.matching).toBe(1);
    const list = await t.http
      .get(`/api/v1/question-banks/${bankId}/questions`)
      .set('Authorization', `Bearer ${organizer.token}`)
      .expect(200);
    const question = await t.http
      .get(`/api/v1/questions/${list.body.items[0].id}`)
      .set('Authorization', `Bearer ${organizer.token}`)
      .expect(200);
    expect(question.body.content.distractors).toEqual(['Vinh']);
    const exported = await t.http
      .get(`/api/v1/question-banks/${bankId}/export?format=gift`)
      .set('Authorization', `Bearer ${organizer.token}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect((exported.body as Buffer).toString('utf8')).toContain('\t= -> Vinh\n');
  });
});
