import { assert, checkA11y, screenshot, signIn, test } from './harness.mjs';

test('a wrong password shows the API message and keeps the person on the sign-in page', async ({
  page,
  baseUrl,
  root,
}) => {
  await page.goto(`${baseUrl}/admin/`);
  await page.waitForURL('**/admin/login');
  await checkA11y(page, 'the sign-in page');
  await screenshot(page, root, 'sign-in');
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('alert').filter({ hasText: 'Tên đăng nhập hoặc mật khẩu không đúng.' }).waitFor();
  assert.match(page.url(), /\/admin\/login$/);
});

test('signing in shows the name, role and unit; signing out returns to sign-in', async ({
  page,
  baseUrl,
  admin,
  root,
}) => {
  await signIn(page, baseUrl, admin);
  const who = page.getByTestId('current-user');
  assert.match(await who.innerText(), /Quản trị viên/);
  assert.match(await who.innerText(), /Quản trị hệ thống/);
  assert.match(await who.innerText(), /Thành đoàn|Hải Phòng/);
  await page.getByRole('heading', { level: 1, name: 'Ngân hàng câu hỏi' }).waitFor();
  await page
    .getByRole('link', { name: /Ngân hàng câu hỏi/ })
    .first()
    .waitFor();
  await checkA11y(page, 'the banks page');
  await screenshot(page, root, 'banks');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL('**/admin/login');
  await page.goto(`${baseUrl}/admin/banks`);
  await page.waitForURL('**/admin/login');
});

test('English is one switch away and the choice survives a reload', async ({ page, baseUrl, admin }) => {
  await signIn(page, baseUrl, admin);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Question banks' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Question banks' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await checkA11y(page, 'the banks page in English');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ngân hàng câu hỏi' }).waitFor();
});

test('the keyboard alone reaches sign-in and the skip link', async ({ page, baseUrl, admin }) => {
  await page.goto(`${baseUrl}/admin/login`);
  const username = page.getByLabel('Tên đăng nhập');
  await username.waitFor();
  assert.ok(await username.evaluate((el) => el === document.activeElement), 'the username field has the focus');
  await page.keyboard.type(admin.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(admin.password);
  await page.keyboard.press('Enter');
  await page.getByTestId('current-user').waitFor();
  await page.getByRole('heading', { level: 1 }).waitFor();
  // The skip link is the first thing Tab reaches on every signed-in page, and it moves focus to the main content.
  const first = await page.evaluate(
    () => document.querySelector('a[href], button, input, [tabindex="0"]')?.textContent,
  );
  assert.equal(first, 'Bỏ qua, đến nội dung chính');
  await page.getByRole('link', { name: 'Bỏ qua, đến nội dung chính' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
});
