import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { binaryBody, readXlsx } from './spreadsheets.js';

/** Issue #20, item 11: the people export writes formula-like names as text, like the bank's export does. */
describe('XLSX exports of what people typed', () => {
  let t: TestApp;
  let units: UnitIds;
  let organizer: SeededUser;
  const auth = (user: SeededUser) => ({ Authorization: `Bearer ${user.token}` });
  const download = async (path: string) =>
    readXlsx((await t.http.get(path).set(auth(organizer)).buffer(true).parse(binaryBody).expect(200)).body as Buffer);

  beforeAll(async () => {
    t = await startTestApp();
    units = await seedSmallTree(t);
    organizer = await createUser(t, { username: 'org-formulas', roles: ['organizer'], unitId: units.d1! });
  });
  afterAll(async () => t?.close());

  it('the people export prefixes every formula-like name with an apostrophe and leaves other names alone', async () => {
    const names = ['=HYPERLINK("http://x.invalid","Bấm vào đây")', '+84 912 345 678', '-1+2', '@SUM(A1)', '|calc'];
    for (const [i, fullName] of names.entries())
      await createUser(t, { username: `cong-thuc-${i}`, roles: ['participant'], unitId: units['d1/w1']!, fullName });
    await createUser(t, {
      username: 'binh-thuong',
      roles: ['participant'],
      unitId: units['d1/w1']!,
      fullName: 'Lê Thị Bình',
    });
    const rows = await download('/api/v1/users/export.xlsx');
    const nameOf = (username: string) => rows.find((r) => r[1] === username)![0];
    names.forEach((fullName, i) => expect(nameOf(`cong-thuc-${i}`)).toBe(`'${fullName}`));
    expect(nameOf('binh-thuong')).toBe('Lê Thị Bình');
    // No cell of the file starts like a formula.
    for (const row of rows.slice(1))
      for (const cell of row) if (typeof cell === 'string') expect(cell).not.toMatch(/^[=+\-@|%\t\r]/);
  });
});
