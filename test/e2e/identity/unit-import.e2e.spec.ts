import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { binaryBody, csvOf, readXlsx, xlsxOf, xlsxWithRows, zipOf } from './spreadsheets.js';
import { brokenTreeRows } from './tree-invariant.js';

const HEADER = [
  'Mã đơn vị',
  'Tên đơn vị',
  'Loại đơn vị',
  'Mã đơn vị cấp trên',
  'Cán bộ đoàn, hội, đội',
  'Đoàn viên, hội viên',
  'Thanh niên',
  'Thiếu niên, nhi đồng',
];

describe('importing the unit tree and member counts', () => {
  let t: TestApp;
  let units: UnitIds;
  let admin: SeededUser;
  let organizerD1: SeededUser;

  const auth = (user: SeededUser) => ({ Authorization: `Bearer ${user.token}` });
  const unitCount = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM org_unit'))[0].n as number;
  const upload = (user: SeededUser, file: Buffer, name = 'don-vi.xlsx', dryRun = false) =>
    t.http
      .post(`/api/v1/units/imports${dryRun ? '?dryRun=true' : ''}`)
      .set(auth(user))
      .attach('file', file, name);
  const unitByCode = async (code: string) =>
    (await t.dataSource.query('SELECT * FROM org_unit WHERE code = $1', [code]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    units = await seedSmallTree(t);
    admin = await createUser(t, { username: 'admin-import', roles: ['admin'], unitId: units.city! });
    organizerD1 = await createUser(t, { username: 'org-import-d1', roles: ['organizer'], unitId: units.d1! });
  });
  afterAll(async () => {
    if (t) expect(await brokenTreeRows(t)).toEqual([]);
    await t?.close();
  });

  it('serves a template whose header row is the columns the importer reads', async () => {
    const res = await t.http
      .get('/api/v1/units/import-template.xlsx')
      .set(auth(organizerD1))
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsx(res.body as Buffer);
    expect(rows[0]).toEqual(HEADER);
    // Its example rows are valid under today's tree (a ward directly under the city): the dry run takes them.
    await t.http
      .post('/api/v1/units')
      .set(auth(admin))
      .send({ parentId: units.city, code: 'phuong-an-bien', name: 'Đoàn phường An Biên', kind: 'ward' })
      .expect(201);
    const dry = await upload(admin, res.body as Buffer, 'mau.xlsx', true).expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, created: 2 });
  });

  it('shows a dry run without writing, then creates new units (any row order) and updates existing counts', async () => {
    const file = await xlsxOf([
      HEADER,
      ['d1/new/child', 'Chi đoàn Con', 'Chi đoàn', 'd1/new', 1, 2, 3, 4],
      ['d1/new', 'Đoàn phường Mới', 'Đoàn phường', 'd1', 10, 20, 30, 40],
      ['d2/w1', '', '', '', 70, '1.500', '', 150],
    ]);
    const before = await unitCount();
    const dry = await upload(admin, file, 'don-vi.xlsx', true).expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, created: 2, updated: 1, unchanged: 0 });
    expect(dry.body.changes).toEqual([
      { row: 2, code: 'd1/new/child', action: 'create' },
      { row: 3, code: 'd1/new', action: 'create' },
      { row: 4, code: 'd2/w1', action: 'update' },
    ]);
    expect(await unitCount()).toBe(before);

    const real = await upload(admin, file).expect(200);
    expect(real.body).toMatchObject({ dryRun: false, created: 2, updated: 1 });
    const parent = await unitByCode('d1/new');
    const child = await unitByCode('d1/new/child');
    expect(parent).toMatchObject({ parent_id: units.d1, kind: 'ward', depth: 2, members: 20 });
    expect(child).toMatchObject({ parent_id: parent.id, kind: 'branch', depth: 3, teens: 4 });
    // Empty cells keep what was there; "1.500" is Vietnamese thousands grouping.
    expect(await unitByCode('d2/w1')).toMatchObject({ cadres: 70, members: 1500, youth: 210, teens: 150 });
    const audit = await t.dataSource.query("SELECT details FROM audit_event WHERE action = 'unit.import'");
    expect(audit).toEqual([{ details: { created: 2, updated: 1 } }]);
  });

  it('reads a UTF-8 CSV with a BOM, English headers and semicolons', async () => {
    const csv = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      csvOf(
        [
          ['code', 'name', 'kind', 'parent code', 'cadres', 'members', 'youth', 'teens'],
          ['d2/csv-school', 'Trường THCS Nhập Tệp', 'school', 'd2', 3, 40, 0, 500],
        ],
        ';',
      ),
    ]);
    const res = await upload(admin, csv, 'units.csv').expect(200);
    expect(res.body.created).toBe(1);
    expect(await unitByCode('d2/csv-school')).toMatchObject({ name: 'Trường THCS Nhập Tệp', teens: 500 });
  });

  it('rejects a file with row errors, listing every one by row, and writes nothing', async () => {
    const file = await xlsxOf([
      HEADER,
      ['d1/ok-1', 'Hợp lệ', 'Đoàn phường', 'd1', 1, 1, 1, 1],
      ['d1/dup', 'Lần đầu', 'Đoàn phường', 'd1', 1, 1, 1, 1],
      ['d1/dup', 'Lần hai', 'Đoàn phường', 'd1', 1, 1, 1, 1],
      ['d1/orphan', 'Mồ côi', 'Đoàn xã', 'khong-co-ma-nay', 1, 1, 1, 1],
      ['d1/negative', 'Âm', 'Đoàn xã', 'd1', -5, 1, 1, 1],
      ['d1/fraction', 'Lẻ', 'Đoàn xã', 'd1', 1, 2.5, 1, 1],
      ['d1/bad-kind', 'Sai loại', 'Hợp tác xã', 'd1', 1, 1, 1, 1],
      ['', 'Không mã', 'Đoàn xã', 'd1', 1, 1, 1, 1],
      ['d1/A B', 'Mã sai', 'Đoàn xã', 'd1', 1, 1, 1, 1],
    ]);
    const before = await unitCount();
    const res = await upload(admin, file).expect(422);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.message).toBe('Tệp nhập có lỗi, không có dữ liệu nào được ghi.');
    const rows = (res.body.details as { row: number }[]).map((d) => d.row);
    expect(rows).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(res.body.details[0]).toMatchObject({ row: 4, text: 'd1/dup', message: expect.stringContaining('dòng 3') });
    expect(res.body.details[1]).toMatchObject({ row: 5, text: 'khong-co-ma-nay' });
    expect(res.body.details[2]).toMatchObject({ row: 6, text: '-5', message: expect.stringContaining('âm') });
    expect(await unitCount()).toBe(before);
    expect(await unitByCode('d1/ok-1')).toBeUndefined();
  });

  it('reports in the dry run, row by row, a code outside its parent’s and a kind that does not fit', async () => {
    const file = await xlsxOf([
      HEADER,
      ['d1/w1/chiem', 'Lấn mã quận Một', 'Chi đoàn', 'd2/w1', 1, 1, 1, 1],
      ['d2/w1/dung', 'Đúng chỗ', 'Chi đoàn', 'd2/w1', 1, 1, 1, 1],
      ['d2/w1/quan', 'Quận dưới phường', 'Quận đoàn', 'd2/w1', 1, 1, 1, 1],
    ]);
    const before = await unitCount();
    const res = await upload(admin, file, 'don-vi.xlsx', true).expect(422);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.details).toEqual([
      { row: 2, text: 'd1/w1/chiem', message: expect.stringContaining('"d2/w1/<tên>"') },
      { row: 4, text: 'Quận đoàn', message: expect.stringContaining('không thể trực thuộc Đoàn phường') },
    ]);
    expect(await unitCount()).toBe(before);
  });

  it.each([
    ['an unknown column', [...HEADER.slice(0, 7), 'Ghi chú'], 'Ghi chú'],
    ['a missing column', HEADER.slice(0, 7), ''],
  ])('rejects a header with %s on row 1', async (_label, header, text) => {
    const res = await upload(admin, await xlsxOf([header, ['d1/x', 'X', 'Chi đoàn', 'd1', 1, 1, 1, 1]])).expect(422);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.details.some((d: { row: number; text: string }) => d.row === 1 && d.text === text)).toBe(true);
  });

  it('keeps an organizer to their own subtree, row by row', async () => {
    const file = await xlsxOf([
      HEADER,
      ['d1/w1', '', '', '', 11, '', '', ''],
      ['d2/w1', '', '', '', 99, '', '', ''],
      ['d2/not-mine', 'Không phải của tôi', 'Chi đoàn', 'd2', 1, 1, 1, 1],
      ['city-level', 'Không cấp trên', 'Chi đoàn', '', 1, 1, 1, 1],
    ]);
    const res = await upload(organizerD1, file).expect(422);
    expect(res.body.details.map((d: { row: number }) => d.row)).toEqual([3, 4, 5]);
    expect(res.body.details[0].message).toContain('phạm vi');
    expect((await unitByCode('d1/w1')).cadres).toBe(10);

    const ok = await upload(organizerD1, await xlsxOf([HEADER, ['d1/w1', '', '', '', 11, '', '', '']])).expect(200);
    expect(ok.body.updated).toBe(1);
    expect((await unitByCode('d1/w1')).cadres).toBe(11);
  });

  it('takes a formula cell’s saved value and never evaluates a formula typed as text', async () => {
    const file = await xlsxOf([
      HEADER,
      [
        'd2/formula',
        { formula: 'CONCAT("Chi đoàn ","Công thức")', result: 'Chi đoàn Công thức' },
        'Chi đoàn',
        'd2',
        { formula: 'SUM(1,2)', result: 3 },
        { formula: 'WEBSERVICE("http://example.invalid")', result: 8 },
        0,
        0,
      ],
    ]);
    await upload(admin, file).expect(200);
    expect(await unitByCode('d2/formula')).toMatchObject({ name: 'Chi đoàn Công thức', cadres: 3, members: 8 });

    const csv = csvOf([
      ['code', 'name', 'kind', 'parent code', 'cadres', 'members', 'youth', 'teens'],
      ['d2/csv-formula', '=HYPERLINK("http://x")', 'branch', 'd2', '=1+2', 0, 0, 0],
    ]);
    const res = await upload(admin, csv, 'units.csv').expect(422);
    expect(res.body.details).toEqual([{ row: 2, message: expect.stringContaining('số nguyên'), text: '=1+2' }]);
  });

  it('refuses 100,000 rows quickly with IMPORT_TOO_LARGE naming the limit, as CSV and as XLSX', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => [`bulk-${i}`, `Đơn vị ${i}`, 'branch', 'd1', 0, 0, 0, 0]);
    const csv = csvOf([['code', 'name', 'kind', 'parent code', 'cadres', 'members', 'youth', 'teens'], ...rows]);
    const before = await unitCount();
    for (const [file, name] of [
      [csv, 'units.csv'],
      [xlsxWithRows(100_001), 'units.xlsx'],
    ] as const) {
      const res = await upload(admin, file, name).expect(413);
      expect(res.body.code).toBe('IMPORT_TOO_LARGE');
      expect(res.body.message).toContain('20.000');
      expect(res.body.details).toEqual({ limit: 20_000 });
    }
    expect(await unitCount()).toBe(before);
  });

  it('refuses a zip bomb before loading it, whether its headers tell the truth or lie', async () => {
    const huge = Buffer.alloc(60 * 1024 * 1024, 0x20);
    for (const declaredSize of [undefined, 1000]) {
      const bomb = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: huge, declaredSize }]);
      expect(bomb.length).toBeLessThan(1024 * 1024);
      const res = await upload(admin, bomb).expect(413);
      expect(res.body.code).toBe('IMPORT_TOO_LARGE');
      expect(res.body.message).toContain('50 MB');
    }
  });

  it.each([
    ['a PNG image', Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex'), 'anh.png'],
    ['an old .xls file', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]), 'cu.xls'],
    ['a damaged XLSX', Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(200, 7)]), 'hong.xlsx'],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), 'tai-lieu.pdf'],
  ])('refuses %s with IMPORT_UNSUPPORTED_FORMAT', async (_label, file, name) => {
    const res = await upload(admin, file, name).expect(415);
    expect(res.body.code).toBe('IMPORT_UNSUPPORTED_FORMAT');
  });

  it('asks for UTF-8 when a CSV is in another encoding, and for a file when none is sent', async () => {
    const latin1 = Buffer.from(
      'code,name,kind,parent code,cadres,members,youth,teens\r\nd1/x,Ph\xf2ng,branch,d1,1,1,1,1\r\n',
      'latin1',
    );
    expect((await upload(admin, latin1, 'units.csv').expect(422)).body.code).toBe('IMPORT_ENCODING');
    const none = await t.http.post('/api/v1/units/imports').set(auth(admin)).expect(400);
    expect(none.body.code).toBe('FILE_REQUIRED');
  });

  it('exports only the caller’s subtree, in a layout that imports back unchanged', async () => {
    const res = await t.http
      .get('/api/v1/units/export.xlsx')
      .set(auth(organizerD1))
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const rows = await readXlsx(res.body as Buffer);
    expect(rows[0]).toEqual(HEADER);
    const codes = rows.slice(1).map((r) => r[0]);
    expect(codes).toContain('d1');
    expect(codes).toContain('d1/w1');
    expect(codes.some((c) => String(c).startsWith('d2'))).toBe(false);
    expect(codes).not.toContain('city');
    // Its own root's parent is outside the scope, so the root row's parent cell must not block a re-import.
    const again = await upload(organizerD1, res.body as Buffer).expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: codes.length });
  });
});
