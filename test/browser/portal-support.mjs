// Helpers of the portal's browser specs: a published bank and a round seeded over the API, a phone-sized page signed
// in to the portal, and reads of what the database holds.
import pg from 'pg';
import { apiCall, createUser, tokenFor } from './harness.mjs';

export const PHONE = { width: 360, height: 740 };

/** GIFT: n single-choice questions, the right answer always "Đúng i". */
function gift(n) {
  const lines = ['$CATEGORY: Thử nghiệm cổng', ''];
  for (let i = 1; i <= n; i++)
    lines.push(`::C${i}::Câu hỏi số ${i} của vòng thi thử? {=Đúng ${i} ~Sai A${i} ~Sai B${i}}`, '');
  return lines.join('\n');
}

/** A bank of published questions (imported by the administrator as reviewer), reused by every portal spec. */
let bank = null;
export async function publishedBank(env) {
  if (bank) return bank;
  const token = await tokenFor(env.baseUrl, env.admin);
  const units = await apiCall(env.baseUrl, 'GET', '/units');
  const created = await apiCall(env.baseUrl, 'POST', '/question-banks', {
    token,
    body: { name: `Ngân hàng cổng thí sinh ${Date.now()}`, unitId: units[0].id },
  });
  const form = new FormData();
  form.append('file', new Blob([gift(12)], { type: 'text/plain' }), 'cong.gift');
  const res = await fetch(`${env.baseUrl}/api/v1/question-banks/${created.id}/imports?publish=true`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  if (!res.ok) throw new Error(`import → ${res.status} ${await res.text()}`);
  bank = { bankId: created.id, token };
  return bank;
}

/** A contest with one open round of `questions` questions and `durationSeconds` to answer them. */
export async function openRound(env, { title, durationSeconds = 600, questions = 5, maxAttempts = 2 }) {
  const { bankId, token } = await publishedBank(env);
  const contest = await apiCall(env.baseUrl, 'POST', '/contests', { token, body: { title } });
  const iso = (ms) => new Date(ms).toISOString();
  const round = await apiCall(env.baseUrl, 'POST', `/contests/${contest.id}/rounds`, {
    token,
    body: {
      title: 'Tuần thử',
      bankId,
      opensAt: iso(Date.now() - 60_000),
      closesAt: iso(Date.now() + 3_600_000),
      durationSeconds,
      maxAttempts,
      countedAttempt: 'best',
      blueprint: [{ category: 'Thử nghiệm cổng', count: questions }],
      pointsPerQuestion: 1,
      prediction: { question: 'Có bao nhiêu người trả lời đúng tất cả các câu?', target: 'perfect_scorers' },
      review: { afterSubmit: 'answers', afterClose: 'answers' },
    },
  });
  return { contestId: contest.id, roundId: round.id };
}

export async function participant(env, fullName) {
  return createUser(env, ['participant'], fullName);
}

/** The portal at phone size, signed in through its own sign-in page. */
export async function portalSignIn(page, baseUrl, user) {
  await page.setViewportSize(PHONE);
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Tên đăng nhập').fill(user.username);
  await page.getByLabel('Mật khẩu').fill(user.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: /Xin chào/ }).waitFor();
}

export async function query(env, sql, params = []) {
  const client = new pg.Client({ connectionString: env.databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Answers the question on screen with its first option and waits for the page to say it is saved (or kept). */
export async function answerFirstOption(page, state = 'saved') {
  await page.getByRole('radio').first().check();
  await page.locator(`[data-testid="save-state"][data-state="${state}"]`).waitFor();
}

/** Waits until the service worker controls the page (the app shell is cached). */
export async function serviceWorkerReady(page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}
