import { apiCall, assert, checkA11y, createUser, screenshot, signIn, test, tokenFor } from './harness.mjs';

/** The demo organizer of Đoàn phường Lê Chân and a person of that unit (docs/DEMO-ACCOUNTS.md). */
const ORGANIZER = { username: 'tochuc.lechan', password: 'HaiDang@2025' };
const RESET_PERSON = 'tacgia';

/** The text that the field labelled `label` points to with aria-describedby: its error or hint, as read aloud. */
async function describedBy(page, label) {
  return page
    .getByLabel(label, { exact: true })
    .evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
}

test('signed in with a one-time password, a person sees only the change page until the password is changed', async ({
  page,
  baseUrl,
  root,
}) => {
  const organizer = await tokenFor(baseUrl, ORGANIZER);
  const found = await apiCall(baseUrl, 'GET', `/users?q=${RESET_PERSON}`, { token: organizer });
  const person = found.items.find((u) => u.username === RESET_PERSON);
  assert.ok(person, `the demo user ${RESET_PERSON} is in the organizer's list`);
  const { temporaryPassword } = await apiCall(baseUrl, 'POST', `/users/${person.id}/password-reset`, {
    token: organizer,
  });

  await page.goto(`${baseUrl}/admin/login`);
  await page.getByLabel('Tên đăng nhập').fill(RESET_PERSON);
  await page.getByLabel('Mật khẩu').fill(temporaryPassword);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/admin/account/password');
  await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
  await page.getByText('Mật khẩu của bạn vừa được ban tổ chức đặt lại').waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Điều hướng chính' }).count(), 0, 'no navigation yet');
  await checkA11y(page, 'the forced change-password page');
  await screenshot(page, root, 'change-password-required');

  // Nothing else opens: an address typed by hand comes back here.
  await page.goto(`${baseUrl}/admin/banks`);
  await page.waitForURL('**/admin/account/password');
  await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();

  // The keyboard alone: the page's heading has the focus; Tab reaches the fields in order, Enter submits.
  const newPassword = 'Mat-khau-rieng-2026';
  await page.getByLabel('Mật khẩu hiện tại', { exact: true }).focus();
  await page.keyboard.type(temporaryPassword);
  await page.keyboard.press('Tab');
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')),
    'new-password',
    'Tab goes from the current password to the new one',
  );
  await page.keyboard.type(newPassword);
  await page.keyboard.press('Tab');
  await page.keyboard.type(newPassword);
  await page.keyboard.press('Enter');

  // The home page, signed in with the new token: it survives a reload, and the navigation is back.
  await page.waitForURL('**/admin/banks');
  await page.getByRole('heading', { level: 1, name: 'Ngân hàng câu hỏi' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Ngân hàng câu hỏi' }).waitFor();
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).waitFor();

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL('**/admin/login');
  await signIn(page, baseUrl, { username: RESET_PERSON, password: newPassword });
  await page.waitForURL('**/admin/banks');
  await page.getByRole('heading', { level: 1, name: 'Ngân hàng câu hỏi' }).waitFor();
  // The one-time password is gone.
  await assert.rejects(tokenFor(baseUrl, { username: RESET_PERSON, password: temporaryPassword }), /401/);
});

test('the account menu opens the change page; a wrong current password is shown under its field', async (env) => {
  const { page, baseUrl, root } = env;
  const user = await createUser(env, ['author'], 'Người Đổi Mật Khẩu');
  await signIn(page, baseUrl, user);
  // The account menu by keyboard: Enter on the name opens it with its first item focused, Enter follows it.
  await page.getByTestId('current-user').focus();
  await page.keyboard.press('Enter');
  const item = page.getByRole('menuitem', { name: 'Đổi mật khẩu' });
  await item.waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'menuitem');
  assert.ok(await item.evaluate((el) => el === document.activeElement), 'the first item has the focus');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/admin/account/password');
  await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
  // Reached by choice: the navigation stays, and no "must change" sentence.
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).waitFor();
  assert.equal(await page.getByText('Mật khẩu của bạn vừa được ban tổ chức đặt lại').count(), 0);

  // Checked in the page first: two different new passwords are refused without a call.
  await page.getByLabel('Mật khẩu hiện tại', { exact: true }).fill('sai-mat-khau');
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('Mat-khau-moi-2026');
  await page.getByLabel('Nhập lại mật khẩu mới', { exact: true }).fill('Mat-khau-khac-2026');
  await page.getByRole('button', { name: 'Đổi mật khẩu', exact: true }).click();
  await page.getByText('Hai lần nhập mật khẩu mới không khớp.').waitFor();

  await page.getByLabel('Nhập lại mật khẩu mới', { exact: true }).fill('Mat-khau-moi-2026');
  await page.getByRole('button', { name: 'Đổi mật khẩu', exact: true }).click();
  await page.getByText('Mật khẩu hiện tại không đúng.').waitFor();
  const current = page.getByLabel('Mật khẩu hiện tại', { exact: true });
  assert.equal(await current.getAttribute('aria-invalid'), 'true');
  assert.equal(await describedBy(page, 'Mật khẩu hiện tại'), 'Mật khẩu hiện tại không đúng.');
  assert.ok(await current.evaluate((el) => el === document.activeElement), 'the wrong field has the focus');
  await checkA11y(page, 'the change-password page with an error');
  await screenshot(page, root, 'change-password-wrong-current');

  // The right one changes it, and the page says so while keeping the person signed in.
  await current.fill(user.password);
  await page.getByRole('button', { name: 'Đổi mật khẩu', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu.' }).waitFor();
  await page.getByRole('link', { name: 'Ngân hàng câu hỏi' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ngân hàng câu hỏi' }).waitFor();
  await tokenFor(baseUrl, { username: user.username, password: 'Mat-khau-moi-2026' });
});
