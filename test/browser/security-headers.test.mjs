import { assert, signIn, test } from './harness.mjs';

/** Records every securitypolicyviolation event of the page's documents (installed before any page script runs). */
async function watchViolations(page) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return () => page.evaluate(() => window.__cspViolations);
}

test('the admin runs under its Content-Security-Policy without a single violation', async ({
  page,
  context,
  baseUrl,
  admin,
}) => {
  const violations = await watchViolations(page);
  const response = await page.goto(`${baseUrl}/admin/login`);
  const policy = response.headers()['content-security-policy'];
  assert.match(policy, /script-src 'self'(;|$)/);
  assert.match(policy, /frame-ancestors 'none'/);
  assert.equal(response.headers()['x-content-type-options'], 'nosniff');
  await signIn(page, baseUrl, admin);
  // A page with MUI's run-time styles, icons and the live-game host (its socket.io connection).
  await page.getByRole('heading', { level: 1, name: 'Ngân hàng câu hỏi' }).waitFor();
  await page
    .getByRole('link', { name: /Ngân hàng câu hỏi/ })
    .first()
    .click();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(await violations(), []);
  // An inline script is what the policy exists to stop: the browser refuses it. On a page of its own, since the
  // runner fails a test whose page reports any refusal.
  const probe = await context.newPage();
  const probeViolations = await watchViolations(probe);
  await probe.goto(`${baseUrl}/admin/login`);
  const ran = await probe.evaluate(() => {
    window.__inlineRan = false;
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    return window.__inlineRan;
  });
  assert.equal(ran, false);
  await probe.waitForFunction(() => window.__cspViolations.length > 0);
  assert.ok(
    (await probeViolations()).some((v) => v.startsWith('script-src')),
    'the refusal is reported',
  );
});

test('the API documentation (Swagger UI) works under the same policy', async ({ page, baseUrl }) => {
  const violations = await watchViolations(page);
  const response = await page.goto(`${baseUrl}/api/docs`);
  assert.match(response.headers()['content-security-policy'], /script-src 'self'/);
  await page.getByText('/api/v1/auth/login').first().waitFor();
  assert.deepEqual(await violations(), []);
});
