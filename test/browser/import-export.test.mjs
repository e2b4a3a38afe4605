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
