import { apiCall, assert, checkA11y, createUser, screenshot, signIn, test, tokenFor } from './harness.mjs';

test('an author submits, a reviewer sends back with a comment, the author edits, the reviewer approves', async (env) => {
  const { page, baseUrl, admin, root } = env;
  const author = await createUser(env, ['author'], 'Nguyễn Thị Soạn');
  const reviewer = await createUser(env, ['reviewer'], 'Trần Văn Duyệt');
  const adminToken = await tokenFor(baseUrl, admin);
  const me = await apiCall(baseUrl, 'GET', '/auth/me', { token: await tokenFor(baseUrl, author) });
  const bank = await apiCall(baseUrl, 'POST', '/question-banks', {
    token: adminToken,
    body: { name: 'Duyệt câu hỏi', unitId: me.unit.id },
  });
  const question = await apiCall(baseUrl, 'POST', `/question-banks/${bank.id}/questions`, {
    token: await tokenFor(baseUrl, author),
    body: {
      type: 'truefalse',
      text: 'Luật Thanh niên 2020 có hiệu lực từ 01/01/2021.',
      correct: true,
    },
  });
  const url = `${baseUrl}/admin/questions/${question.id}`;

  await signIn(page, baseUrl, author);
  await page.goto(url);
  await page.getByTestId('status').filter({ hasText: 'Bản nháp' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Duyệt', exact: true }).count(), 0, 'authors do not see approve');
  await page.getByRole('button', { name: 'Gửi duyệt' }).click();
  await page.getByTestId('status').filter({ hasText: 'Chờ duyệt' }).waitFor();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();

  await signIn(page, baseUrl, reviewer);
  await page.goto(url);
  await page.getByRole('button', { name: 'Duyệt', exact: true }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Sửa' }).count(), 0, 'reviewers do not edit');
  await checkA11y(page, 'a question in review');
  await page.getByRole('button', { name: 'Trả lại' }).click();
  const dialog = page.getByRole('dialog', { name: 'Trả lại câu hỏi cho người soạn' });
  await dialog.getByRole('button', { name: 'Trả lại' }).click();
  await dialog.getByText('Không được để trống.').waitFor();
  await dialog.getByLabel('Lý do trả lại').fill('Ghi rõ số hiệu luật: 57/2020/QH14.');
  await dialog.getByRole('button', { name: 'Trả lại' }).click();
  await page.getByTestId('status').filter({ hasText: 'Bản nháp' }).waitFor();
  await page.getByRole('tab', { name: 'Lịch sử duyệt' }).click();
  await page.getByText('Ghi rõ số hiệu luật: 57/2020/QH14.').waitFor();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();

  await signIn(page, baseUrl, author);
  await page.goto(`${url}/edit`);
  await page.getByLabel('Nội dung câu hỏi').fill('Luật Thanh niên số 57/2020/QH14 có hiệu lực từ 01/01/2021.');
  await page.getByRole('button', { name: 'Lưu câu hỏi' }).click();
  await page.getByText('Đã lưu phiên bản 2.').waitFor();
  await page.getByRole('button', { name: 'Gửi duyệt' }).click();
  await page.getByTestId('status').filter({ hasText: 'Chờ duyệt' }).waitFor();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();

  await signIn(page, baseUrl, reviewer);
  await page.goto(url);
  await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
  await page.getByTestId('status').filter({ hasText: 'Đã duyệt' }).waitFor();
  await page.getByText('Phiên bản dùng ra đề: 2').waitFor();
  await screenshot(page, root, 'question-review');
  await page.getByRole('tab', { name: 'Các phiên bản' }).click();
  const diff = page.getByTestId('version-diff');
  await diff.waitFor();
  await diff.locator('ins').filter({ hasText: '57/2020/QH14' }).first().waitFor();
  await diff.locator('del').filter({ hasText: '2020' }).first().waitFor();
  await checkA11y(page, 'the version comparison');
  await screenshot(page, root, 'version-diff');
  const detail = await apiCall(baseUrl, 'GET', `/questions/${question.id}`, { token: adminToken });
  assert.equal(detail.status, 'published');
  assert.equal(detail.publishedVersion, 2);
});
