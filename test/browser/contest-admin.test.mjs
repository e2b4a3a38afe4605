import { apiCall, assert, checkA11y, createUser, screenshot, signIn, test } from './harness.mjs';

const DEMO_BANK = 'Ngân hàng mẫu — Cuộc thi tìm hiểu pháp luật, lịch sử';
const PARTICIPANTS = 20;
/** Of them, how many submit while the organizer watches (the rest are still answering at the close). */
const SUBMITTING = 15;

/** dd/mm/yyyy hh:mm in Hải Phòng time, as the round editor takes it. */
function vnInput(ms) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  );
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** Registers people in the units under the city (spread over them), through the public API. */
async function registerParticipants(baseUrl, n) {
  const roots = await apiCall(baseUrl, 'GET', '/units');
  const children = await apiCall(baseUrl, 'GET', `/units?parentId=${roots[0].id}`);
  const units = children.length ? children : roots;
  const stamp = Date.now().toString(36);
  const people = [];
  for (let i = 0; i < n; i++) {
    const res = await apiCall(baseUrl, 'POST', '/auth/register', {
      body: {
        username: `ts${stamp}${i}`,
        password: 'Mat-khau-thu-1',
        fullName: `Thí Sinh Thử ${String(i + 1).padStart(2, '0')}`,
        birthDate: '2000-05-05',
        unitId: units[i % Math.min(units.length, 4)].id,
      },
    });
    people.push({ token: res.accessToken });
  }
  return people;
}

/** One participant: start, answer every choice question with its first option, and submit (or not). */
async function takePart(baseUrl, roundId, person, submit, prediction) {
  const attempt = await apiCall(baseUrl, 'POST', `/rounds/${roundId}/attempts`, { token: person.token, body: {} });
  for (const q of attempt.questions) {
    if (!q.options?.length) continue;
    await apiCall(baseUrl, 'PUT', `/attempts/${attempt.attemptId}/answers/${q.id}`, {
      token: person.token,
      body: { optionIds: [q.options[0].id] },
    });
  }
  if (submit)
    await apiCall(baseUrl, 'POST', `/attempts/${attempt.attemptId}/submit`, {
      token: person.token,
      body: { prediction },
    });
}

test('an organizer creates a round from the demo bank, watches 20 people take part, closes it and reads the report', async (env) => {
  const { page, baseUrl, root } = env;
  const organizer = await createUser(env, ['organizer'], 'Phạm Thị Tổ Chức');
  await signIn(page, baseUrl, organizer);

  // A contest, from the contests page.
  await page.getByRole('navigation').getByRole('link', { name: 'Cuộc thi', exact: true }).click();
  await page.getByRole('heading', { name: 'Cuộc thi', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tạo cuộc thi' });
  const contestTitle = `Tìm hiểu lịch sử Đoàn ${Date.now().toString(36)}`;
  await dialog.getByLabel('Tên cuộc thi').fill(contestTitle);
  await dialog.getByRole('button', { name: 'Tạo' }).click();
  await page.getByRole('heading', { name: contestTitle }).waitFor();
  await checkA11y(page, 'the contests list');

  // A round on the demo bank; a slot asking for more questions than the bank has is refused next to the slot.
  await page.getByRole('link', { name: `Thêm vòng thi cho “${contestTitle}”` }).click();
  await page.getByRole('heading', { name: 'Vòng thi mới' }).waitFor();
  await page.getByLabel('Tên vòng thi').fill('Tuần 1');
  const bankSelect = page.getByLabel('Ngân hàng câu hỏi');
  const bankValue = await bankSelect.locator('option').filter({ hasText: DEMO_BANK }).first().getAttribute('value');
  await bankSelect.selectOption(bankValue);
  await page.getByLabel('Mở lúc').fill(vnInput(Date.now() - 5 * 60_000));
  await page.getByLabel('Kết thúc lúc').fill(vnInput(Date.now() + 86_400_000));
  await page.getByLabel('Thời gian làm bài (phút)').fill('20');
  await page.getByLabel('Danh mục (dòng 1)').fill('Pháp luật');
  await page.getByLabel('Số câu (dòng 1)').fill('3');
  await page
    .getByTestId('slot-0')
    .getByText(/Có \d+ câu đã duyệt để rút/)
    .waitFor();
  await page.getByRole('button', { name: 'Thêm dòng' }).click();
  await page.getByLabel('Danh mục (dòng 2)').fill('Lịch sử');
  await page.getByLabel('Số câu (dòng 2)').fill('150');
  await page
    .getByTestId('slot-1')
    .getByText(/Chỉ có \d+ câu đã duyệt, cần 150/)
    .waitFor();
  await checkA11y(page, 'the round editor');
  await page.getByRole('button', { name: 'Tạo vòng thi' }).click();
  // The API refuses it too (BLUEPRINT_UNSATISFIABLE): its message stands under the slot's count, and focus goes there.
  await page
    .getByTestId('slot-1')
    .getByText(/Chỉ có \d+ câu hỏi đã duyệt phù hợp, cần 150\./)
    .waitFor();
  assert.equal(await page.getByLabel('Số câu (dòng 2)').evaluate((el) => el === document.activeElement), true);
  assert.match(page.url(), /\/rounds\/new$/, 'nothing was created');
  await page.getByLabel('Số câu (dòng 2)').fill('2');
  await page
    .getByTestId('slot-1')
    .getByText(/Có \d+ câu đã duyệt để rút/)
    .waitFor();
  await page.getByRole('button', { name: 'Tạo vòng thi' }).click();
  await page.getByRole('heading', { name: 'Vòng thi “Tuần 1”' }).waitFor();
  const roundId = page.url().split('/rounds/')[1];
  await page.getByText('Chưa có ai vào thi.').waitFor();

  // Twenty people take part through the API while the organizer watches; the numbers come in without a reload.
  const people = await registerParticipants(baseUrl, PARTICIPANTS);
  for (const [i, person] of people.entries()) await takePart(baseUrl, roundId, person, i < SUBMITTING, i % 4);
  await page
    .getByTestId('stat-participants')
    .getByText(String(PARTICIPANTS), { exact: true })
    .waitFor({ timeout: 20_000 });
  await page.getByTestId('stat-submitted').getByText(String(SUBMITTING), { exact: true }).waitFor();
  await page
    .getByTestId('stat-in-progress')
    .getByText(String(PARTICIPANTS - SUBMITTING), { exact: true })
    .waitFor();
  await page.getByRole('table', { name: 'Theo đơn vị' }).waitFor();
  await checkA11y(page, 'the live round');
  await screenshot(page, root, 'round-live');

  // Close, after a confirmation; the running attempts are submitted and the ranking is frozen.
  await page.getByRole('button', { name: 'Kết thúc vòng thi ngay' }).click();
  const confirm = page.getByRole('dialog', { name: 'Kết thúc vòng thi “Tuần 1”?' });
  await confirm.getByText(`Các lượt đang làm (${PARTICIPANTS - SUBMITTING})`).waitFor();
  await confirm.getByRole('button', { name: 'Kết thúc và chốt kết quả' }).click();
  await page.getByRole('heading', { name: 'Bảng xếp hạng (đã chốt)' }).waitFor();
  await page.getByTestId('ranked-count').getByText(String(PARTICIPANTS)).waitFor();
  const ranking = page.getByRole('table', { name: 'Bảng xếp hạng (đã chốt)' });
  assert.equal(await ranking.locator('tbody tr').count(), PARTICIPANTS);
  await ranking.getByText('Thí Sinh Thử 01').waitFor();
  await page.getByTestId('prediction-value').waitFor();
  // Everyone answered alike: ties on score, ordered by the prediction and time, each with its reason.
  assert.ok((await ranking.getByText(/Cùng điểm với người (trên|dưới)|Đồng hạng/).count()) > 0, 'ties are explained');

  // The unit statistics: a chart of the participation rate and the table behind it.
  const chart = page.getByTestId('unit-chart');
  await chart.getByText(/Tỷ lệ tham gia \(% số người dự thi/).waitFor();
  await chart.locator('svg').first().waitFor();
  await page.getByRole('table', { name: 'Thống kê theo đơn vị' }).waitFor();
  await page.getByRole('heading', { name: 'Phân tích câu hỏi' }).waitFor();
  await checkA11y(page, 'the round report');
  await screenshot(page, root, 'round-report');

  // An export downloads as a spreadsheet.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Tải kết quả (XLSX)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const bytes = await (await import('node:fs/promises')).readFile(await download.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an XLSX file (a zip)');

  // English on the switch, the tie reasons included.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Ranking (frozen)' }).waitFor();
  await page.getByRole('heading', { name: 'Statistics by unit' }).waitFor();
  assert.ok((await page.getByText(/Same score as the person (above|below)|Shared rank/).count()) > 0);
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.getByRole('heading', { name: 'Bảng xếp hạng (đã chốt)' }).waitFor();
});
