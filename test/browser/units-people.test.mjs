import ExcelJS from 'exceljs';
import { apiCall, assert, checkA11y, screenshot, signIn, test, tokenFor } from './harness.mjs';

/** The demo organizer of Đoàn phường Lê Chân (docs/DEMO-ACCOUNTS.md). */
const ORGANIZER = { username: 'tochuc.lechan', password: 'HaiDang@2025' };

/** A member list as an organizer's spreadsheet would hold it, built here with exceljs. */
async function membersXlsx(rows) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Danh sách');
  sheet.addRow(['Họ và tên', 'Tên đăng nhập', 'Ngày sinh', 'Đối tượng']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A unit tree sheet with the template's columns. */
async function unitsXlsx(rows) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Đơn vị');
  sheet.addRow([
    'Mã đơn vị',
    'Tên đơn vị',
    'Loại đơn vị',
    'Mã đơn vị cấp trên',
    'Cán bộ đoàn, hội, đội',
    'Đoàn viên, hội viên',
    'Thanh niên',
    'Thiếu niên, nhi đồng',
  ]);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

test('an organizer creates, moves and merges units seeing the consequences first, imports members, manages a person', async ({
  page,
  baseUrl,
  root,
}) => {
  const token = await tokenFor(baseUrl, ORGANIZER);
  const me = await apiCall(baseUrl, 'GET', '/auth/me', { token });
  const home = await apiCall(baseUrl, 'GET', `/units/${me.unit.id}`);
  const tag = Date.now().toString(36);

  await signIn(page, baseUrl, ORGANIZER);
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Đơn vị' }).click();
  await page.getByRole('heading', { level: 1, name: 'Đơn vị' }).waitFor();
  // The tree starts at the organizer's own unit, opened one level.
  await page.getByRole('button', { name: `Đóng các đơn vị trực thuộc ${home.name}` }).waitFor();
  await page.getByRole('button', { name: home.name, exact: true }).click();
  await page.getByRole('heading', { level: 2, name: home.name }).waitFor();
  await checkA11y(page, 'the units page');
  await screenshot(page, root, 'units-tree');

  // Create a branch under the home unit; the code is the parent's and one segment.
  await page.getByRole('button', { name: 'Thêm đơn vị trực thuộc' }).click();
  const create = page.getByRole('dialog', { name: `Thêm đơn vị trực thuộc “${home.name}”` });
  await create.getByLabel('Tên đơn vị').fill(`Chi đoàn Thử ${tag}`);
  await create.getByLabel('Mã (phần cuối, chữ thường không dấu)').fill(`Sai Mã`);
  await create.getByRole('combobox', { name: 'Loại đơn vị' }).click();
  await page.getByRole('option', { name: 'Chi đoàn', exact: true }).click();
  await create.getByRole('button', { name: 'Tạo' }).click();
  await create.getByText('Chỉ chữ thường không dấu, số, “-” hoặc “_”.').waitFor();
  await create.getByLabel('Mã (phần cuối, chữ thường không dấu)').fill(`cd-a-${tag}`);
  await create.getByRole('button', { name: 'Tạo' }).click();
  await page.getByRole('status').getByText(`Đã tạo “Chi đoàn Thử ${tag}”.`).waitFor();
  await page.getByRole('heading', { level: 2, name: `Chi đoàn Thử ${tag}` }).waitFor();
  const unitA = (await apiCall(baseUrl, 'GET', `/units/search?q=${encodeURIComponent(`thu ${tag}`)}`, { token }))[0];
  assert.equal(unitA.code, `${home.code}/cd-a-${tag}`);

  // Member counts, edited beside the unit.
  await page.getByLabel('Đoàn viên, hội viên').fill('25');
  await page.getByLabel('Thanh niên').fill('40');
  await page.getByRole('button', { name: 'Lưu số lượng' }).click();
  await page.getByRole('status').getByText('Đã lưu số lượng.').waitFor();
  assert.deepEqual((await apiCall(baseUrl, 'GET', `/units/${unitA.id}`)).counts, {
    cadres: 0,
    members: 25,
    youth: 40,
    teens: 0,
  });

  // Import members into it: a file with errors shows them by row and writes nothing; the fixed one is imported.
  await page.getByRole('link', { name: 'Nhập thành viên' }).click();
  await page.getByRole('heading', { level: 1, name: `Nhập thành viên vào “Chi đoàn Thử ${tag}”` }).waitFor();
  const file = page.getByLabel('Tệp XLSX hoặc CSV');
  await file.setInputFiles({
    name: 'thanh-vien-loi.xlsx',
    mimeType: XLSX_MIME,
    buffer: await membersXlsx([
      ['Nguyễn Thị Hòa', `hoa.${tag}`, '31/02/2004', 'Đoàn viên'],
      ['Trần Văn Dũng', '', '15/03/2001', 'Thanh niên'],
    ]),
  });
  await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
  const errors = page.getByRole('table', { name: /Tệp có \d+ lỗi/ });
  await errors.waitFor();
  assert.ok((await errors.getByRole('row').count()) >= 3, 'one row per error, under the header');
  await errors.getByRole('cell', { name: '2', exact: true }).first().waitFor();
  await errors.getByRole('cell', { name: '3', exact: true }).first().waitFor();
  await checkA11y(page, 'the member import with errors');
  assert.equal((await apiCall(baseUrl, 'GET', `/users?unitId=${unitA.id}`, { token })).total, 0);

  await file.setInputFiles({
    name: 'thanh-vien.xlsx',
    mimeType: XLSX_MIME,
    buffer: await membersXlsx([
      ['Nguyễn Thị Hòa', `hoa.${tag}`, '28/02/2004', 'Đoàn viên'],
      ['Trần Văn Dũng', `dung.${tag}`, '15/03/2001', 'Thanh niên'],
    ]),
  });
  await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
  await page.getByText(`Sẽ tạo 2 tài khoản trong “Chi đoàn Thử ${tag}”.`).waitFor();
  assert.equal(
    (await apiCall(baseUrl, 'GET', `/users?unitId=${unitA.id}`, { token })).total,
    0,
    'a dry run writes nothing',
  );
  await checkA11y(page, 'the member import dry run');
  await screenshot(page, root, 'units-member-import-dry-run');
  await page.getByRole('button', { name: 'Tạo 2 tài khoản' }).click();
  await page.getByText('Đã tạo 2 tài khoản.').waitFor();
  await page.getByRole('heading', { name: 'Mật khẩu ban đầu (chỉ hiện một lần)' }).waitFor();
  const passwordCells = page.getByRole('table', { name: 'Mật khẩu ban đầu (chỉ hiện một lần)' }).getByRole('row');
  assert.equal(await passwordCells.count(), 3);
  assert.equal((await apiCall(baseUrl, 'GET', `/users?unitId=${unitA.id}`, { token })).total, 2);

  // A second branch to move the first one under, then to merge it into.
  const unitB = await apiCall(baseUrl, 'POST', '/units', {
    token,
    body: { parentId: home.id, code: `${home.code}/cd-b-${tag}`, name: `Chi đoàn Nhận ${tag}`, kind: 'branch' },
  });

  await page.getByRole('link', { name: 'Về trang đơn vị' }).click();
  await page.getByRole('heading', { level: 2, name: `Chi đoàn Thử ${tag}` }).waitFor();
  await page.getByRole('button', { name: 'Chuyển sang đơn vị khác' }).click();
  const move = page.getByRole('dialog', { name: `Chuyển “Chi đoàn Thử ${tag}”` });
  // By keyboard: type in the picker, choose with the arrow and Enter, then Enter asks for the preview.
  const picker = move.getByRole('combobox', { name: 'Đơn vị cấp trên mới' });
  await picker.focus();
  await page.keyboard.type(`chi doan nhan ${tag}`);
  await page.getByRole('option', { name: new RegExp(`Chi đoàn Nhận ${tag}`) }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[role="option"]').length === 1);
  // The first option is highlighted as the list fills: Enter takes it.
  await page.keyboard.press('Enter');
  assert.equal(await picker.inputValue(), `Chi đoàn Nhận ${tag}`);
  await move.getByRole('button', { name: 'Xem trước thay đổi' }).click();
  await move.getByRole('heading', { name: 'Những gì sẽ thay đổi' }).waitFor();
  await move.getByText(`Từ “${home.name}” sang “Chi đoàn Nhận ${tag}”.`).waitFor();
  const facts = move.getByRole('table', { name: 'Những gì sẽ thay đổi' });
  assert.equal(
    await facts
      .getByRole('row', { name: /Tài khoản đi theo/ })
      .getByRole('cell')
      .textContent(),
    '2',
    'the two imported people move with the unit',
  );
  await move.getByRole('cell', { name: `${home.code}/cd-b-${tag}/cd-a-${tag}` }).waitFor();
  assert.equal((await apiCall(baseUrl, 'GET', `/units/${unitA.id}`)).parentId, home.id, 'a preview moves nothing');
  await checkA11y(page, 'the move preview');
  await screenshot(page, root, 'units-move-preview');
  await move.getByRole('button', { name: 'Chuyển đơn vị' }).click();
  await page.getByRole('status').getByText(`Đã chuyển “Chi đoàn Thử ${tag}” sang “Chi đoàn Nhận ${tag}”.`).waitFor();
  const movedA = await apiCall(baseUrl, 'GET', `/units/${unitA.id}`);
  assert.equal(movedA.parentId, unitB.id);
  assert.equal(movedA.code, `${home.code}/cd-b-${tag}/cd-a-${tag}`);

  // Merge it into its new parent: what moves and what the target keeps are shown before the merge.
  await page.getByRole('button', { name: 'Sáp nhập vào đơn vị khác' }).click();
  const merge = page.getByRole('dialog', { name: `Sáp nhập “Chi đoàn Thử ${tag}”` });
  await merge.getByRole('combobox', { name: 'Đơn vị nhận' }).fill(`nhan ${tag}`);
  await page.getByRole('option', { name: new RegExp(`Chi đoàn Nhận ${tag}`) }).click();
  await merge.getByRole('button', { name: 'Xem trước thay đổi' }).click();
  await merge.getByText(`“Chi đoàn Thử ${tag}” sáp nhập vào “Chi đoàn Nhận ${tag}”.`).waitFor();
  assert.equal(
    await merge
      .getByRole('table', { name: 'Những gì sẽ thay đổi' })
      .getByRole('row', { name: /Tài khoản chuyển sang/ })
      .getByRole('cell')
      .textContent(),
    '2',
  );
  const counts = merge.getByRole('table', { name: 'Số lượng chuyển đi' });
  assert.deepEqual(
    await counts
      .getByRole('row', { name: /Đoàn viên, hội viên/ })
      .getByRole('cell')
      .allTextContents(),
    ['25', '25'],
    'the counts moved, and the target’s after the merge',
  );
  assert.deepEqual(
    await counts
      .getByRole('row', { name: /Thanh niên/ })
      .getByRole('cell')
      .allTextContents(),
    ['40', '40'],
  );
  await merge.getByText(/giữ nguyên tên, mã và loại/).waitFor();
  assert.equal((await apiCall(baseUrl, 'GET', `/units/${unitA.id}`)).status, 'active', 'a preview merges nothing');
  await checkA11y(page, 'the merge preview');
  await screenshot(page, root, 'units-merge-preview');
  await merge.getByRole('button', { name: 'Sáp nhập', exact: true }).click();
  await page.getByRole('status').getByText(`Đã sáp nhập “Chi đoàn Thử ${tag}” vào “Chi đoàn Nhận ${tag}”.`).waitFor();
  await page.getByRole('heading', { level: 2, name: `Chi đoàn Nhận ${tag}` }).waitFor();
  assert.equal((await apiCall(baseUrl, 'GET', `/units/${unitA.id}`)).status, 'merged');
  assert.equal((await apiCall(baseUrl, 'GET', `/units/${unitB.id}`)).counts.youth, 40);

  // The tree from a file: a dry run lists each row's change (or the errors by row), then the import.
  await page.getByRole('link', { name: 'Nhập cây đơn vị từ tệp' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nhập cây đơn vị và số lượng' }).waitFor();
  await page.getByLabel('Tệp XLSX hoặc CSV').setInputFiles({
    name: 'don-vi.xlsx',
    mimeType: XLSX_MIME,
    buffer: await unitsXlsx([
      [`${home.code}/cd-c-${tag}`, `Chi đoàn Tệp ${tag}`, 'Chi đoàn', home.code, 1, 30, 12, 0],
      [`khac/cd-d-${tag}`, `Chi đoàn Sai ${tag}`, 'Chi đoàn', home.code, 0, 0, 0, 0],
    ]),
  });
  await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
  await page
    .getByRole('table', { name: /Tệp có 1 lỗi/ })
    .getByRole('cell', { name: '3', exact: true })
    .waitFor();
  await page.getByLabel('Tệp XLSX hoặc CSV').setInputFiles({
    name: 'don-vi.xlsx',
    mimeType: XLSX_MIME,
    buffer: await unitsXlsx([[`${home.code}/cd-c-${tag}`, `Chi đoàn Tệp ${tag}`, 'Chi đoàn', home.code, 1, 30, 12, 0]]),
  });
  await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
  await page.getByText('Sẽ tạo 1 đơn vị, cập nhật 0, giữ nguyên 0.').waitFor();
  await page.getByRole('cell', { name: 'Tạo mới' }).waitFor();
  await checkA11y(page, 'the unit import dry run');
  await page.getByRole('button', { name: 'Nhập 1 dòng' }).click();
  await page.getByText('Đã nhập: tạo 1 đơn vị, cập nhật 0.').waitFor();
  const imported = await apiCall(baseUrl, 'GET', `/units/search?q=${encodeURIComponent(`tep ${tag}`)}`, { token });
  assert.deepEqual(imported[0].counts, { cadres: 1, members: 30, youth: 12, teens: 0 });

  // The people of the subtree: found without diacritics, disabled, enabled.
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Người dùng' }).click();
  await page.getByRole('heading', { level: 1, name: 'Người dùng' }).waitFor();
  await page.getByLabel('Tìm theo họ tên hoặc tên đăng nhập (gõ không dấu cũng được)').fill('nguyen thi hoa');
  const row = page.getByRole('row', { name: new RegExp(`hoa\\.${tag}`) });
  await row.waitFor();
  assert.match(await row.textContent(), new RegExp(`Chi đoàn Nhận ${tag}`), 'the merge moved her to the target');
  await checkA11y(page, 'the people page');
  await screenshot(page, root, 'people');
  await row.getByRole('button', { name: 'Thao tác với Nguyễn Thị Hòa' }).click();
  await page.getByRole('menuitem', { name: 'Khóa tài khoản' }).click();
  const lock = page.getByRole('dialog', { name: 'Khóa tài khoản của Nguyễn Thị Hòa?' });
  await lock.waitFor();
  await checkA11y(page, 'the disable dialog');
  await lock.getByRole('button', { name: 'Khóa tài khoản' }).click();
  await page.getByRole('status').getByText('Đã khóa tài khoản của Nguyễn Thị Hòa.').waitFor();
  await row.getByText('Đã khóa').waitFor();
  await assert.rejects(tokenFor(baseUrl, { username: `hoa.${tag}`, password: 'x'.repeat(12) }), /401/);
  const disabled = await apiCall(baseUrl, 'GET', `/users?q=hoa.${tag}`, { token });
  assert.equal(disabled.items[0].status, 'disabled');
  // By keyboard this time: the actions button, Enter, the item, Enter, the confirmation (focused), Enter.
  await row.getByRole('button', { name: 'Thao tác với Nguyễn Thị Hòa' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Mở khóa tài khoản' }).waitFor();
  await page.keyboard.press('ArrowDown');
  assert.equal(
    await page.evaluate(() => document.activeElement?.textContent),
    'Mở khóa tài khoản',
    'the second item is the status change',
  );
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Mở khóa tài khoản' }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Đã mở khóa tài khoản của Nguyễn Thị Hòa.').waitFor();
  assert.equal((await apiCall(baseUrl, 'GET', `/users?q=hoa.${tag}`, { token })).items[0].status, 'active');

  // Roles: only the ones an organizer may grant can be ticked; the change applies at once.
  await row.getByRole('button', { name: 'Thao tác với Nguyễn Thị Hòa' }).click();
  await page.getByRole('menuitem', { name: 'Đổi vai trò' }).click();
  const roles = page.getByRole('dialog', { name: 'Vai trò của Nguyễn Thị Hòa' });
  assert.equal(await roles.getByRole('checkbox', { name: 'Ban tổ chức' }).isDisabled(), true);
  await roles.getByRole('checkbox', { name: 'Người dẫn trò chơi' }).check();
  await checkA11y(page, 'the roles dialog');
  await roles.getByRole('button', { name: 'Lưu' }).click();
  await page.getByRole('status').getByText('Đã đổi vai trò của Nguyễn Thị Hòa.').waitFor();
  assert.deepEqual((await apiCall(baseUrl, 'GET', `/users?q=hoa.${tag}`, { token })).items[0].roles.sort(), [
    'host',
    'participant',
  ]);

  // A one-time password, shown once, that signs her in to change it.
  await row.getByRole('button', { name: 'Thao tác với Nguyễn Thị Hòa' }).click();
  await page.getByRole('menuitem', { name: 'Đặt lại mật khẩu' }).click();
  const reset = page.getByRole('dialog', { name: 'Đặt lại mật khẩu của Nguyễn Thị Hòa?' });
  await reset.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
  const temporary = (await reset.getByTestId('temporary-password').textContent()).trim();
  const signedIn = await apiCall(baseUrl, 'POST', '/auth/login', {
    body: { username: `hoa.${tag}`, password: temporary },
  });
  assert.equal(signedIn.mustChangePassword, true);
  await reset.getByRole('button', { name: 'Đóng' }).click();

  // Filters: by role, and by unit through the picker.
  await page.getByLabel('Tìm theo họ tên hoặc tên đăng nhập (gõ không dấu cũng được)').fill('');
  await page.getByRole('combobox', { name: 'Vai trò' }).click();
  await page.getByRole('option', { name: 'Người soạn câu hỏi' }).click();
  await page.getByRole('row', { name: new RegExp(`hoa\\.${tag}`) }).waitFor({ state: 'detached' });
  await page.getByRole('row', { name: /tacgia/ }).waitFor();
  assert.match(page.url(), /role=author/, 'the filter is kept in the address');

  // The filtered list as XLSX (the API logs the export).
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Xuất XLSX' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'nguoi-dung.xlsx');

  // English on the switch.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Người dùng' }).waitFor();
});

test('an organizer renames and archives a bank; the export menu takes only the published questions', async ({
  page,
  baseUrl,
  root,
  admin,
}) => {
  const token = await tokenFor(baseUrl, ORGANIZER);
  const bank = await apiCall(baseUrl, 'POST', '/question-banks', {
    token,
    body: { name: `Ngân hàng tạm ${Date.now()}` },
  });
  await signIn(page, baseUrl, ORGANIZER);
  await page.goto(`${baseUrl}/admin/banks`);
  await page.getByRole('heading', { level: 1, name: 'Ngân hàng câu hỏi' }).waitFor();
  await page.getByRole('button', { name: `Đổi tên: ${bank.name}` }).click();
  const edit = page.getByRole('dialog');
  await edit.getByLabel('Tên ngân hàng').fill('   ');
  await edit.getByRole('button', { name: 'Lưu' }).click();
  await edit.getByText('Không được để trống.').waitFor();
  await edit.getByLabel('Tên ngân hàng').fill(`${bank.name} (đã đổi)`);
  await edit.getByRole('button', { name: 'Lưu' }).click();
  await page.getByRole('status').getByText('Đã lưu.').waitFor();
  await page.getByRole('link', { name: `${bank.name} (đã đổi)` }).waitFor();
  await checkA11y(page, 'the banks page with its actions');

  await page.getByRole('button', { name: `Lưu trữ: ${bank.name} (đã đổi)` }).click();
  await page.getByRole('dialog', { name: `Lưu trữ ngân hàng “${bank.name} (đã đổi)”?` }).waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Lưu trữ' }).click();
  await page.getByRole('status').getByText(`Đã lưu trữ “${bank.name} (đã đổi)”.`).waitFor();
  assert.equal(await page.getByRole('link', { name: `${bank.name} (đã đổi)` }).count(), 0);
  await page.getByRole('tab', { name: 'Đã lưu trữ' }).click();
  await page.getByRole('link', { name: `${bank.name} (đã đổi)` }).click();
  await page.getByText('Ngân hàng này đã được lưu trữ').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Thêm câu hỏi' }).count(), 0, 'no adding to an archived bank');
  await checkA11y(page, 'an archived bank');
  await screenshot(page, root, 'bank-archived');

  // The export menu: only the published questions of the demo bank (the city's, so the administrator's).
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL('**/admin/login');
  await signIn(page, baseUrl, admin);
  const adminToken = await tokenFor(baseUrl, admin);
  const demo = (await apiCall(baseUrl, 'GET', '/question-banks', { token: adminToken })).find(
    (b) => b.publishedCount > 0,
  );
  await page.goto(`${baseUrl}/admin/banks/${demo.id}`);
  await page.getByRole('button', { name: 'Xuất', exact: true }).click();
  await page.getByRole('menuitemradio', { name: 'Chỉ câu “Đã duyệt”' }).click();
  assert.equal(
    await page.getByRole('menuitemradio', { name: 'Chỉ câu “Đã duyệt”' }).getAttribute('aria-checked'),
    'true',
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Định dạng GIFT' }).click(),
  ]);
  assert.ok(download.suggestedFilename().endsWith('.gift'));
});
