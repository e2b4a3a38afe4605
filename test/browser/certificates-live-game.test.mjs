// Certificates from a live game (#17) in the browser: on a phone, the play page tells a guest that certificates need
// signing in and links to the sign-in, which comes back to the game; signed in, the player joins as their account
// (nickname still chosen) and plays beside two guests driven over socket.io. The organizer then picks the finished
// game in the admin's bulk issue, sees how many of the top N are guests and skipped, and issues: only the signed-in
// player gets a certificate (checked in the database); axe on each screen.
import { io } from 'socket.io-client';
import { apiCall, assert, checkA11y, signIn, test, tokenFor } from './harness.mjs';
import { participant, PHONE, publishedBank, query } from './portal-support.mjs';

function sockets(baseUrl) {
  const open = [];
  const connect = (token) => {
    const s = io(`${baseUrl}/live`, { transports: ['websocket'], auth: token ? { token } : {}, forceNew: true });
    open.push(s);
    return new Promise((resolve, reject) => {
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  };
  const call = async (s, event, payload) => {
    const ack = await s.timeout(20_000).emitWithAck(event, payload);
    assert.equal(ack.ok, true, `${event}: ${JSON.stringify(ack)}`);
    return ack.data;
  };
  return { connect, call, closeAll: () => open.splice(0).forEach((s) => s.close()) };
}

test('a signed-in player’s result becomes a certificate; guests are skipped and counted', async (env) => {
  const { page, baseUrl } = env;
  const live = sockets(baseUrl);
  try {
    const { bankId } = await publishedBank(env);
    const adminToken = await tokenFor(baseUrl, env.admin);
    const title = `Đố vui cấp chứng nhận ${Date.now()}`;
    const game = await apiCall(baseUrl, 'POST', '/live-games', {
      token: adminToken,
      body: { title, bankId, questionCount: 2, questionTimeSeconds: 30, scoring: 'accuracy' },
    });
    const host = await live.connect(adminToken);
    await live.call(host, 'host:open', { gameId: game.gameId });
    const player = await participant(env, 'Phan Minh Khôi');

    // A guest is told, in one line, that certificates need signing in; the link comes back to the game signed in.
    await page.setViewportSize(PHONE);
    await page.goto(`${baseUrl}/play?pin=${game.pin}`);
    await page.getByText('Chỉ người chơi đã đăng nhập mới được cấp chứng nhận.').waitFor();
    await checkA11y(page, 'the play page of a guest');
    await page.getByTestId('play-account').getByRole('link', { name: 'Đăng nhập' }).click();
    await page.getByLabel('Tên đăng nhập').fill(player.username);
    await page.getByLabel('Mật khẩu').fill(player.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(new RegExp(`/play\\?pin=${game.pin}$`));
    await page.getByText('Bạn chơi bằng tài khoản Phan Minh Khôi').waitFor();
    await page.getByLabel('Biệt danh').fill('Khôi Hải Đăng');
    await page.getByRole('button', { name: 'Vào chơi' }).click();
    await page.getByTestId('lobby').filter({ hasText: 'Khôi Hải Đăng' }).waitFor();
    await checkA11y(page, 'the lobby of a signed-in player');

    const fast = await live.connect();
    await live.call(fast, 'player:join', { pin: game.pin, nickname: 'Khách Nhanh' });
    const slow = await live.connect();
    await live.call(slow, 'player:join', { pin: game.pin, nickname: 'Khách Chậm' });

    // Two questions: the fast guest right on both (1st), the signed-in player right on the first (2nd), the slow guest
    // never (3rd).
    for (const index of [0, 1]) {
      const shown = new Promise((resolve) => fast.once('question:show', resolve));
      await live.call(host, index === 0 ? 'host:start' : 'host:next', {});
      const question = await shown;
      const right = question.options.find((o) => o.text.startsWith('Đúng'));
      await live.call(fast, 'player:answer', {
        questionIndex: index,
        optionIds: [right.id],
        clientAnswerId: `f${index}`,
      });
      if (index === 0) {
        await page.getByRole('group', { name: 'Các lựa chọn' }).getByRole('button', { name: /Đúng/ }).click();
        await page.getByTestId('answer-sent').waitFor();
      }
      const closed = new Promise((resolve) => fast.once('question:result', resolve));
      await live.call(host, 'host:next', {});
      await closed;
    }
    await live.call(host, 'host:end', {});
    await page.getByText('Trò chơi kết thúc').waitFor();

    // The organizer: a template, then the game picked in the bulk issue, the guests counted before issuing.
    const template = await apiCall(baseUrl, 'POST', '/certificate-templates', {
      token: adminToken,
      body: {
        title: `GIẤY KHEN TRÒ CHƠI ${Date.now()}`,
        body: 'Chứng nhận {{fullName}} — {{unit}} đạt hạng {{rank}} trong {{achievement}}',
        issuerName: 'Ban Thường vụ Thành đoàn',
        signerName: 'Trần Văn Hưởng',
        signerTitle: 'Bí thư Thành đoàn',
        orientation: 'landscape',
      },
    });
    await page.setViewportSize({ width: 1366, height: 900 });
    await signIn(page, baseUrl, env.admin);
    await page.goto(`${baseUrl}/admin/certificates/issue`);
    await page.getByRole('heading', { level: 1, name: 'Cấp giấy chứng nhận hàng loạt' }).waitFor();
    await page.getByRole('radio', { name: 'Trò chơi trực tiếp đã kết thúc' }).check();
    const gameSelect = page.getByRole('combobox', { name: /^Trò chơi/ });
    const option = gameSelect.locator('option', { hasText: title });
    assert.match(await option.innerText(), /3 người chơi, 1 đã đăng nhập/);
    await gameSelect.selectOption(await option.getAttribute('value'));
    await page.getByLabel(/^Số người đứng đầu/).fill('3');
    await page
      .getByTestId('game-preview')
      .filter({ hasText: '1 người chơi đã đăng nhập sẽ được cấp; 2 người chơi khách (không đăng nhập) bị bỏ qua' })
      .waitFor();
    const templateSelect = page.getByRole('combobox', { name: /^Mẫu giấy chứng nhận/ });
    await templateSelect.selectOption(template.id);
    await checkA11y(page, 'the bulk issue from a live game');
    await page.getByRole('button', { name: 'Bắt đầu cấp' }).click();
    const progress = page.getByTestId('issue-progress');
    await progress.waitFor();
    for (let i = 0; i < 600 && (await progress.getAttribute('data-status')) !== 'done'; i++)
      await page.waitForTimeout(100);
    assert.equal(await progress.getAttribute('data-status'), 'done');
    assert.equal(await progress.getAttribute('data-total'), '1');
    assert.equal(await progress.getAttribute('data-done'), '1');

    const issued = await query(
      env,
      `SELECT c.holder_name AS name, c.rank FROM certificate c WHERE c.achievement_key = $1`,
      [`live-game:${game.gameId}`],
    );
    assert.deepEqual(issued, [{ name: 'Phan Minh Khôi', rank: 2 }]);
  } finally {
    live.closeAll();
  }
});
