import { apiCall, assert, checkA11y, createUser, screenshot, test, tokenFor } from './harness.mjs';
import { participant, PHONE, portalSignIn } from './portal-support.mjs';

const REQUIRED = 'Mật khẩu của bạn vừa được ban tổ chức đặt lại';

test('a participant whose password an organizer reset is held on the portal’s change page until it is changed', async (env) => {
  const { page, baseUrl, root } = env;
  const student = await participant(env, 'Trần Văn Quên');
  const organizer = await createUser(env, ['organizer'], 'Người Tổ Chức Cấp Lại');
  const organizerToken = await tokenFor(baseUrl, organizer);
  const found = await apiCall(baseUrl, 'GET', `/users?q=${student.username}`, { token: organizerToken });
  const person = found.items.find((u) => u.username === student.username);
  assert.ok(person, 'the organizer finds the participant');
  const { temporaryPassword } = await apiCall(baseUrl, 'POST', `/users/${person.id}/password-reset`, {
    token: organizerToken,
  });

  await page.setViewportSize(PHONE);
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Tên đăng nhập').fill(student.username);
  await page.getByLabel('Mật khẩu').fill(temporaryPassword);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/account/password');
  await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
  await page.getByText(REQUIRED).waitFor();
  await checkA11y(page, 'the portal’s forced change-password page');
  await screenshot(page, root, 'portal-change-password-required');

  // Nothing else opens: an address typed by hand (and a reload) comes back here.
  await page.goto(`${baseUrl}/play`);
  await page.waitForURL('**/account/password');
  await page.getByText(REQUIRED).waitFor();

  // The keyboard alone: Tab from field to field, Enter submits.
  const newPassword = 'Mat-khau-rieng-2026';
  await page.getByLabel('Mật khẩu hiện tại').focus();
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

  // The home page, signed in with the new token, and it survives a reload.
  await page.getByRole('heading', { name: /Xin chào/ }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await page.reload();
  await page.getByRole('heading', { name: /Xin chào/ }).waitFor();
  // The one-time password is gone; the new one signs in on the portal.
  await assert.rejects(tokenFor(baseUrl, { username: student.username, password: temporaryPassword }), /401/);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await portalSignIn(page, baseUrl, { username: student.username, password: newPassword });
});

test('the portal’s change page from the footer link: a wrong current password is shown under its field', async (env) => {
  const { page, baseUrl } = env;
  const student = await participant(env, 'Lê Thị Nhớ');
  await portalSignIn(page, baseUrl, student);
  await page.getByRole('link', { name: 'Đổi mật khẩu' }).click();
  await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
  assert.equal(await page.getByText(REQUIRED).count(), 0, 'no "must change" sentence when reached by choice');

  await page.getByLabel('Mật khẩu hiện tại').fill('sai-mat-khau');
  await page.getByRole('textbox', { name: 'Mật khẩu mới', exact: true }).fill('Mat-khau-moi-2026');
  await page.getByRole('textbox', { name: 'Nhập lại mật khẩu mới' }).fill('Mat-khau-khac-2026');
  await page.getByRole('button', { name: 'Đổi mật khẩu', exact: true }).click();
  await page.getByText('Hai lần nhập mật khẩu mới không khớp.').waitFor();

  await page.getByRole('textbox', { name: 'Nhập lại mật khẩu mới' }).fill('Mat-khau-moi-2026');
  await page.getByRole('button', { name: 'Đổi mật khẩu', exact: true }).click();
  await page.getByText('Mật khẩu hiện tại không đúng.').waitFor();
  const current = page.getByLabel('Mật khẩu hiện tại');
  assert.equal(await current.getAttribute('aria-invalid'), 'true');
  assert.ok(await current.evaluate((el) => el === document.activeElement), 'the wrong field has the focus');
  await checkA11y(page, 'the portal’s change-password page with an error');

  await current.fill(student.password);
  await page.getByRole('button', { name: 'Đổi mật khẩu', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu.' }).waitFor();
  await tokenFor(baseUrl, { username: student.username, password: 'Mat-khau-moi-2026' });
});
