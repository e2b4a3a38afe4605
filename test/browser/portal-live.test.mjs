import { io } from 'socket.io-client';
import { apiCall, assert, checkA11y, screenshot, test, tokenFor } from './harness.mjs';
import { PHONE, publishedBank } from './portal-support.mjs';

/** socket.io clients of the test (the host and the other players), all closed at the end. */
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
  const call = (s, event, payload) => s.timeout(20_000).emitWithAck(event, payload);
  return { connect, call, closeAll: () => open.splice(0).forEach((s) => s.close()) };
}

async function newGame(env, title, questionTimeSeconds = 5) {
  const { bankId } = await publishedBank(env);
  const token = await tokenFor(env.baseUrl, env.admin);
  const game = await apiCall(env.baseUrl, 'POST', '/live-games', {
    token,
    body: { title, bankId, questionCount: 2, questionTimeSeconds },
  });
  return { ...game, token };
}

test('a live game of 30 players on phones: one reloads mid-question and keeps their place, then the podium', async (env) => {
  const { page, baseUrl, root } = env;
  const live = sockets(baseUrl);
  try {
    const game = await newGame(env, 'Đố vui lớp 7A');
    const host = await live.connect(game.token);
    assert.equal((await live.call(host, 'host:open', { gameId: game.gameId })).ok, true);

    await page.setViewportSize(PHONE);
    await page.goto(`${baseUrl}/play?pin=${game.pin}`);
    await page.getByLabel('Biệt danh').fill('Bạn Trang');
    await page.getByRole('button', { name: 'Vào chơi' }).click();
    await page.getByTestId('lobby').filter({ hasText: 'Bạn Trang' }).waitFor();
    await checkA11y(page, 'the lobby');

    const players = [];
    for (let i = 1; i <= 29; i++) {
      const s = await live.connect();
      const joined = await live.call(s, 'player:join', { pin: game.pin, nickname: `Học sinh ${i}` });
      assert.equal(joined.ok, true, JSON.stringify(joined));
      players.push(s);
    }
    const lobby = await apiCall(baseUrl, 'GET', `/live-games/${game.gameId}`, { token: game.token });
    assert.equal(lobby.playerCount, 30);
    const shown = new Promise((resolve) => players[0].once('question:show', resolve));
    assert.equal((await live.call(host, 'host:start', {})).ok, true);
    const question = await shown;
    await page.getByRole('group', { name: 'Các lựa chọn' }).waitFor();

    // A reload in the middle of the question: the same player, back on the same question.
    await page.reload();
    await page.getByRole('group', { name: 'Các lựa chọn' }).waitFor();
    await page.getByText(`Câu 1/${question.total}`).waitFor();
    await checkA11y(page, 'a live question');
    await screenshot(page, root, 'portal-live-question');
    await page.getByRole('group', { name: 'Các lựa chọn' }).getByRole('button').first().click();
    await page.getByTestId('answer-sent').waitFor();
    await Promise.all(
      players.map((s, i) =>
        live.call(s, 'player:answer', {
          questionIndex: 0,
          optionIds: [question.options[i % question.options.length].id],
          clientAnswerId: `a-${i}`,
        }),
      ),
    );
    await page.getByTestId('question-result').waitFor({ timeout: 20_000 });
    await page
      .getByText(/hạng \d+/)
      .first()
      .waitFor();
    await screenshot(page, root, 'portal-live-result');

    assert.equal((await live.call(host, 'host:end', {})).ok, true);
    await page.getByRole('heading', { name: 'Trò chơi kết thúc' }).waitFor();
    await page.getByTestId('final-rank').waitFor();
    await checkA11y(page, 'the podium');
    await screenshot(page, root, 'portal-live-podium');
    // The reload did not make a second player.
    const view = await apiCall(baseUrl, 'GET', `/live-games/${game.gameId}`, { token: game.token });
    assert.equal(view.playerCount, 30);
  } finally {
    live.closeAll();
  }
});

/** What a countdown shows for `ms` left (apps/portal/src/lib/format.ts's formatClock, for a minute or more). */
const clock = (ms) => {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
};

test('the host pauses a question: the player sees it paused with the clock held, through a reload and extra time, then it runs to the new deadline', async (env) => {
  const { page, baseUrl, root } = env;
  const live = sockets(baseUrl);
  try {
    const game = await newGame(env, 'Đố vui tạm dừng', 60);
    const host = await live.connect(game.token);
    assert.equal((await live.call(host, 'host:open', { gameId: game.gameId })).ok, true);
    await page.setViewportSize(PHONE);
    await page.goto(`${baseUrl}/play?pin=${game.pin}`);
    await page.getByLabel('Biệt danh').fill('Bạn Minh');
    await page.getByRole('button', { name: 'Vào chơi' }).click();
    await page.getByTestId('lobby').filter({ hasText: 'Bạn Minh' }).waitFor();
    const paused = page.getByTestId('live-paused');
    const countdown = page.getByTestId('live-countdown');

    // Paused in the lobby: said so, no more "waiting for the host to start".
    const lobbyPause = await live.call(host, 'host:pause', {});
    assert.equal(lobbyPause.ok, true, JSON.stringify(lobbyPause));
    await paused.filter({ hasText: 'Người dẫn chương trình đã tạm dừng' }).waitFor();
    assert.equal(await page.getByText('Đang chờ người dẫn bắt đầu').count(), 0);
    assert.equal((await live.call(host, 'host:resume', {})).ok, true);
    await page.getByText('Đang chờ người dẫn bắt đầu').waitFor();
    assert.equal(await paused.count(), 0);

    assert.equal((await live.call(host, 'host:start', {})).ok, true);
    await page.getByRole('group', { name: 'Các lựa chọn' }).waitFor();
    await countdown.and(page.locator(':not([data-held])')).waitFor();

    // Paused mid-question: the countdown stands at the time the server froze, and stays there.
    const pause = await live.call(host, 'host:pause', {});
    assert.equal(pause.ok, true, JSON.stringify(pause));
    const remainingMs = pause.data.remainingMs;
    assert.ok(remainingMs > 0 && remainingMs <= 60_000, `remainingMs ${remainingMs}`);
    await paused.filter({ hasText: 'Người dẫn chương trình đã tạm dừng' }).waitFor();
    await countdown
      .and(page.locator('[data-held="true"]'))
      .filter({ hasText: clock(remainingMs) })
      .waitFor();
    await page.waitForTimeout(2500);
    assert.equal(await countdown.textContent(), clock(remainingMs), 'the held countdown does not run');
    await checkA11y(page, 'a paused live question');
    await screenshot(page, root, 'portal-live-paused');

    // A reload while paused opens the game paused, the clock still held.
    await page.reload();
    await paused.filter({ hasText: 'Người dẫn chương trình đã tạm dừng' }).waitFor();
    await countdown
      .and(page.locator('[data-held="true"]'))
      .filter({ hasText: clock(remainingMs) })
      .waitFor();

    // Extra time for this player lengthens their countdown (held, while the game is paused).
    const view = await live.call(host, 'host:open', { gameId: game.gameId });
    const me = view.data.players.find((p) => p.nickname === 'Bạn Minh');
    assert.ok(me, 'the player is in the host view');
    assert.equal((await live.call(host, 'host:extra-time', { playerId: me.playerId, seconds: 30 })).ok, true);
    await countdown.filter({ hasText: clock(remainingMs + 30_000) }).waitFor();

    // Resumed: the banner goes, the clock runs again to the server's new deadline (plus the extra time).
    const resumed = await live.call(host, 'host:resume', {});
    assert.equal(resumed.ok, true, JSON.stringify(resumed));
    const q = resumed.data.question;
    assert.ok(q.deadline - q.serverNow > remainingMs - 1000, 'the deadline moved by the pause');
    await paused.waitFor({ state: 'detached' });
    await countdown.and(page.locator(':not([data-held])')).waitFor();
    const shown = await countdown.textContent();
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid="live-countdown"]')?.textContent !== before,
      shown,
    );
    const [m, sec] = (await countdown.textContent()).split(':').map(Number);
    const leftMs = (m * 60 + sec) * 1000;
    assert.ok(
      leftMs > remainingMs && leftMs <= remainingMs + 31_000,
      `after resuming, ${leftMs} ms left: the held ${remainingMs} ms plus up to the 30 s of extra time`,
    );
    await page.getByRole('group', { name: 'Các lựa chọn' }).getByRole('button').first().click();
    await page.getByTestId('answer-sent').waitFor();
  } finally {
    live.closeAll();
  }
});

test('a join storm from one address: the page is refused as RATE_LIMITED, retries by itself and gets in', async (env) => {
  const { page, baseUrl } = env;
  const live = sockets(baseUrl);
  let storming = true;
  try {
    const game = await newGame(env, 'Cả trường cùng vào');
    await page.setViewportSize(PHONE);
    const refusals = [];
    page.on('websocket', (ws) =>
      ws.on('framereceived', (f) => String(f.payload).includes('RATE_LIMITED') && refusals.push(f)),
    );
    // The rest of the school on the same address: the burst used up, then more joins than the refill allows.
    const crowd = await live.connect();
    const drained = await Promise.all(
      Array.from({ length: 650 }, () =>
        live.call(crowd, 'player:join', { pin: '000000', nickname: 'Bạn cùng trường' }),
      ),
    );
    const codes = new Set(drained.map((a) => (a.ok ? 'ok' : a.error.code)));
    assert.ok(codes.has('RATE_LIMITED'), `the crowd used up the address's joins: ${[...codes]}`);
    const storm = (async () => {
      // Far more joins than the refill (20 a second), so many that some always wait at the server.
      for (let i = 0; storming && i < 3000; i++) {
        for (let k = 0; k < 25; k++)
          live.call(crowd, 'player:join', { pin: '000000', nickname: 'Bạn cùng trường' }).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    // A join can still land on the one token the refill just made; a fresh player tries again until one is refused.
    const crowded = page.getByText('Nhiều bạn đang vào cùng lúc');
    let refused = false;
    for (let attempt = 1; attempt <= 6 && !refused; attempt++) {
      await page.goto(`${baseUrl}/play?pin=${game.pin}`);
      await page.evaluate(() => sessionStorage.clear());
      await page.reload();
      await page.getByLabel('Biệt danh').fill(`Bạn Hoa ${attempt}`);
      await page.getByRole('button', { name: 'Vào chơi' }).click();
      await crowded.or(page.getByTestId('lobby')).first().waitFor();
      refused = await crowded.isVisible();
    }
    assert.ok(refused, 'the page was refused while the storm lasted');
    storming = false;
    await storm;
    await page.getByTestId('lobby').filter({ hasText: 'Bạn Hoa' }).waitFor({ timeout: 30_000 });
    assert.ok(refusals.length >= 1, 'RATE_LIMITED reached the page');
    assert.equal(await page.getByRole('alert').count(), 0, 'no failure shown');
  } finally {
    storming = false;
    live.closeAll();
  }
});
