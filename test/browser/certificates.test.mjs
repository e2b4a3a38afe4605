// Certificates (#17) in the browser: an organizer designs a template (an unknown field refused, a PDF preview), issues
// in bulk from a round closed through the API (watching the progress), downloads the zip and revokes one; the holder's
// QR code URL (read from the PDF's text, checked against the API's link) opens the portal's verification page at phone
// size, which says "valid" and then "revoked" with the reason. Also: the portal's code-entry form and its sentences
// for a malformed and an unknown code, "my certificates" with its downloads, and the organizer's list filtered by
// source and status by keyboard with a name typed without diacritics (360 and 1366 px).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { apiCall, assert, checkA11y, screenshot, signIn, test, tokenFor } from './harness.mjs';
import { openRound, participant, PHONE, portalSignIn } from './portal-support.mjs';

const require = createRequire(import.meta.url);

/** The text of a PDF's pages (pdfjs-dist, as the API's PDF test reads them), NFC, without white space. */
async function pdfText(bytes) {
  const pdfjs = await import(require.resolve('pdfjs-dist/legacy/build/pdf.mjs'));
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false })
    .promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    text += (await page.getTextContent()).items.map((item) => item.str).join('');
  }
  await doc.destroy();
  return squash(text);
}

const squash = (text) => text.normalize('NFC').replace(/\s+/g, '');

/** Takes a round with the given participants (each answering `correct[i]` questions right), then closes it. */
async function closedRound(env, names, correct) {
  const { roundId } = await openRound(env, { title: `Cuộc thi cấp chứng nhận ${Date.now()}`, questions: 5 });
  const adminToken = await tokenFor(env.baseUrl, env.admin);
  const people = [];
  for (const [i, name] of names.entries()) {
    const person = await participant(env, name);
    const token = await tokenFor(env.baseUrl, person);
    const attempt = await apiCall(env.baseUrl, 'POST', `/rounds/${roundId}/attempts`, { token });
    for (const [q, question] of attempt.questions.entries()) {
      const right = question.options.find((o) => o.text.startsWith('Đúng'));
      const wrong = question.options.find((o) => !o.text.startsWith('Đúng'));
      const option = q < correct[i] ? right : wrong;
      await apiCall(env.baseUrl, 'PUT', `/attempts/${attempt.attemptId}/answers/${question.id}`, {
        token,
        body: { optionIds: [option.id] },
      });
    }
    await apiCall(env.baseUrl, 'POST', `/attempts/${attempt.attemptId}/submit`, { token, body: { prediction: 1 } });
    people.push({ ...person, token });
  }
  await apiCall(env.baseUrl, 'POST', `/rounds/${roundId}/prizes`, {
    token: adminToken,
    body: { first: 1, second: 1, third: 1, consolation: 0 },
  });
  await apiCall(env.baseUrl, 'POST', `/rounds/${roundId}/close`, { token: adminToken });
  return { roundId, people, adminToken };
}

test('an organizer designs a template, issues from a closed round with progress and revokes; the QR code’s page says valid, then revoked', async (env) => {
  const { page, context, baseUrl, root } = env;
  const winner = 'Nguyễn Thị Thuỳ Dương';
  const { people } = await closedRound(env, [winner, 'Trần Văn Bảo', 'Lê Hoàng Yến'], [5, 4, 3]);

  // The designer: fields inserted from the list, an unknown field refused when saving, next to the body.
  await signIn(page, baseUrl, env.admin);
  await page.getByRole('link', { name: 'Giấy chứng nhận' }).first().click();
  await page.getByRole('link', { name: 'Mẫu giấy chứng nhận' }).click();
  await page.getByRole('link', { name: 'Tạo mẫu mới' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tạo mẫu giấy chứng nhận' }).waitFor();
  const title = `GIẤY CHỨNG NHẬN ĐẠT GIẢI ${Date.now()}`;
  await page.getByLabel('Tiêu đề in trên giấy').fill(title);
  const body = page.getByRole('textbox', { name: 'Nội dung' });
  await body.fill('Chứng nhận ');
  await page.getByRole('button', { name: 'Chèn trường Họ và tên' }).click();
  await body.press('End');
  await body.pressSequentially(', đơn vị ');
  await page.getByRole('button', { name: 'Chèn trường Đơn vị' }).click();
  await body.press('End');
  await body.pressSequentially(' đã đạt {{danhHieu}} trong ');
  await page.getByRole('button', { name: 'Chèn trường Thành tích' }).click();
  assert.match(
    await body.inputValue(),
    /^Chứng nhận \{\{fullName\}\}, đơn vị \{\{unit\}\} đã đạt \{\{danhHieu\}\} trong \{\{achievement\}\}$/,
  );
  await page.getByRole('textbox', { name: 'Tên người ký' }).fill('Trần Văn Hưởng');
  await page.getByRole('textbox', { name: 'Chức vụ người ký' }).fill('Bí thư Thành đoàn');
  await page.getByRole('radio', { name: 'A4 ngang' }).check();
  await page.getByRole('button', { name: 'Lưu mẫu' }).click();
  await page.getByText(/Trường không có trong danh sách: \{\{danhHieu\}\}/).waitFor();
  assert.equal(await body.getAttribute('aria-invalid'), 'true', 'the body is marked as refused');
  assert.ok(await body.evaluate((el) => el === document.activeElement), 'the focus goes to the body');
  await page.getByTestId('refused-fields').getByText('{{danhHieu}}').waitFor();
  await checkA11y(page, 'the template designer with a refused field');
  await screenshot(page, root, 'admin-certificate-template-refused');

  await body.fill('');
  await body.pressSequentially('Chứng nhận ');
  await page.getByRole('button', { name: 'Chèn trường Họ và tên' }).click();
  await body.press('End');
  await body.pressSequentially(' đã đạt ');
  await page.getByRole('button', { name: 'Chèn trường Giải' }).click();
  await body.press('End');
  await body.pressSequentially(' trong ');
  await page.getByRole('button', { name: 'Chèn trường Thành tích' }).click();
  await page.getByRole('button', { name: 'Lưu mẫu' }).click();
  await page.getByRole('status').filter({ hasText: 'Đã lưu mẫu.' }).waitFor();
  await page.waitForURL(/\/admin\/certificates\/templates\/[0-9a-f-]{36}$/);

  // The preview: a PDF made by the API from the draft, shown in the page or offered as a download.
  const previewAnswer = page.waitForResponse(
    (r) => r.url().includes('/certificate-templates') && r.url().includes('preview'),
  );
  await page.getByRole('button', { name: 'Xem thử PDF' }).click();
  const preview = await previewAnswer;
  assert.equal(preview.status(), 200);
  assert.match(preview.headers()['content-type'], /application\/pdf/);
  await page.getByTestId('preview').waitFor();
  // The download fallback hands over the same PDF: its text is the sample data's.
  const downloadPreview = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải bản xem thử (PDF)' }).click();
  const previewFile = await downloadPreview;
  assert.match(previewFile.suggestedFilename(), /\.pdf$/);
  const previewText = await pdfText(await readFile(await previewFile.path()));
  assert.ok(previewText.includes(squash('Nguyễn Thị Thuỳ Dương')), 'the preview prints the sample name');
  await checkA11y(page, 'the template designer with its preview');
  await screenshot(page, root, 'admin-certificate-template');

  // Bulk issue from the closed round's prize list, with the progress read from the batch.
  await page.getByRole('link', { name: 'Cấp hàng loạt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Cấp giấy chứng nhận hàng loạt' }).waitFor();
  await page.getByRole('radio', { name: 'Vòng thi đã đóng' }).check();
  const roundSelect = page.getByRole('combobox', { name: /^Vòng thi/ });
  const roundOption = roundSelect.locator('option', { hasText: 'Cuộc thi cấp chứng nhận' }).first();
  await roundSelect.selectOption(await roundOption.getAttribute('value'));
  await page.getByRole('radio', { name: /Danh sách đạt giải/ }).check();
  const templateSelect = page.getByRole('combobox', { name: /^Mẫu giấy chứng nhận/ });
  await templateSelect.selectOption({ label: await templateSelect.locator('option', { hasText: title }).innerText() });
  await checkA11y(page, 'the bulk issue form');
  await page.getByRole('button', { name: 'Bắt đầu cấp' }).click();
  const progress = page.getByTestId('issue-progress');
  await progress.waitFor();
  await page.waitForURL(/\?batch=/);
  const seen = new Set();
  for (let i = 0; i < 600; i++) {
    seen.add(
      `${await progress.getAttribute('data-status')} ${await progress.getAttribute('data-done')}/${await progress.getAttribute('data-total')}`,
    );
    if ((await progress.getAttribute('data-status')) === 'done') break;
    await page.waitForTimeout(100);
  }
  assert.equal(
    await progress.getAttribute('data-status'),
    'done',
    `the batch finished (seen: ${[...seen].join(', ')})`,
  );
  assert.equal(await progress.getAttribute('data-total'), '3');
  assert.equal(await progress.getAttribute('data-done'), '3');
  await page.getByText(/Đã xong: 3 \/ 3 người nhận đã có giấy chứng nhận/).waitFor();
  await checkA11y(page, 'the bulk issue progress');
  await screenshot(page, root, 'admin-certificate-issue');
  const zip = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải tất cả (tệp zip)' }).click();
  assert.match((await zip).suggestedFilename(), /\.zip$/);

  // The winner's PDF: its text carries the verification URL (the QR code's) and the code; the API's link agrees.
  const mine = await apiCall(baseUrl, 'GET', '/certificates/mine', { token: people[0].token });
  assert.equal(mine.length, 1);
  const pdf = await fetch(`${baseUrl}/api/v1/certificates/${mine[0].id}/pdf`, {
    headers: { Authorization: `Bearer ${people[0].token}` },
  });
  const text = await pdfText(await pdf.arrayBuffer());
  assert.ok(text.includes(squash(winner)), 'the PDF prints the holder’s name with its diacritics');
  const printed = /https?:\/\/[^\s]*?\/verify\/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}/.exec(text)?.[0];
  const verifyUrl = printed ?? mine[0].verifyUrl;
  assert.ok(verifyUrl, 'the certificate names its verification URL');
  if (printed && mine[0].verifyUrl) assert.equal(printed, mine[0].verifyUrl);

  // The QR code's URL on a phone: valid.
  const phone = await context.newPage();
  await phone.setViewportSize(PHONE);
  await phone.goto(verifyUrl.replace(/^https?:\/\/[^/]+/, baseUrl));
  const result = phone.getByTestId('verify-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-status'), 'active');
  await phone.getByText('Giấy chứng nhận này là thật và còn hiệu lực.').waitFor();
  await phone.getByText('Thành đoàn Hải Phòng').first().waitFor();
  await checkA11y(phone, 'the verification page of a valid certificate');
  await screenshot(phone, root, 'portal-verify-active');

  // Revoked in the admin, with a reason and a confirmation.
  await page.getByRole('link', { name: 'Xem các giấy đã cấp' }).click();
  await page.getByRole('heading', { level: 1, name: 'Giấy chứng nhận đã cấp' }).waitFor();
  await page.getByLabel('Tìm theo tên người nhận hoặc mã xác minh').fill('Thuỳ Dương');
  const row = page.getByRole('row').filter({ hasText: winner });
  await row.waitFor();
  await row.getByRole('button', { name: /^Thu hồi/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Lý do thu hồi').fill('Phát hiện gian lận khi làm bài');
  const submitRevoke = dialog.getByRole('button', { name: 'Thu hồi giấy' });
  assert.ok(await submitRevoke.isDisabled(), 'revoking waits for the confirmation');
  await dialog.getByRole('checkbox', { name: /không hoàn tác được/ }).check();
  await checkA11y(page, 'the revoke dialog');
  await submitRevoke.click();
  await page.getByText(/Đã thu hồi giấy chứng nhận/).waitFor();
  await row.getByText('Đã thu hồi', { exact: true }).waitFor();
  await row.getByText('Đã thu hồi: Phát hiện gian lận khi làm bài').waitFor();
  await checkA11y(page, 'the certificates list');
  await screenshot(page, root, 'admin-certificates');

  // The same URL at once: revoked, with the reason.
  await phone.reload();
  await phone.getByText('Giấy chứng nhận này đã bị thu hồi, không còn giá trị.').waitFor();
  assert.equal(await phone.getByTestId('verify-result').getAttribute('data-status'), 'revoked');
  await phone.getByText('Lý do: Phát hiện gian lận khi làm bài').waitFor();
  await checkA11y(phone, 'the verification page of a revoked certificate');
  await screenshot(phone, root, 'portal-verify-revoked');
});

/** A code of the API's form (13 Crockford base32 characters and a Luhn mod 32 check character) that nobody holds. */
function wellFormedCode(data = '0000000000000') {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let factor = 2;
  let sum = 0;
  for (let i = data.length - 1; i >= 0; i--) {
    let addend = factor * alphabet.indexOf(data[i]);
    factor = factor === 2 ? 1 : 2;
    sum += Math.floor(addend / 32) + (addend % 32);
  }
  const code = data + alphabet[(32 - (sum % 32)) % 32];
  return code.match(/.{1,4}/g).join('-');
}

/** Issues from a closed round through the API and waits for the batch to finish. */
async function issueThroughApi(env, roundId, token) {
  const templates = await apiCall(env.baseUrl, 'GET', '/certificate-templates', { token });
  let templateId = templates[0]?.id;
  if (!templateId) {
    ({ id: templateId } = await apiCall(env.baseUrl, 'POST', '/certificate-templates', {
      token,
      body: {
        title: 'GIẤY CHỨNG NHẬN',
        body: 'Chứng nhận {{fullName}} đã đạt {{prize}} {{achievement}}',
        issuerName: 'Thành đoàn Hải Phòng',
      },
    }));
  }
  let batch = await apiCall(env.baseUrl, 'POST', `/rounds/${roundId}/certificates`, { token, body: { templateId } });
  for (let i = 0; i < 300 && batch.status !== 'done' && batch.status !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 200));
    batch = await apiCall(env.baseUrl, 'GET', `/certificate-batches/${batch.id}`, { token });
  }
  assert.equal(batch.status, 'done');
  return batch;
}

test('the portal’s verification form: a typed code, a malformed one and an unknown one each get their sentence', async (env) => {
  const { page, baseUrl, root } = env;
  await page.setViewportSize(PHONE);
  await page.goto(`${baseUrl}/verify`);
  await page.getByRole('heading', { level: 1, name: 'Xác minh giấy chứng nhận' }).waitFor();
  const input = page.getByLabel('Mã xác minh in trên giấy chứng nhận');
  // Typed too short: said under the field, nothing asked of the API.
  await input.fill('7K3M-Q9');
  await input.press('Enter');
  await page.getByText('Mã xác minh gồm 14 chữ và số; bạn mới nhập 6.').waitFor();
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.equal(new URL(page.url()).pathname, '/verify');
  await checkA11y(page, 'the verification form with an error');
  await screenshot(page, root, 'portal-verify-form');
  // A wrong check character: malformed, said so.
  const unknown = wellFormedCode();
  const mistyped = unknown.slice(0, -1) + (unknown.endsWith('A') ? 'B' : 'A');
  await input.fill(mistyped.toLowerCase());
  await input.press('Enter');
  await page.waitForURL(`**/verify/${mistyped}`);
  await page.getByText(/Mã không đúng dạng mã xác minh/).waitFor();
  await checkA11y(page, 'the verification page of a malformed code');
  // A well-formed code nobody holds: unknown.
  await page.getByLabel('Kiểm tra mã khác').fill(unknown);
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.waitForURL(`**/verify/${unknown}`);
  await page.getByText(/Không có chứng nhận nào mang mã này\. Hãy kiểm tra lại từng ký tự/).waitFor();
  // In English too.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText(/No certificate has this code\. Check each character/).waitFor();
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
});

test('a participant lists their certificates in the portal and downloads the PDF and the credential', async (env) => {
  const { page, baseUrl, root } = env;
  const holder = 'Phạm Đức Anh';
  const { roundId, people, adminToken } = await closedRound(env, [holder], [4]);
  await issueThroughApi(env, roundId, adminToken);
  await portalSignIn(page, baseUrl, people[0]);
  await page.getByRole('link', { name: 'Giấy chứng nhận của tôi' }).click();
  await page.getByRole('heading', { level: 1, name: 'Giấy chứng nhận của tôi' }).waitFor();
  const card = page.getByRole('listitem').filter({ hasText: 'Cuộc thi cấp chứng nhận' });
  await card.getByText('Còn hiệu lực').waitFor();
  await checkA11y(page, 'my certificates');
  await screenshot(page, root, 'portal-my-certificates');

  const pdfDownload = page.waitForEvent('download');
  await card.getByRole('button', { name: /Tải giấy chứng nhận \(PDF\)/ }).click();
  const pdf = await pdfDownload;
  assert.match(pdf.suggestedFilename(), /\.pdf$/);
  const text = await pdfText(await readFile(await pdf.path()));
  assert.ok(text.includes(squash(holder)), 'the downloaded PDF names the holder');

  const credentialDownload = page.waitForEvent('download');
  await card.getByRole('button', { name: /Tải chứng nhận số \(JSON\)/ }).click();
  const credential = await credentialDownload;
  assert.match(credential.suggestedFilename(), /\.json$/);
  const json = JSON.parse(await readFile(await credential.path(), 'utf8'));
  assert.match(json.jwt, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'the credential is a compact JWS');
  assert.ok(JSON.stringify(json.credential).includes('OpenBadgeCredential'));

  // Its verification page, from the card.
  await card.getByRole('link', { name: 'Xem trang xác minh' }).click();
  await page.getByText('Giấy chứng nhận này là thật và còn hiệu lực.').waitFor();
});

test('the organizer’s list: a name typed without diacritics, filtered by source and status by keyboard, at 360 and 1366 px', async (env) => {
  const { page, baseUrl, root } = env;
  const [kept, revoked] = ['Đặng Thị Ánh Tuyết', 'Phùng Văn Khải'];
  const { roundId, adminToken } = await closedRound(env, [kept, revoked], [5, 4]);
  await issueThroughApi(env, roundId, adminToken);
  const found = await apiCall(baseUrl, 'GET', `/certificates?q=${encodeURIComponent('phung van khai')}`, {
    token: adminToken,
  });
  assert.equal(found.total, 1, 'the API finds the name typed without diacritics');
  await apiCall(baseUrl, 'POST', `/certificates/${found.items[0].id}/revoke`, {
    token: adminToken,
    body: { reason: 'Cấp nhầm người nhận' },
  });

  await page.setViewportSize(PHONE);
  await signIn(page, baseUrl, env.admin);
  await page.goto(`${baseUrl}/admin/certificates`);
  await page.getByRole('heading', { level: 1, name: 'Giấy chứng nhận đã cấp' }).waitFor();
  const search = page.getByLabel('Tìm theo tên người nhận hoặc mã xác minh');
  await search.focus();
  await page.keyboard.type('DANG thi anh tuyet');
  const keptRow = page.getByRole('row').filter({ hasText: kept });
  await keptRow.waitFor();
  await keptRow.getByText('Vòng thi', { exact: false }).waitFor();
  await page.getByText('1 giấy chứng nhận', { exact: true }).waitFor();

  // By keyboard: Tab to the source, open it, pick "Vòng thi"; Tab to the status, pick "Đã thu hồi".
  const chooseByKeyboard = async (name, option) => {
    await page.keyboard.press('Tab');
    const combobox = page.getByRole('combobox', { name });
    assert.ok(await combobox.evaluate((el) => el === document.activeElement), `Tab reaches the ${name} filter`);
    await page.keyboard.press('Enter');
    const listbox = page.getByRole('listbox');
    await listbox.waitFor();
    // The menu moves the focus to its selected option once it has opened.
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'option');
    for (let i = 0; i < 5; i++) {
      const active = await page.evaluate(() => document.activeElement?.textContent ?? '');
      if (active === option) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await listbox.waitFor({ state: 'detached' });
    // The choice goes into the address, and the field shows it once the page has read it back.
    await combobox.filter({ hasText: option }).waitFor();
  };
  await chooseByKeyboard('Nguồn', 'Vòng thi');
  await page.waitForURL(/source=round/);
  await keptRow.waitFor();
  await chooseByKeyboard('Trạng thái', 'Đã thu hồi');
  await page.waitForURL(/status=revoked/);
  await page.getByText('Không có giấy chứng nhận nào khớp.').waitFor();
  // The revoked one, its name typed without diacritics and in capitals; nothing overflows the phone's width.
  await search.fill('PHUNG VAN KHAI');
  const revokedRow = page.getByRole('row').filter({ hasText: revoked });
  await revokedRow.waitFor();
  await revokedRow.getByText('Đã thu hồi: Cấp nhầm người nhận').waitFor();
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'the filters fit 360 px',
  );
  await checkA11y(page, 'the certificates list filtered, at phone size');
  await screenshot(page, root, 'admin-certificates-filtered-phone');

  // Reloaded (the filters are in the address) at desktop size: the same list.
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.reload();
  await revokedRow.waitFor();
  assert.equal(await page.getByRole('combobox', { name: 'Nguồn' }).textContent(), 'Vòng thi');
  assert.equal(await page.getByRole('combobox', { name: 'Trạng thái' }).textContent(), 'Đã thu hồi');
  assert.equal(await search.inputValue(), 'PHUNG VAN KHAI');
  await checkA11y(page, 'the certificates list filtered, at desktop size');
  await screenshot(page, root, 'admin-certificates-filtered');
});
