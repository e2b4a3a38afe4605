import { readFileSync } from 'node:fs';
import path from 'node:path';
import { apiCall, assert, checkA11y, screenshot, signIn, test, tokenFor } from './harness.mjs';

async function newBank(baseUrl, admin, name) {
  const token = await tokenFor(baseUrl, admin);
  return { token, bank: await apiCall(baseUrl, 'POST', '/question-banks', { token, body: { name } }) };
}

test('a good GIFT file: the dry run shows counts by type and category, then the import writes them', async ({
  page,
  baseUrl,
  admin,
  root,
}) => {
  const { bank, token } = await newBank(baseUrl, admin, 'Nhập tệp GIFT');
  await signIn(page, baseUrl, admin);
  await page.goto(`${baseUrl}/admin/banks/${bank.id}`);
  await page.getByRole('link', { name: 'Nhập từ tệp' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nhập câu hỏi từ tệp' }).waitFor();
  await checkA11y(page, 'the import page');
  await page.getByTestId('import-file').setInputFiles(path.join(root, 'fixtures/sample-bank.gift'));
  await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
  const summary = page.getByTestId('dry-run');
  await summary.getByText(/Sẽ tạo 21 câu hỏi/).waitFor();
  await summary.getByRole('table', { name: 'Theo danh mục' }).getByText('Pháp luật').first().waitFor();
  await summary.getByRole('table', { name: 'Theo loại câu hỏi' }).getByText('Một lựa chọn').waitFor();
  assert.equal(
    (await apiCall(baseUrl, 'GET', `/question-banks/${bank.id}/questions`, { token })).total,
    0,
    'a dry run writes nothing',
  );
  await checkA11y(page, 'the dry run');
  await screenshot(page, root, 'import-dry-run');
  await page.getByRole('button', { name: 'Nhập 21 câu hỏi' }).click();
  await page.getByText('Đã nhập 21 câu hỏi.').waitFor();
  assert.equal((await apiCall(baseUrl, 'GET', `/question-banks/${bank.id}/questions`, { token })).total, 21);

  // Search without diacritics finds text with them, server-side.
  await page.getByRole('link', { name: 'Xem ngân hàng' }).click();
  await page.getByLabel('Tìm theo nội dung (gõ không dấu cũng được)').fill('an ninh mang');
  await page.waitForURL(/q=an\+ninh\+mang/);
  await page
    .getByRole('link', { name: /An ninh mạng/ })
    .first()
    .waitFor();
  await page
    .getByRole('status')
    .filter({ hasText: /câu hỏi/ })
    .waitFor();
  await checkA11y(page, 'a filtered question list');
  await screenshot(page, root, 'question-list');
});

test('a broken file is rejected whole, with every error shown by line', async ({ page, baseUrl, admin, root }) => {
  const { bank, token } = await newBank(baseUrl, admin, 'Nhập tệp lỗi');
  await signIn(page, baseUrl, admin);
  await page.goto(`${baseUrl}/admin/banks/${bank.id}/import`);
  const broken = [
    '::Q1::Câu đúng {=Có ~Không}',
    '',
    '::Q2::Câu có đáp án số sai {#mười}',
    '',
    '::Q3::Câu chưa đóng ngoặc {=A ~B',
    '',
  ].join('\n');
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'loi.gift', mimeType: 'text/plain', buffer: Buffer.from(broken) });
  await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
  const errors = page.getByTestId('import-errors');
  await errors.waitFor();
  const rows = await errors.locator('tbody tr').allInnerTexts();
  assert.ok(rows.length >= 1, 'at least one error is listed');
  for (const row of rows) assert.match(row, /Dòng \d+/, `each error names its line: ${row}`);
  assert.equal(await page.getByRole('button', { name: /^Nhập \d+ câu hỏi$/ }).count(), 0, 'nothing to confirm');
  await checkA11y(page, 'import errors');
  await screenshot(page, root, 'import-errors');
  assert.equal((await apiCall(baseUrl, 'GET', `/question-banks/${bank.id}/questions`, { token })).total, 0);
  await page.getByRole('button', { name: 'Hủy, chọn tệp khác' }).click();
  await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).waitFor();
});

test('a bank or one category exports to GIFT and XLSX; the template downloads', async ({
  page,
  baseUrl,
  admin,
  root,
}) => {
  const { bank, token } = await newBank(baseUrl, admin, 'Xuất tệp');
  for (const [category, text] of [
    ['Pháp luật', 'Câu pháp luật'],
    ['Lịch sử', 'Câu lịch sử'],
  ]) {
    await apiCall(baseUrl, 'POST', `/question-banks/${bank.id}/questions`, {
      token,
      body: { type: 'truefalse', text, category, correct: true },
    });
  }
  await signIn(page, baseUrl, admin);
  await page.goto(`${baseUrl}/admin/banks/${bank.id}`);
  const download = async (item) => {
    await page.getByRole('button', { name: 'Xuất', exact: true }).click();
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: item }).click(),
    ]);
    return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
  };
  const whole = await download('Định dạng GIFT');
  assert.match(whole.name, /\.gift$|\.txt$/);
  assert.match(whole.text, /Câu pháp luật/);
  assert.match(whole.text, /Câu lịch sử/);

  await page
    .getByRole('navigation', { name: 'Danh mục' })
    .getByRole('button', { name: /Lịch sử/ })
    .click();
  await page.waitForURL(/category=/);
  const oneCategory = await download('Định dạng GIFT');
  assert.match(oneCategory.text, /Câu lịch sử/);
  assert.doesNotMatch(oneCategory.text, /Câu pháp luật/);

  const xlsx = await download('Định dạng Excel (XLSX)');
  assert.match(xlsx.name, /\.xlsx$/);
  await screenshot(page, root, 'export-menu');

  await page.goto(`${baseUrl}/admin/banks/${bank.id}/import`);
  const [template] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Tải tệp mẫu XLSX' }).click(),
  ]);
  assert.match(template.suggestedFilename(), /\.xlsx$/);
});

test('a spreadsheet with unrecognized columns: the wizard shows its first rows, maps each column, dry-runs with it and remembers it', async ({
  page,
  baseUrl,
  admin,
  root,
}) => {
  const { bank, token } = await newBank(baseUrl, admin, 'Ghép cột bảng tính');
  const ExcelJS = (await import('exceljs')).default;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Đề cương');
  sheet.addRow(['Cột 1', 'Cột 2', 'Cột 3', 'Cột 4', 'Cột 5', 'Ghi chú']);
  sheet.addRow(['Thủ đô của Việt Nam?', 'Huế', 'Hà Nội', 'Đà Nẵng', 'B', 'dễ']);
  sheet.addRow(['Thành phố nào giáp Hải Phòng?', 'Quảng Ninh', 'Cần Thơ', 'Hải Dương', 'A, C', '']);
  const buffer = Buffer.from(await book.xlsx.writeBuffer());

  await signIn(page, baseUrl, admin);
  await page.goto(`${baseUrl}/admin/banks/${bank.id}/import`);
  await page.getByTestId('import-file').setInputFiles({
    name: 'de-cuong.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
  const mapping = page.getByTestId('column-mapping');
  await mapping.getByRole('heading', { name: 'Ghép các cột của bảng tính' }).waitFor();
  await mapping.getByRole('table', { name: 'Các dòng đầu của tệp' }).getByText('Thủ đô của Việt Nam?').waitFor();
  const check = mapping.getByRole('button', { name: 'Kiểm tra với cách ghép này' });
  assert.equal(await check.isDisabled(), true, 'nothing mapped yet: no dry run');
  await checkA11y(page, 'the column mapping step');
  for (const [column, field] of [
    ['Cột 1', 'Nội dung câu hỏi'],
    ['Cột 2', 'Phương án A'],
    ['Cột 3', 'Phương án B'],
    ['Cột 4', 'Phương án C'],
    ['Cột 5', 'Đáp án đúng'],
  ]) {
    await mapping.getByRole('combobox', { name: `Cột “${column}”` }).click();
    await page.getByRole('option', { name: field, exact: true }).click();
  }
  // The last menu closes with a fade: shoot once it has left the page.
  await page.locator('.MuiPopover-root').waitFor({ state: 'detached' });
  await screenshot(page, root, 'import-column-mapping');
  await check.click();

  const summary = page.getByTestId('dry-run');
  await summary.getByText(/Sẽ tạo 2 câu hỏi/).waitFor();
  // Row 3 names two right options of a single choice: warned by row, and the organizer may import it as multiple.
  await summary.getByText(/Dòng 3: câu một đáp án có 2 phương án đúng 100%/).waitFor();
  const severalRight = page.getByTestId('several-right');
  await severalRight.getByText('1 câu một đáp án có nhiều phương án đúng 100%.').waitFor();
  await severalRight.getByLabel('Nhập các câu này thành câu nhiều đáp án').check();
  await summary.getByRole('table', { name: 'Theo loại câu hỏi' }).getByText('Nhiều lựa chọn').waitFor();
  await checkA11y(page, 'a dry run with a column mapping');
  assert.equal(
    (await apiCall(baseUrl, 'GET', `/question-banks/${bank.id}/questions`, { token })).total,
    0,
    'a dry run writes nothing',
  );
  await page.getByRole('button', { name: 'Nhập 2 câu hỏi' }).click();
  await page.getByText('Đã nhập 2 câu hỏi.').waitFor();
  const multiple = await apiCall(baseUrl, 'GET', `/question-banks/${bank.id}/questions?type=multiple`, { token });
  assert.deepEqual(
    multiple.items.map((q) => q.text),
    ['Thành phố nào giáp Hải Phòng?'],
  );
  const saved = await apiCall(baseUrl, 'GET', `/question-banks/${bank.id}/import-mapping`, { token });
  assert.deepEqual(saved.mapping, {
    'Cột 1': 'text',
    'Cột 2': 'option1',
    'Cột 3': 'option2',
    'Cột 4': 'option3',
    'Cột 5': 'answer',
    'Ghi chú': 'ignore',
  });

  // The same headers again: remembered, so the file goes straight to the dry run (row 2 is now a duplicate; row 3
  // was imported as multiple-answer, so its single-choice form is not).
  await page.getByRole('button', { name: 'Nhập tệp khác' }).click();
  await page.getByTestId('import-file').setInputFiles({
    name: 'de-cuong-2.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
  await page.getByTestId('dry-run').getByText('Sẽ tạo 1 câu hỏi. Bỏ qua 1 câu trùng.').waitFor();
  assert.equal(await page.getByTestId('column-mapping').count(), 0);
});

test('at phone width the question list is cards and its filters fold behind one button', async ({
  page,
  baseUrl,
  admin,
}) => {
  const { bank, token } = await newBank(baseUrl, admin, 'Danh sách trên điện thoại');
  await apiCall(baseUrl, 'POST', `/question-banks/${bank.id}/questions`, {
    token,
    body: {
      type: 'truefalse',
      text: 'Một câu hỏi rất dài để xem danh sách có tràn màn hình điện thoại không, Hải Phòng 2026.',
      category: 'Pháp luật/Luật An ninh mạng',
      correct: true,
      tags: ['an ninh mạng'],
    },
  });
  await signIn(page, baseUrl, admin);
  await page.setViewportSize({ width: 360, height: 800 });
  try {
    await page.goto(`${baseUrl}/admin/banks/${bank.id}`);
    await page
      .getByRole('list', { name: 'Danh sách câu hỏi' })
      .getByRole('link', { name: /Một câu hỏi rất dài/ })
      .waitFor();
    const filters = page.getByRole('button', { name: 'Bộ lọc' });
    assert.equal(await filters.getAttribute('aria-expanded'), 'false');
    await filters.click();
    await page.getByRole('navigation', { name: 'Danh mục' }).waitFor();
    await page.getByRole('combobox', { name: 'Loại câu hỏi' }).waitFor();
    await checkA11y(page, 'the question list at phone width');
  } finally {
    await page.setViewportSize({ width: 1366, height: 900 });
  }
});
