import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { apiCall, assert, checkA11y, screenshot, signIn, test, tokenFor } from './harness.mjs';

/** The demo organizer of Đoàn phường Lê Chân (docs/DEMO-ACCOUNTS.md): the demo's 2024 figures merged into it. */
const ORGANIZER = { username: 'tochuc.lechan', password: 'HaiDang@2025' };
const vi = (n) => new Intl.NumberFormat('vi-VN').format(n);

test('an organizer reads the plan report, enters a figure by keyboard, switches language and downloads the XLSX', async ({
  page,
  baseUrl,
  root,
}) => {
  const token = await tokenFor(baseUrl, ORGANIZER);
  const year = Number(
    new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()),
  );
  const api = await apiCall(baseUrl, 'GET', `/reports/plan-targets?year=${year}`, { token });
  const eCadres = api.targets.find((t) => t.letter === 'e').rows.find((r) => r.key === 'cadres').total;
  assert.ok(eCadres.achieved > 0, 'the demo data gives the organizer’s unit trained cadres (merged from old units)');

  await signIn(page, baseUrl, ORGANIZER);
  await page
    .getByRole('navigation', { name: 'Điều hướng chính' })
    .getByRole('link', { name: 'Báo cáo kế hoạch' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Báo cáo chỉ tiêu Kế hoạch 300/KH-UBND' }).waitFor();
  const table = page.getByRole('table', { name: 'Các chỉ tiêu của đơn vị' });
  await table.waitFor();
  // Every target, a to o, with its figures as the API computed them.
  for (const letter of ['a)', 'b)', 'c)', 'd)', 'đ)', 'e)', 'g)', 'h)', 'i)', 'k)', 'l)', 'm)', 'n)', 'o)']) {
    assert.ok((await table.getByRole('rowheader').filter({ hasText: letter }).count()) > 0, `target ${letter} shown`);
  }
  await table
    .getByRole('cell', { name: vi(eCadres.achieved), exact: true })
    .first()
    .waitFor();
  await page.getByText('a từ số người tham gia các vòng thi trực tuyến đã kết thúc').waitFor();
  await checkA11y(page, 'the plan report');
  await screenshot(page, root, 'plan-report');

  // A figure the platform cannot measure, entered by keyboard: a bad number and a missing note are shown under
  // their fields; then it is saved and shown as entered, with who and when.
  const form = page.locator('form').filter({ has: page.getByLabel('Ghi chú nguồn số liệu') });
  await form.getByLabel('Chỉ tiêu và đối tượng').focus();
  await form.getByLabel('Chỉ tiêu và đối tượng').selectOption({ label: 'g) Cơ sở giáo dục' });
  await page.keyboard.press('Tab');
  await page.keyboard.type('abc');
  await page.keyboard.press('Tab');
  await page.keyboard.type('8');
  await form.getByRole('button', { name: 'Lưu số liệu' }).focus();
  await page.keyboard.press('Enter');
  await form.getByText('Nhập một số không âm.').waitFor();
  await form.getByText('Cần ghi chú nguồn số liệu.').waitFor();
  await form.getByLabel('Số đạt được').fill('6');
  await form.getByLabel('Ghi chú nguồn số liệu').fill('Báo cáo của 8 trường trên địa bàn, tháng 11');
  await form.getByRole('button', { name: 'Lưu số liệu' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Đã lưu số liệu. Báo cáo đã được cập nhật.').waitFor();
  const entries = page.getByRole('table', { name: `Số liệu đã nhập của đơn vị (năm ${year})` });
  await entries.getByRole('cell', { name: 'Báo cáo của 8 trường trên địa bàn, tháng 11' }).waitFor();
  await entries.getByRole('cell', { name: 'Phạm Thu Hà' }).first().waitFor();
  const schools = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^g\)/ }) });
  await schools.getByRole('cell', { name: '75 %' }).waitFor();
  await checkA11y(page, 'the plan report after an entry');

  // English on the switch.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Plan 300/KH-UBND targets report' }).waitFor();
  await page.getByRole('table', { name: "The unit's targets" }).waitFor();
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();

  // The yearly report as XLSX.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải báo cáo Excel' }).click();
  const file = await (await download).path();
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await readFile(file));
  const sheet = book.getWorksheet('Chỉ tiêu KH 300');
  assert.ok(sheet, 'the report sheet');
  assert.match(String(sheet.getCell('A1').value), new RegExp(`NĂM ${year}`));
  const manual = book.getWorksheet('Số liệu nhập tay');
  const noted = [];
  manual.eachRow((row) => noted.push(String(row.getCell(6).value)));
  assert.ok(noted.includes('Báo cáo của 8 trường trên địa bàn, tháng 11'), 'the entry is in the workbook');
});
