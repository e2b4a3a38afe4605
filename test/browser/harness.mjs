// A minimal test registry for the browser specs (scripts/test-browser.mjs runs them against the real API), plus the
// helpers every spec uses: sign-in, HTTP calls to seed data, the axe-core check and screenshots.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export { assert };

let registry = null;

/** Declares a test; only valid while a spec file is being collected. */
export function test(name, fn) {
  if (!registry) throw new Error('test() called outside collection');
  registry.push({ name, fn });
}

export async function collectTests(url) {
  registry = [];
  try {
    await import(url);
    return registry;
  } finally {
    registry = null;
  }
}

/** Calls the API directly (to seed users and data a test needs but is not about). */
export async function apiCall(baseUrl, method, url, { token, body } = {}) {
  const res = await fetch(`${baseUrl}/api/v1${url}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text}`);
  return data;
}

export async function tokenFor(baseUrl, { username, password }) {
  return (await apiCall(baseUrl, 'POST', '/auth/login', { body: { username, password } })).accessToken;
}

let userCounter = 0;
/**
 * A user with the given roles: registered through the public API (real password hashing), then given the roles by
 * an administrator-only database update, since no endpoint grants roles yet.
 */
export async function createUser(env, roles, fullName) {
  const username = `user${Date.now().toString(36)}${userCounter++}`;
  const password = 'Mat-khau-thu-1';
  const units = await apiCall(env.baseUrl, 'GET', '/units');
  const unitId = units[0].id;
  await apiCall(env.baseUrl, 'POST', '/auth/register', {
    body: { username, password, fullName, birthDate: '1990-01-01', unitId },
  });
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: env.databaseUrl ?? process.env.BROWSER_DATABASE_URL });
  await client.connect();
  try {
    await client.query('UPDATE app_user SET roles = $2 WHERE username = $1', [username, roles]);
  } finally {
    await client.end();
  }
  return { username, password, fullName };
}

export async function signIn(page, baseUrl, { username, password }) {
  await page.goto(`${baseUrl}/admin/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('current-user').waitFor();
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The widths every admin page must fit without scrolling sideways: a small phone and a common laptop. */
export const LAYOUT_WIDTHS = [360, 1366];

/**
 * Fails when the page scrolls sideways (document.documentElement.scrollWidth > clientWidth) at any of
 * LAYOUT_WIDTHS, naming the elements that stick out; the viewport is put back as it was. checkA11y runs it, so every
 * screen a test checks gets it.
 */
export async function checkNoSideScroll(page, label) {
  const original = page.viewportSize() ?? { width: 1366, height: 900 };
  const problems = [];
  try {
    for (const width of LAYOUT_WIDTHS) {
      await page.setViewportSize({ width, height: original.height });
      // Two frames: the resize's media queries re-render React, then layout settles.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const found = await page.evaluate(() => {
        const root = document.documentElement;
        if (root.scrollWidth <= root.clientWidth) return null;
        const wide = [...document.body.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
          .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= root.clientWidth + 0.5)
          .slice(0, 3)
          .map((el) => {
            const id = el.id ? `#${el.id}` : '';
            const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(' ')[0]}` : '';
            const text = (el.textContent ?? '').trim().slice(0, 40);
            return `${el.tagName.toLowerCase()}${id}${cls} “${text}” (right ${Math.round(el.getBoundingClientRect().right)})`;
          });
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
      });
      if (found) {
        problems.push(
          `${width}px: scrollWidth ${found.scrollWidth} > clientWidth ${found.clientWidth}; ${found.wide.join('; ')}`,
        );
      }
    }
  } finally {
    await page.setViewportSize(original);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  assert.deepEqual(problems, [], `${label} scrolls sideways`);
}

/**
 * Runs axe-core in the page (WCAG 2.x A/AA rules) and fails on any serious or critical violation; then checks that
 * the page does not scroll sideways at phone and laptop widths.
 */
export async function checkA11y(page, label) {
  // MUI fades dialogs and menus in: read mid-fade, a text's colour is blended with the page behind it, and axe measured
  // a contrast the settled screen does not have (a dialog checked the moment it opened failed in CI). The two frames
  // let a transition just committed start; the animations that never end (progress spinners) are not waited for.
  await page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const ending = document
      .getAnimations()
      .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)));
    await Promise.all(ending.map((a) => a.finished.catch(() => undefined)));
  });
  // Evaluated through the DevTools protocol, not as a <script> element: the app's CSP refuses inline scripts.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      );
  });
  assert.deepEqual(violations, [], `axe found serious or critical problems on ${label}`);
  await checkNoSideScroll(page, label);
}

export async function screenshot(page, root, name) {
  await page.screenshot({ path: path.join(root, 'docs', 'screenshots', `${name}.png`), fullPage: true });
}
