import { apiCall, assert, checkA11y, screenshot, test, tokenFor } from './harness.mjs';
import {
  answerFirstOption,
  openRound,
  participant,
  PHONE,
  portalSignIn,
  query,
  serviceWorkerReady,
} from './portal-support.mjs';

/** dd/mm/yyyy of a birthday `years` ago (in Vietnam's calendar, a week earlier so the age is settled). */
function birthDateYearsAgo(years) {
  const d = new Date(Date.now() - 7 * 86_400_000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear() - years}`;
}

test('a 12-year-old registers with a parent’s consent; API errors stand next to their field in Vietnamese', async (env) => {
  const { page, baseUrl, root } = env;
  await page.setViewportSize(PHONE);
  await page.goto(`${baseUrl}/register`);
  await page.getByLabel('Họ và tên').fill('Phạm Thị Mai');
  await page.getByRole('textbox', { name: 'Ngày sinh' }).fill(birthDateYearsAgo(12));
  await page.getByText('Bạn chưa đủ 16 tuổi').waitFor();
  // The unit, step by step, found by typing without diacritics.
  const units = await apiCall(baseUrl, 'GET', '/units');
  const children = await apiCall(baseUrl, 'GET', `/units?parentId=${units[0].id}`);
  await page.getByRole('button', { name: units[0].name }).click();
  const target = children.find((u) => /[À-ỹđĐ]/.test(u.name)) ?? children[0];
  const plain = target.name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
  await page.getByLabel('Tìm đơn vị (gõ không dấu cũng được)').fill(plain);
  await page.getByRole('button', { name: target.name, exact: false }).first().click();
  await page.getByText(`Đã chọn: ${target.fullName ?? target.name}.`).waitFor();
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill('Mat-khau-cua-mai-1');
  await checkA11y(page, 'the registration form');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // The parent's step: nothing goes without the consent boxes.
  await page.getByRole('heading', { name: 'Dành cho bố, mẹ hoặc người giám hộ' }).waitFor();
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await page.getByText('Cần bố, mẹ hoặc người giám hộ đánh dấu đồng ý.').waitFor();
  await page.getByLabel('Họ tên bố, mẹ hoặc người giám hộ').fill('Phạm Văn Hùng');
  await page.getByLabel('Tôi là bố, mẹ hoặc người giám hộ và tôi đồng ý cho con tham gia.').check();
  await page.getByLabel('Em đã hiểu và em muốn tham gia.').check();
  await checkA11y(page, "the parent's consent step");
  await screenshot(page, root, 'portal-register-guardian');
  // By keyboard: after the full-page capture the page scrolls back for a moment, and a pointer click can miss.
  await page.getByRole('button', { name: 'Tạo tài khoản' }).press('Enter');

  // The server's refusal of the username goes back to the first step, under the username field.
  const username = page.getByLabel('Tên đăng nhập');
  await page
    .getByText('Tên đăng nhập đã được sử dụng.')
    .waitFor()
    .catch(async (e) => {
      console.log(await page.locator('body').innerText());
      throw e;
    });
  const described = await username.getAttribute('aria-describedby');
  assert.match(await page.locator(`#${described}`).innerText(), /Tên đăng nhập đã được sử dụng/);
  const name = `mai${Date.now().toString(36)}`;
  await username.fill(name);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await page.getByRole('heading', { name: 'Xin chào, Phạm Thị Mai' }).waitFor();
  const [row] = await query(
    env,
    'SELECT guardian_name, guardian_consent_at, child_consent_at, unit_id FROM app_user WHERE username = $1',
    [name],
  );
  assert.equal(row.guardian_name, 'Phạm Văn Hùng');
  assert.ok(row.guardian_consent_at && row.child_consent_at, 'both consents recorded');
  assert.equal(row.unit_id, target.id);
});

test('a round on a phone: offline for 20 s mid-round, a reload without network, every answer stored once', async (env) => {
  const { page, context, baseUrl, root } = env;
  const { roundId } = await openRound(env, { title: 'Cuộc thi mất mạng giữa chừng' });
  const user = await participant(env, 'Lê Văn Mạng');
  await portalSignIn(page, baseUrl, user);
  await page.getByRole('heading', { name: 'Cuộc thi mất mạng giữa chừng' }).waitFor();
  await checkA11y(page, 'the home page');
  await screenshot(page, root, 'portal-home');
  await page
    .getByRole('article')
    .filter({ hasText: 'Cuộc thi mất mạng giữa chừng' })
    .getByRole('link', { name: 'Vào thi' })
    .click();
  await page.getByRole('heading', { name: 'Tuần thử' }).waitFor();
  await checkA11y(page, 'the rules page');
  await page.getByRole('link', { name: 'Bắt đầu làm bài' }).click();
  await page.getByRole('timer').waitFor();
  await serviceWorkerReady(page);

  await answerFirstOption(page);
  await page.getByRole('button', { name: 'Câu 2, chưa trả lời' }).click();
  await answerFirstOption(page);
  await checkA11y(page, 'the paper');
  await screenshot(page, root, 'portal-attempt');

  await context.setOffline(true);
  await page.getByRole('button', { name: 'Câu 3, chưa trả lời' }).click();
  await page.getByRole('radio').nth(1).check();
  await page.getByTestId('offline-banner').waitFor();
  await page
    .locator('[data-testid="save-state"][data-state="saving"], [data-testid="save-state"][data-state="queued"]')
    .waitFor();
  await page.getByRole('button', { name: 'Câu 4, chưa trả lời' }).click();
  await page.getByRole('radio').first().check();
  // A second thought on question 3 while offline: only the newer answer may reach the server.
  await page.getByRole('button', { name: 'Câu 3, đã trả lời' }).click();
  await page.getByRole('radio').last().check();
  const chosenText = await page.getByRole('radio', { checked: true }).evaluate((el) => el.closest('label').innerText);
  await screenshot(page, root, 'portal-offline');

  // A reload without network: the shell from the service worker, the attempt from IndexedDB.
  await page.reload();
  await page.getByTestId('offline-banner').waitFor();
  await page.getByRole('button', { name: 'Câu 4, đã trả lời' }).waitFor();
  await page.getByRole('button', { name: 'Câu 3, đã trả lời' }).click();
  assert.equal(
    await page.getByRole('radio', { checked: true }).evaluate((el) => el.closest('label').innerText),
    chosenText,
  );
  await page.waitForTimeout(20_000 - 3_000);
  await context.setOffline(false);
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 15_000 });
  await page.getByTestId('offline-banner').waitFor({ state: 'hidden', timeout: 15_000 });

  const [attempt] = await query(env, 'SELECT id, paper FROM quiz_attempt WHERE context_id = $1', [roundId]);
  const answers = await query(
    env,
    `SELECT a.question_id, a.value, count(*) OVER (PARTITION BY a.question_id) AS copies
     FROM quiz_answer a WHERE a.attempt_id = $1`,
    [attempt.id],
  );
  assert.equal(answers.length, 4, 'four questions answered, each stored');
  assert.ok(answers.every((a) => Number(a.copies) === 1));

  // The prediction, in a field loaded only when the paper shows one (a chunk of its own), sent with the submission.
  await page.getByLabel('Số bạn dự đoán').fill('120');
  // The phone's number pad: inputmode on the <input> itself.
  assert.equal(await page.getByLabel('Số bạn dự đoán').getAttribute('inputmode'), 'numeric');

  // Submit: the confirmation names the unanswered question.
  await page.getByRole('button', { name: 'Nộp bài' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nộp bài?' });
  await dialog.getByText('Bạn còn 1 câu chưa trả lời: câu 5.').waitFor();
  await dialog.getByRole('button', { name: 'Nộp bài' }).click();
  await page.getByRole('heading', { name: 'Kết quả bài thi' }).waitFor();
  await page.getByTestId('score').waitFor();
  const [submitted] = await query(env, 'SELECT prediction FROM quiz_attempt WHERE id = $1', [attempt.id]);
  assert.equal(submitted.prediction, 120, 'the prediction typed in the lazily loaded field was submitted');
  await checkA11y(page, 'the result');
  await screenshot(page, root, 'portal-result');
  // Question 3's stored answer is the last one given, not the first.
  const review = await apiCall(baseUrl, 'GET', `/attempts/${attempt.id}/review`, {
    token: await tokenFor(baseUrl, user),
  });
  const third = review.questions[2];
  const option = third.options.find((o) => o.id === third.answer.optionIds[0]);
  assert.ok(chosenText.includes(option.text), `stored ${option.text}, chose ${chosenText}`);
});

test('a reload and a second tab continue the same attempt; the deadline submits it with the page open', async (env) => {
  const { page, context, baseUrl } = env;
  await openRound(env, { title: 'Cuộc thi hai thẻ', durationSeconds: 30, questions: 3 });
  const user = await participant(env, 'Đỗ Thị Hai');
  await portalSignIn(page, baseUrl, user);
  await page
    .getByRole('article')
    .filter({ hasText: 'Cuộc thi hai thẻ' })
    .getByRole('link', { name: 'Vào thi' })
    .click();
  await page.getByRole('link', { name: 'Bắt đầu làm bài' }).click();
  await answerFirstOption(page);
  const url = page.url();

  await page.reload();
  await page.getByRole('button', { name: 'Câu 1, đã trả lời' }).waitFor();
  await page.getByRole('heading', { name: 'Bài thi — lượt 1' }).waitFor();

  const second = await context.newPage();
  await second.setViewportSize(PHONE);
  await second.goto(url);
  await second.getByRole('heading', { name: 'Bài thi — lượt 1' }).waitFor();
  await second.getByRole('button', { name: 'Câu 1, đã trả lời' }).waitFor();
  await second.getByRole('button', { name: 'Câu 2, chưa trả lời' }).click();
  await answerFirstOption(second);
  // The first tab sees the second tab's answer.
  await page.getByRole('button', { name: 'Câu 2, đã trả lời' }).waitFor();
  const attempts = await query(
    env,
    'SELECT count(*)::int AS n FROM quiz_attempt WHERE user_id = (SELECT id FROM app_user WHERE username = $1)',
    [user.username],
  );
  assert.equal(attempts[0].n, 1, 'one attempt for both tabs');

  // Nobody presses submit: the deadline does, in both tabs.
  await page.getByRole('heading', { name: 'Kết quả bài thi' }).waitFor({ timeout: 45_000 });
  await page.getByText(/Hết giờ: bài được nộp tự động|Đã nộp bài lúc/).waitFor();
  await second.getByRole('heading', { name: 'Kết quả bài thi' }).waitFor({ timeout: 15_000 });
  const [done] = await query(
    env,
    'SELECT status, answered_count FROM quiz_attempt WHERE user_id = (SELECT id FROM app_user WHERE username = $1)',
    [user.username],
  );
  assert.equal(done.status, 'submitted');
  assert.equal(done.answered_count, 2);
  await second.close();
});

test('the verification page says no certificate has the code', async (env) => {
  const { page, baseUrl, root } = env;
  await page.setViewportSize(PHONE);
  await page.goto(`${baseUrl}/verify/HD-2026-XYZ`);
  await page.getByText('Không có chứng nhận nào mang mã này.').waitFor();
  await page.getByText('HD-2026-XYZ').waitFor();
  await checkA11y(page, 'the verification page');
  await screenshot(page, root, 'portal-verify');
  // The English switch, kept across a reload.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText('No certificate has this code.').waitFor();
  await page.reload();
  await page.getByRole('button', { name: 'Tiếng Việt' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
});

test('the demo participant of `npm start` finds an open round to take', async (env) => {
  const { page, baseUrl } = env;
  await portalSignIn(page, baseUrl, { username: 'thisinh.an', password: 'HaiDang@2025' });
  const demo = page.getByRole('article').filter({ hasText: 'Cuộc thi tìm hiểu pháp luật và lịch sử Hải Phòng 2026' });
  await demo.getByRole('link', { name: 'Vào thi' }).waitFor();
  await demo.getByText('Còn 3/3 lượt thi').waitFor();
});
