import { io } from 'socket.io-client';
import { assert, checkA11y, checkNoSideScroll, screenshot, signIn, test } from './harness.mjs';
import { PHONE, publishedBank } from './portal-support.mjs';

const PROJECTOR = { width: 1920, height: 1080 };

/** Scripted players over socket.io-client, all closed at the end. */
function players(baseUrl) {
  const open = [];
  const connect = () => {
    const s = io(`${baseUrl}/live`, { transports: ['websocket'], forceNew: true });
    open.push(s);
    return new Promise((resolve, reject) => {
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  };
  const call = (s, event, payload) => s.timeout(20_000).emitWithAck(event, payload);
  return { connect, call, closeAll: () => open.splice(0).forEach((s) => s.close()) };
}

/** The page fits 1920 px too (the projector), besides the phone and laptop widths checkA11y looks at. */
async function checkProjectorFit(page, label) {
  await page.setViewportSize(PROJECTOR);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  assert.equal(wide, false, `${label} scrolls sideways at 1920 px`);
}

/** Presses a button with the keyboard (focus, then Enter): the host screen is driven without a mouse. */
async function press(page, name) {
  const button = page.getByRole('button', { name, exact: true });
  await button.focus();
  await page.keyboard.press('Enter');
}

test('a host creates a live game and runs it on the projector: lobby of 10, questions, distribution, leaderboard, podium', async (env) => {
  const { page, baseUrl, admin, root } = env;
  const live = players(baseUrl);
  try {
    await publishedBank(env);
    await page.setViewportSize({ width: 1366, height: 900 });
    await signIn(page, baseUrl, admin);
    await page.getByRole('link', { name: 'Trò chơi trực tiếp' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trò chơi trực tiếp' }).waitFor();
    await checkA11y(page, 'the live games list');
    await page.getByRole('link', { name: 'Tạo trò chơi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tạo trò chơi trực tiếp' }).waitFor();

    await page.getByLabel('Tên trò chơi').fill('Đố vui Chi đoàn 12A');
    await page.getByRole('combobox', { name: 'Ngân hàng câu hỏi' }).click();
    await page.getByRole('option', { name: /^Ngân hàng cổng thí sinh/ }).click();
    // More questions than the bank has: refused, the reason under the count.
    await page.getByLabel('Số câu hỏi').fill('50');
    await page.getByRole('button', { name: 'Tạo và mở màn hình điều khiển' }).click();
    await page.getByText('Ngân hàng chỉ có 12 câu dùng được cho lựa chọn này.').waitFor();
    await checkA11y(page, 'the live game form with an error');
    await page.getByLabel('Số câu hỏi').fill('3');
    await page.getByLabel('Thời gian mỗi câu (giây)').fill('60');
    await page.getByRole('button', { name: 'Tạo và mở màn hình điều khiển' }).click();
    await page.waitForURL(/\/admin\/live\/[0-9a-f-]{36}\/host$/);

    // The lobby: PIN in large type, the QR code of the portal's join link, nobody yet.
    await page.setViewportSize(PROJECTOR);
    // The PIN arrives with the host's first game state over the socket, a moment after the page itself.
    await page
      .getByTestId('pin')
      .filter({ hasText: /^\s*\d{6}\s*$/ })
      .waitFor();
    const pin = (await page.getByTestId('pin').textContent()).trim();
    assert.match(pin, /^\d{6}$/);
    await page.getByRole('img', { name: /Mã QR để vào trò chơi: .*\/play\?pin=\d{6}/ }).waitFor();
    await page.getByText('Chưa có ai vào.').waitFor();
    await checkA11y(page, 'the empty lobby');

    const crowd = [];
    for (let i = 1; i <= 11; i++) {
      const s = await live.connect();
      const nickname = i === 11 ? 'Người thừa' : `Đoàn viên ${i}`;
      const joined = await live.call(s, 'player:join', { pin, nickname });
      assert.equal(joined.ok, true, JSON.stringify(joined));
      crowd.push({ s, nickname, playerId: joined.data.playerId });
    }
    await page.getByRole('heading', { name: '11 người chơi' }).waitFor();
    await page.getByText('Người thừa').waitFor();

    // Players: one removed, one given extra time, by keyboard in the dialog.
    await press(page, 'Quản lý người chơi');
    const dialog = page.getByRole('dialog', { name: 'Quản lý người chơi' });
    await dialog.getByLabel('Thời gian cộng thêm cho Đoàn viên 3 (giây)').fill('15');
    await dialog.getByRole('button', { name: 'Lưu thời gian cộng thêm cho Đoàn viên 3' }).click();
    await dialog.getByText('Đã lưu: Đoàn viên 3 có thêm 15 giây mỗi câu.').waitFor();
    await checkA11y(page, 'the players dialog');
    const kicked = new Promise((resolve) => crowd[10].s.once('player:kicked', resolve));
    await dialog.getByRole('button', { name: 'Mời ra: Người thừa' }).click();
    await page.getByRole('dialog', { name: 'Mời ra' }).getByRole('button', { name: 'Mời ra' }).click();
    await kicked;
    await dialog.getByRole('button', { name: 'Đóng' }).click();
    await page.getByRole('heading', { name: '10 người chơi' }).waitFor();
    assert.equal(await page.getByText('Người thừa').count(), 0);
    const playing = crowd.slice(0, 10);
    await checkA11y(page, 'the lobby with 10 players');
    await checkProjectorFit(page, 'the lobby');
    await screenshot(page, root, 'live-host-lobby');

    for (let index = 0; index < 3; index++) {
      const shown = new Promise((resolve) => playing[0].s.once('question:show', resolve));
      await press(page, index === 0 ? 'Bắt đầu' : 'Câu tiếp theo');
      const question = await shown;
      await page.getByText(`Câu ${index + 1}/3`).waitFor();
      await page.getByTestId('question-text').filter({ hasText: question.text }).waitFor();
      await page.getByRole('timer').waitFor();
      if (index === 1) {
        // Paused mid-question: the countdown stands still until resumed.
        await press(page, 'Tạm dừng');
        await page.getByText('Đang tạm dừng').waitFor();
        const frozen = await page.getByTestId('countdown').textContent();
        await page.waitForTimeout(1500);
        assert.equal(await page.getByTestId('countdown').textContent(), frozen, 'the countdown stands still');
        await press(page, 'Tiếp tục');
        await page.getByText('Đang tạm dừng').waitFor({ state: 'detached' });
      }
      if (index === 0) {
        await checkA11y(page, 'a question on the host screen');
        await checkProjectorFit(page, 'a question');
        await screenshot(page, root, 'live-host-question');
        // The phone as a remote: the controls first, large, nothing wider than the screen.
        await page.setViewportSize(PHONE);
        await page.getByRole('group', { name: 'Điều khiển trò chơi' }).waitFor();
        await screenshot(page, root, 'live-host-remote');
        await page.setViewportSize(PROJECTOR);
      }
      // Players answer: a few of each option (some not at all), so the chart has shape.
      await Promise.all(
        playing.slice(0, 8 + (index % 2)).map(({ s }, i) =>
          live.call(s, 'player:answer', {
            questionIndex: index,
            optionIds: [question.options[(i * (index + 1)) % question.options.length].id],
            clientAnswerId: `q${index}-${i}`,
          }),
        ),
      );
      // The projector counts the answers as they come (the server tells the host about once a second).
      await page
        .getByTestId('answered-so-far')
        .filter({ hasText: `${8 + (index % 2)}/10 người đã trả lời` })
        .waitFor();
      const board = new Promise((resolve) => playing[0].s.once('leaderboard:update', resolve));
      await press(page, 'Dừng câu hỏi');
      const closed = await board;
      const chart = page.getByTestId('distribution');
      await chart.waitFor();
      const expected = question.options.map((o, i) => closed.distribution[i]);
      for (const [i, count] of expected.entries()) {
        await chart
          .getByRole('img', { name: new RegExp(`^${String.fromCharCode(65 + i)}\\. .*: ${count} người chọn$`) })
          .waitFor();
      }
      await page.getByText(`${closed.answeredCount}/10 người đã trả lời`).waitFor();
      await page.getByTestId('leaderboard').getByRole('row').nth(closed.top.length).waitFor();
      if (index === 0) {
        await checkA11y(page, 'the distribution and leaderboard');
        await checkProjectorFit(page, 'the distribution and leaderboard');
        await screenshot(page, root, 'live-host-results');
        // A reload of the host screen comes back to the same result, chart and leaderboard.
        await page.reload();
        await page.getByTestId('distribution').waitFor();
        await page.getByText(`${closed.answeredCount}/10 người đã trả lời`).waitFor();
      }
    }

    const ended = new Promise((resolve) => playing[0].s.once('game:ended', resolve));
    await press(page, 'Xem bục vinh danh');
    const final = await ended;
    const podium = page.getByTestId('podium');
    await podium.waitFor();
    for (const row of final.podium) await podium.getByText(row.nickname, { exact: true }).waitFor();
    await page.getByText('Trò chơi đã kết thúc với 10 người chơi.').waitFor();
    await checkA11y(page, 'the podium');
    await checkProjectorFit(page, 'the podium');
    await screenshot(page, root, 'live-host-podium');

    // English on the switch, and back.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Podium' }).waitFor();
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Bục vinh danh' }).waitFor();
    await page.setViewportSize({ width: 1366, height: 900 });
    await checkNoSideScroll(page, 'the podium');
  } finally {
    live.closeAll();
  }
});

test('a live game from hand-picked questions: searched in the bank, picked in order', async ({
  page,
  baseUrl,
  admin,
  ...env
}) => {
  await publishedBank({ page, baseUrl, admin, ...env });
  await signIn(page, baseUrl, admin);
  await page.goto(`${baseUrl}/admin/live/new`);
  await page.getByLabel('Tên trò chơi').fill('Chọn tay ba câu');
  await page.getByRole('combobox', { name: 'Ngân hàng câu hỏi' }).click();
  await page.getByRole('option', { name: /^Ngân hàng cổng thí sinh/ }).click();
  await page.getByRole('radio', { name: 'Chọn tay từng câu' }).check();
  // Nothing picked: refused before anything is sent.
  await page.getByRole('button', { name: 'Tạo và mở màn hình điều khiển' }).click();
  await page.getByText('Hãy chọn ít nhất một câu hỏi.').waitFor();
  await page.getByLabel('Tìm câu hỏi (không cần dấu)').fill('cau hoi so 1');
  await page.getByRole('checkbox', { name: 'Chọn câu: Câu hỏi số 1 của vòng thi thử?' }).check();
  await page.getByLabel('Tìm câu hỏi (không cần dấu)').fill('so 7');
  await page.getByRole('checkbox', { name: 'Chọn câu: Câu hỏi số 7 của vòng thi thử?' }).check();
  await page.getByText('Câu đã chọn (2)').waitFor();
  await checkA11y(page, 'the live game form, hand-picked');
  await page.getByRole('button', { name: 'Tạo và mở màn hình điều khiển' }).click();
  await page.waitForURL(/\/admin\/live\/[0-9a-f-]{36}\/host$/);
  await page.getByTestId('pin').waitFor();
  await page.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
  await page.getByTestId('question-text').filter({ hasText: 'Câu hỏi số 1 của vòng thi thử?' }).waitFor();
  await page.getByText('Câu 1/2').waitFor();
});
