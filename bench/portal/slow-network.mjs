// bench/portal/slow-network: how long the round's page takes to become usable on a phone on Chromium's "Slow 3G"
// profile (2 s round trip, 50 KB/s each way) with the CPU slowed 4×: its address opened cold (no HTTP cache, no
// service worker) with the waterfall of requests, again warm (a reload with the service worker's shell), and the
// path a participant takes on a first visit (sign in, home, tap the round, tap start: time from each tap until the
// next screen is usable), tapping at once and after the service worker's first install. "Usable": the countdown and
// the first question's options on screen. Needs a running API with the demo data (`npm start`): BASE_URL (default http://127.0.0.1:3000); signs in as
// the demo participant thisinh.an and opens the demo round (start or resume: one attempt).
import { existsSync } from 'node:fs';
import os from 'node:os';
import { chromium } from 'playwright-core';

const baseUrl = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const executablePath = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));
const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 };

async function api(method, path, token, body) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res.json();
}

const login = await api('POST', '/auth/login', null, { username: 'thisinh.an', password: 'HaiDang@2025' });
const contests = await api('GET', '/contests', login.accessToken);
const round = contests.items.flatMap((c) => c.rounds).find((r) => r.phase === 'open');
if (!round) throw new Error('no open round for thisinh.an: start the API with the demo data');

const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });

/** A phone: a fresh context (no cache, no service worker) on Slow 3G with the CPU slowed 4×; with `token`, signed in. */
async function phone(token) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
  if (token)
    await context.addInitScript(
      ([t, user]) => {
        localStorage.setItem('haidang.portal.token', t);
        localStorage.setItem('haidang.portal.user', user);
      },
      [token, JSON.stringify(login.user)],
    );
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const net = { bytes: 0, requests: new Map(), inflight: new Set() };
  cdp.on('Network.loadingFailed', (e) => net.inflight.delete(e.requestId));
  cdp.on('Network.requestWillBeSent', (e) => net.inflight.add(e.requestId));
  cdp.on('Network.requestWillBeSent', (e) =>
    net.requests.set(e.requestId, {
      url: e.request.url.replace(baseUrl, ''),
      method: e.request.method,
      start: e.timestamp,
    }),
  );
  cdp.on('Network.loadingFinished', (e) => {
    net.inflight.delete(e.requestId);
    net.bytes += e.encodedDataLength;
    const r = net.requests.get(e.requestId);
    if (r) r.end = e.timestamp;
  });
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const step = async (action, ...usable) => {
    net.bytes = 0;
    net.requests.clear();
    const started = Date.now();
    await action();
    for (const locator of usable) await locator.waitFor({ timeout: 120_000 });
    return { ms: Date.now() - started, kb: net.bytes / 1024, requests: [...net.requests.values()] };
  };
  /** Until nothing has been in flight for a second (a person reading the screen meanwhile). */
  const idle = async () => {
    const t = Date.now();
    for (let quiet = 0; quiet < 10;) {
      await new Promise((r) => setTimeout(r, 100));
      quiet = net.inflight.size ? 0 : quiet + 1;
    }
    return Date.now() - t;
  };
  return { context, page, step, idle };
}

/** The requests of a step, one line each, from the first one's start (s): what waits for what. */
function waterfall(requests) {
  const t0 = Math.min(...requests.map((r) => r.start));
  return requests
    .sort((a, b) => a.start - b.start)
    .map(
      (r) =>
        `    ${(r.start - t0).toFixed(1).padStart(5)} → ${r.end ? (r.end - t0).toFixed(1).padStart(5) : '    …'}  ${r.method} ${r.url.slice(0, 90)}`,
    )
    .join('\n');
}

const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const paper = (page) => [page.getByRole('timer'), page.getByRole('radio').first()];
try {
  console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model}, node ${process.version}`);
  console.log(`Slow 3G (2 s RTT, 50 KB/s), CPU ×4, 360×740; "usable": the countdown and the first options show.`);

  // 1. The round's address opened cold (a link from a message), signed in already; then reloaded.
  const a = await phone(login.accessToken);
  const cold = await a.step(() => a.page.goto(`${baseUrl}/rounds/${round.id}/attempt`), ...paper(a.page));
  await a.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  const warm = await a.step(() => a.page.reload(), ...paper(a.page));
  console.log(`  the round's address cold (no cache, no service worker): ${s(cold.ms)}, ${cold.kb.toFixed(0)} KB`);
  console.log(waterfall(cold.requests));
  console.log(`  reloaded (service worker's shell): ${s(warm.ms)}, ${warm.kb.toFixed(0)} KB`);
  await a.context.close();

  // 2. A participant's first visit: sign in, the home page, tap the round, start. Once tapping as soon as the home page
  // shows the round, once when the service worker's first install and the home page's requests are done (a person
  // reading the home page for a few seconds).
  for (const wait of [false, true]) {
    const b = await phone(null);
    const { page } = b;
    const signInPage = await b.step(() => page.goto(`${baseUrl}/login`), page.getByLabel('Tên đăng nhập'));
    await page.getByLabel('Tên đăng nhập').fill('thisinh.an');
    await page.getByLabel('Mật khẩu').fill('HaiDang@2025');
    const roundLink = page.locator(`a[href="/rounds/${round.id}"]`);
    const home = await b.step(() => page.getByRole('button', { name: 'Đăng nhập' }).click(), roundLink);
    let installed = '';
    if (wait) {
      // The service worker's first install (it precaches the round's screens) and the home page's own requests.
      const t = Date.now();
      await page.evaluate(() =>
        navigator.serviceWorker.ready.then(
          () =>
            navigator.serviceWorker.controller ??
            new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r)),
        ),
      );
      await b.idle();
      installed = ` (the service worker installed and the network quiet ${s(Date.now() - t)} after the home page showed)`;
    }
    const start = page.locator(`a[href="/rounds/${round.id}/attempt"]`);
    const rules = await b.step(() => roundLink.click(), start);
    const taking = await b.step(() => start.click(), ...paper(page));
    console.log(`  first visit${wait ? ', tapping once the page is quiet' : ', tapping at once'}${installed}:`);
    console.log(`    sign-in page ${s(signInPage.ms)} · signed in to the home page ${s(home.ms)}`);
    console.log(
      `    tap the round → its rules ${s(rules.ms)} (${rules.kb.toFixed(0)} KB) · tap start → the paper usable ${s(taking.ms)} (${taking.kb.toFixed(0)} KB) · together ${s(rules.ms + taking.ms)}`,
    );
    if (!wait) console.log(waterfall([...rules.requests, ...taking.requests]));
    await b.context.close();
  }
} finally {
  await browser.close();
}
