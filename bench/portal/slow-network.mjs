// bench/portal/slow-network: how long the round's page takes to become usable on a phone on Chromium's "Slow 3G"
// profile (2 s round trip, 50 KB/s each way) with the CPU slowed 4×, cold (no HTTP cache, no service worker), and
// again warm (a reload with the service worker's shell). "Usable": the countdown and the first question's options on
// screen. Needs a running API with the demo data (`npm start`): BASE_URL (default http://127.0.0.1:3000); signs in as
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
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
  await context.addInitScript(
    ([token, user]) => {
      localStorage.setItem('haidang.portal.token', token);
      localStorage.setItem('haidang.portal.user', user);
    },
    [login.accessToken, JSON.stringify(login.user)],
  );
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const usable = async (load) => {
    bytes = 0;
    const started = Date.now();
    await load();
    await page.getByRole('timer').waitFor({ timeout: 120_000 });
    await page.getByRole('radio').first().waitFor({ timeout: 120_000 });
    return { ms: Date.now() - started, kb: bytes / 1024 };
  };
  const cold = await usable(() => page.goto(`${baseUrl}/rounds/${round.id}/attempt`));
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  const warm = await usable(() => page.reload());
  console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model}, node ${process.version}`);
  console.log(
    `Slow 3G (2 s RTT, 50 KB/s), CPU ×4, 360×740, the round's page until the countdown and the options show:`,
  );
  console.log(`  cold (no cache): ${(cold.ms / 1000).toFixed(1)} s, ${cold.kb.toFixed(0)} KB over the network`);
  console.log(
    `  reload (service worker shell): ${(warm.ms / 1000).toFixed(1)} s, ${warm.kb.toFixed(0)} KB over the network`,
  );
} finally {
  await browser.close();
}
