import { crc32, deflateRawSync } from 'node:zlib';
import { apiCall, assert, checkA11y, createUser, screenshot, signIn, test, tokenFor } from './harness.mjs';
import { portalSignIn, publishedBank, query } from './portal-support.mjs';

/** A zip of the given files (deflated), the way an authoring tool exports a package. */
function zipOf(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [path, text] of Object.entries(files)) {
    const name = Buffer.from(path, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const body = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const SCORM_TITLE = 'Bài giảng: Nhận diện lừa đảo trực tuyến';

/**
 * A real SCORM 1.2 package as iSpring or ActivePresenter would export it: the manifest and a page whose script finds
 * the runtime's `API`, initializes, reports completion with a score and commits. It also tries what a hostile package
 * would (the portal's token in storage, the parent page) and writes what it could reach, for the test to read.
 */
function scormPackage() {
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.haidang.test.lua-dao" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org1">
    <organization identifier="org1">
      <title>${SCORM_TITLE}</title>
      <item identifier="item1" identifierref="res1"><title>${SCORM_TITLE}</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/><file href="lecture.js"/>
    </resource>
  </resources>
</manifest>`;
  const html = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${SCORM_TITLE}</title></head>
<body><h1>Nhận diện lừa đảo trực tuyến</h1><p id="state">Đang mở…</p><p id="probe"></p>
<script src="lecture.js"></script></body></html>`;
  const js = `
function findAPI(win) {
  for (var i = 0; i < 10 && win; i++) {
    try { if (win.API) return win.API; } catch (e) {}
    try { if (win === win.parent) break; win = win.parent; } catch (e) { break; }
  }
  return null;
}
var reached = [];
try { if (window.parent.document) reached.push('parent-document'); } catch (e) {}
try { if (window.localStorage && window.localStorage.getItem('haidang.portal.token')) reached.push('token'); } catch (e) {}
try { if (document.cookie) reached.push('cookie'); } catch (e) {}
document.getElementById('probe').textContent = 'reached:' + (reached.join(',') || 'nothing');
function run() {
  var api = findAPI(window);
  if (!api) { document.getElementById('state').textContent = 'no-api'; return; }
  api.LMSInitialize('');
  api.LMSSetValue('cmi.core.lesson_location', 'slide-3');
  api.LMSSetValue('cmi.core.score.raw', '90');
  api.LMSSetValue('cmi.core.score.max', '100');
  api.LMSSetValue('cmi.core.lesson_status', 'completed');
  api.LMSCommit('');
  document.getElementById('state').textContent = 'committed';
}
setTimeout(run, 300);
`;
  return zipOf({ 'imsmanifest.xml': manifest, 'index.html': html, 'lecture.js': js });
}

test('an organizer builds, publishes and enrols a course; a learner on a phone plays its SCORM lecture, passes its quiz and completes it', async (env) => {
  const { page, context, baseUrl, root } = env;
  const { bankId } = await publishedBank(env);
  const organizer = await createUser(env, ['organizer'], 'Trần Thị Tổ Chức');
  const learner = await createUser(env, ['participant'], 'Vũ Văn Học');
  await query(env, "UPDATE app_user SET population = 'members' WHERE username = $1", [learner.username]);

  // ── The organizer builds the course in the admin app.
  await signIn(page, baseUrl, organizer);
  await page.goto(`${baseUrl}/admin/courses`);
  await page.getByRole('heading', { name: 'Khóa học' }).waitFor();
  await page.getByRole('button', { name: 'Tạo khóa học' }).click();
  const title = `An toàn thông tin mạng cho đoàn viên ${Date.now().toString(36)}`;
  await page.getByLabel('Tên khóa học').fill(title);
  await page.getByRole('button', { name: 'Tạo', exact: true }).click();
  await page.getByRole('heading', { name: title }).waitFor();
  await page.getByLabel(/^e\) Tập huấn/).check();
  await page.getByLabel('Đoàn viên, hội viên').check();
  await page.getByRole('button', { name: 'Lưu thông tin' }).click();
  await page.getByText('Đã lưu.').waitFor();

  // Publishing a course without lessons is refused, with the reason on the page.
  await page.getByRole('button', { name: 'Phát hành' }).click();
  await page
    .getByRole('alert')
    .filter({ hasText: /Chưa phát hành|chưa có bài học/ })
    .waitFor();

  await page.getByLabel('Chương mới').fill('Phần 1. Nhận diện nguy cơ');
  await page.getByRole('button', { name: 'Thêm chương' }).click();
  await page.getByRole('heading', { name: '1. Phần 1. Nhận diện nguy cơ' }).waitFor();

  // A reading.
  await page.getByRole('button', { name: '+ Thêm bài học' }).click();
  await page.getByLabel('Tên bài học').fill('Tin giả và cách nhận biết');
  await page
    .getByLabel('Nội dung (HTML)')
    .fill('<p>Tin giả thường có <b>tiêu đề giật gân</b>.</p><ul><li>Kiểm tra nguồn tin</li></ul>');
  await page.getByRole('region', { name: 'Xem trước' }).getByText('tiêu đề giật gân').waitFor();
  await page.getByRole('button', { name: 'Lưu bài học' }).click();
  await page.getByText('Tin giả và cách nhận biết').waitFor();

  // A SCORM lecture: a zip without a manifest is refused with the reason, the real package shows its manifest title.
  await page.getByRole('button', { name: '+ Thêm bài học' }).click();
  await page.getByLabel('Loại bài học').click();
  await page.getByRole('option', { name: 'Bài giảng SCORM' }).click();
  const upload = page.getByLabel('Gói SCORM 1.2 (.zip)');
  await upload.setInputFiles({
    name: 'khong-manifest.zip',
    mimeType: 'application/zip',
    buffer: zipOf({ 'index.html': '<p>Không có manifest</p>' }),
  });
  await page.getByRole('alert').filter({ hasText: 'Gói SCORM không hợp lệ' }).waitFor();
  await upload.setInputFiles({ name: 'lua-dao.zip', mimeType: 'application/zip', buffer: scormPackage() });
  await page.getByText(`Đã nhận gói “${SCORM_TITLE}”.`).waitFor();
  await checkA11y(page, 'the lesson dialog (SCORM)');
  await page.getByRole('button', { name: 'Lưu bài học' }).click();
  await page.getByRole('button', { name: `Sửa bài “${SCORM_TITLE}”` }).waitFor();

  // A final quiz from the bank: 3 questions, pass mark 60 %.
  await page.getByRole('button', { name: '+ Thêm bài học' }).click();
  await page.getByLabel('Tên bài học').fill('Bài kiểm tra cuối khóa');
  await page.getByLabel('Loại bài học').click();
  await page.getByRole('option', { name: 'Bài kiểm tra' }).click();
  await page.getByLabel('Ngân hàng câu hỏi').click();
  const banks = await apiCall(baseUrl, 'GET', '/question-banks', { token: await tokenFor(baseUrl, organizer) });
  const bank = banks.find((b) => b.id === bankId);
  await page.getByRole('option', { name: new RegExp(bank.name) }).click();
  await page.getByLabel('Chủ đề').click();
  await page.getByRole('option', { name: /Thử nghiệm cổng/ }).click();
  await page.getByLabel('Số câu').fill('3');
  await page.getByLabel('Điểm đạt (%)').fill('60');
  await page.getByRole('button', { name: 'Lưu bài học' }).click();
  await page.getByRole('button', { name: 'Sửa bài “Bài kiểm tra cuối khóa”' }).waitFor();
  await page.getByTestId('completion-rule').getByText(/60%/).waitFor();
  await checkA11y(page, 'the course editor');
  await screenshot(page, root, 'admin-course-editor');

  await page.getByRole('button', { name: 'Phát hành' }).click();
  await page.getByText('Khóa học đã được phát hành').waitFor();

  // Enrol the whole city's members, due in a month.
  await page.getByRole('link', { name: 'Ghi danh' }).click();
  await page.getByRole('heading', { name: `Ghi danh: ${title}` }).waitFor();
  const units = await apiCall(baseUrl, 'GET', '/units');
  await page.getByLabel(units[0].name, { exact: true }).check();
  await page.getByLabel('Đoàn viên, hội viên').check();
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Hạn hoàn thành').fill(due);
  await checkA11y(page, 'the enrolment page');
  await page.getByRole('button', { name: 'Ghi danh', exact: true }).click();
  await page.getByTestId('enrol-result').waitFor();
  await page.getByRole('cell', { name: units[0].name, exact: true }).waitFor();
  await screenshot(page, root, 'admin-course-enrolment');
  const [enrolment] = await query(
    env,
    'SELECT e.due_at FROM course_enrolment e JOIN app_user u ON u.id = e.user_id JOIN course c ON c.id = e.course_id WHERE u.username = $1 AND c.title = $2',
    [learner.username, title],
  );
  assert.ok(enrolment, 'the learner of the enrolled unit is enrolled');

  // ── The learner, on a phone.
  const phone = await context.newPage();
  await portalSignIn(phone, baseUrl, learner);
  await phone.getByRole('link', { name: 'Khóa học của tôi' }).click();
  await phone.getByRole('heading', { name: 'Khóa học của tôi' }).waitFor();
  await phone.getByRole('heading', { name: title }).waitFor();
  await checkA11y(phone, 'my courses');
  await screenshot(phone, root, 'portal-my-courses');
  await phone.getByRole('link', { name: 'Bắt đầu học' }).click();

  // The reading.
  await phone.getByRole('heading', { name: 'Tin giả và cách nhận biết' }).waitFor();
  await phone.getByText('tiêu đề giật gân').waitFor();
  await checkA11y(phone, 'a reading lesson');
  await phone.getByRole('button', { name: 'Đánh dấu đã học xong' }).click();
  await phone.getByText('✓ Đã học xong bài này').waitFor();

  // The SCORM lecture plays in its sandboxed frame. Its commit first meets a dropped connection: it stays on the
  // phone (IndexedDB) and reaches the API once the connection is back.
  await phone.route('**/api/v1/lessons/*/scorm-progress', (route) => route.abort('internetdisconnected'));
  await phone.getByRole('link', { name: /Bài tiếp theo/ }).click();
  await phone.getByRole('heading', { name: SCORM_TITLE }).waitFor();
  const frame = phone.frameLocator(`iframe[title="Bài giảng: ${SCORM_TITLE}"]`);
  await frame.getByText('committed').waitFor({ timeout: 20_000 });
  assert.equal(
    await frame.locator('#probe').innerText(),
    'reached:nothing',
    'the package reached nothing of the portal',
  );
  const sandbox = await phone.locator('iframe[sandbox]').getAttribute('sandbox');
  assert.equal(sandbox, 'allow-scripts allow-forms');
  await phone.locator('[data-testid="scorm-state"][data-state="queued"]').waitFor();
  await phone.getByTestId('offline-banner').waitFor();
  const before = await query(
    env,
    'SELECT 1 FROM scorm_progress p JOIN app_user u ON u.id = p.user_id WHERE u.username = $1',
    [learner.username],
  );
  assert.equal(before.length, 0, 'nothing reached the API while the connection was down');
  await phone.unroute('**/api/v1/lessons/*/scorm-progress');
  await phone.locator('[data-testid="scorm-state"][data-state="saved"]').waitFor({ timeout: 20_000 });
  await phone.getByText('Trạng thái: Hoàn thành').waitFor();
  const [scorm] = await query(
    env,
    'SELECT p.lesson_status, p.score_raw, p.lesson_location FROM scorm_progress p JOIN app_user u ON u.id = p.user_id WHERE u.username = $1',
    [learner.username],
  );
  assert.equal(scorm.lesson_status, 'completed');
  assert.equal(Number(scorm.score_raw), 90);
  assert.equal(scorm.lesson_location, 'slide-3');
  await checkA11y(phone, 'the SCORM lesson');
  await screenshot(phone, root, 'portal-course-scorm');
  await phone.getByRole('link', { name: /Bài tiếp theo/ }).click();

  // The quiz: every right answer is “Đúng n”.
  await phone.getByRole('heading', { name: 'Bài kiểm tra cuối khóa' }).waitFor();
  await checkA11y(phone, 'the quiz lesson');
  await phone.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
  const radios = phone.getByRole('radio', { name: /^Đúng \d+$/ });
  await radios.first().waitFor();
  const n = await radios.count();
  assert.equal(n, 3);
  for (let i = 0; i < n; i++) await radios.nth(i).check();
  await phone
    .locator('[data-testid="save-state"][data-state="saved"]')
    .nth(n - 1)
    .waitFor();
  await screenshot(phone, root, 'portal-course-quiz');
  await phone.getByRole('button', { name: 'Nộp bài' }).click();
  await phone.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
  await phone.getByTestId('quiz-result').getByText('Bạn đã đạt bài kiểm tra.').waitFor();
  await phone.getByTestId('course-done').waitFor();
  await phone.getByRole('link', { name: 'Hoàn thành khóa học' }).click();
  await phone.getByTestId('course-completed').waitFor();
  await checkA11y(phone, 'the completed course');
  await screenshot(phone, root, 'portal-course-completed');
  const [done] = await query(
    env,
    'SELECT e.completed_at FROM course_enrolment e JOIN app_user u ON u.id = e.user_id JOIN course c ON c.id = e.course_id WHERE u.username = $1 AND c.title = $2',
    [learner.username, title],
  );
  assert.ok(done.completed_at, 'the completion is recorded');

  // ── Back in the admin app: the progress of the unit shows the completion.
  await page.goto(`${baseUrl}/admin/courses`);
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('link', { name: 'Tiến độ' }).click();
  await page.getByRole('heading', { name: `Tiến độ: ${title}` }).waitFor();
  await page.getByRole('table', { name: 'Đối tượng' }).waitFor();
  await checkA11y(page, 'the progress page');
  await screenshot(page, root, 'admin-course-progress');
  await phone.close();
});

/** A one-page PDF with a line of text, written out by hand (offsets computed), as small as a real one gets. */
function onePagePdf(text) {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 24 Tf 72 760 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) out += `${String(at).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A multipart upload to the API (apiCall sends JSON only). */
async function uploadFile(baseUrl, token, url, name, type, buffer) {
  const form = new FormData();
  form.append('file', new Blob([buffer], { type }), name);
  const res = await fetch(`${baseUrl}/api/v1${url}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`POST ${url} → ${res.status} ${JSON.stringify(body)}`);
  return body;
}

test('an organizer removes what a course no longer needs, by keyboard, and keeps what learners did; a learner reads a PDF lesson in the page, or downloads it on a phone without a PDF viewer', async (env) => {
  const { page, context, baseUrl, root } = env;
  const organizer = await createUser(env, ['organizer'], 'Lê Thị Biên Soạn');
  const learner = await createUser(env, ['participant'], 'Đỗ Văn Đọc');
  const idle = await createUser(env, ['participant'], 'Phan Thị Chưa Học');
  await query(env, "UPDATE app_user SET population = 'youth' WHERE username = ANY ($1)", [
    [learner.username, idle.username],
  ]);
  const token = await tokenFor(baseUrl, organizer);
  const call = (method, url, body) => apiCall(baseUrl, method, url, { token, body });

  // Seeded through the API: a course with a reading and a PDF lesson, a spare PDF no lesson uses, the unit enrolled.
  const title = `Sổ tay an toàn số ${Date.now().toString(36)}`;
  const { id: courseId } = await call('POST', '/courses', { title, planTargets: ['e'] });
  const { id: sectionId } = await call('POST', `/courses/${courseId}/sections`, { title: 'Phần 1' });
  await call('POST', `/course-sections/${sectionId}/lessons`, {
    title: 'Lời mở đầu',
    kind: 'text',
    bodyHtml: '<p>Chào bạn</p>',
  });
  const handbook = await uploadFile(
    baseUrl,
    token,
    `/courses/${courseId}/documents`,
    'So tay.pdf',
    'application/pdf',
    onePagePdf('So tay an toan so'),
  );
  const spare = await uploadFile(
    baseUrl,
    token,
    `/courses/${courseId}/documents`,
    'Ban cu.pdf',
    'application/pdf',
    onePagePdf('Ban cu'),
  );
  const { id: pdfLesson } = await call('POST', `/course-sections/${sectionId}/lessons`, {
    title: 'Sổ tay (PDF)',
    kind: 'document',
    documentId: handbook.id,
  });
  await call('POST', `/courses/${courseId}/publish`);
  const units = await apiCall(baseUrl, 'GET', '/units');
  await call('POST', `/courses/${courseId}/enrolments`, { unitId: units[0].id, populations: ['youth'] });

  // ── A learner on a phone whose browser has no PDF viewer (Chrome on Android): a clear download button.
  const phone = await context.newPage();
  await phone.addInitScript(() => Object.defineProperty(Navigator.prototype, 'pdfViewerEnabled', { get: () => false }));
  await portalSignIn(phone, baseUrl, learner);
  await phone.goto(`${baseUrl}/lessons/${pdfLesson}`);
  await phone.getByRole('heading', { name: 'Sổ tay (PDF)' }).waitFor();
  const download = phone.getByRole('link', { name: 'Tải tài liệu' });
  await download.waitFor();
  assert.equal(await phone.getByTestId('document-lesson').getAttribute('data-viewer'), 'download');
  assert.equal(await phone.locator('iframe').count(), 0, 'no frame the phone cannot fill');
  const href = await download.getAttribute('href');
  assert.match(href, /^\/api\/v1\/lesson-documents\//);
  // The link serves the PDF by ranges without the session's token (a frame or a download cannot send it).
  const ranged = await phone.evaluate(async (url) => {
    const res = await fetch(url, { headers: { Range: 'bytes=0-7' }, credentials: 'omit' });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  }, href);
  assert.deepEqual(ranged, { status: 206, type: 'application/pdf', text: '%PDF-1.4' });
  const [file] = await Promise.all([phone.waitForEvent('download'), download.click()]);
  // Named by the server's Content-Disposition (the stored file's name), which Chromium prefers to `download`.
  assert.equal(file.suggestedFilename(), 'So tay.pdf');
  await checkA11y(phone, 'a PDF lesson on a phone without a PDF viewer');
  await screenshot(phone, root, 'portal-course-pdf-phone');
  // Still markable as done.
  await phone.getByRole('button', { name: 'Đánh dấu đã học xong' }).click();
  await phone.getByText('✓ Đã học xong bài này').waitFor();

  // ── The same lesson where the browser has a viewer: shown in the page, in a frame of the same origin.
  const desk = await context.newPage();
  await desk.addInitScript(() => Object.defineProperty(Navigator.prototype, 'pdfViewerEnabled', { get: () => true }));
  await desk.setViewportSize({ width: 1366, height: 900 });
  const framed = desk.waitForResponse(
    (r) => r.url().includes('/api/v1/lesson-documents/') && r.request().resourceType() === 'document',
  );
  await desk.goto(`${baseUrl}/lessons/${pdfLesson}`);
  await desk.getByRole('heading', { name: 'Sổ tay (PDF)' }).waitFor();
  const frame = desk.locator('iframe[title="Tài liệu: Sổ tay (PDF)"]');
  await frame.waitFor();
  const response = await framed;
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'application/pdf');
  assert.equal(response.headers()['x-frame-options'], 'SAMEORIGIN');
  assert.equal(await desk.getByTestId('document-lesson').getAttribute('data-viewer'), 'frame');
  await desk.getByRole('link', { name: 'Tải tài liệu' }).waitFor();
  await desk.getByText('✓ Đã học xong bài này').waitFor();
  await desk.close();

  // ── The organizer, in the admin app, by keyboard.
  await signIn(page, baseUrl, organizer);
  await page.goto(`${baseUrl}/admin/courses/${courseId}`);
  await page.getByRole('heading', { name: title }).waitFor();
  const files = page.getByRole('region', { name: 'Tệp của khóa học' });
  await files.getByText('Dùng trong: “Sổ tay (PDF)”').waitFor();
  await files.getByText('Không bài học nào dùng').waitFor();
  // The spare PDF: the dialog opens on Cancel (Enter at once removes nothing), Tab reaches "Xóa".
  await files.getByRole('button', { name: 'Xóa tệp “Ban cu.pdf”' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Xóa tệp “Ban cu.pdf”? Tệp không thể khôi phục.').waitFor();
  await checkA11y(page, 'the remove-file dialog');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  await files.getByText('Ban cu.pdf').waitFor();
  await files.getByRole('button', { name: 'Xóa tệp “Ban cu.pdf”' }).focus();
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  // The dialog gone first: while it is open (and through its closing transition) MUI hides the page behind it from
  // the accessibility tree, so the files region is not found at all and the file's name reads as hidden already.
  await dialog.waitFor({ state: 'hidden' });
  await files.getByText('Ban cu.pdf').waitFor({ state: 'hidden' });
  assert.equal((await query(env, 'SELECT 1 FROM course_document WHERE id = $1', [spare.id])).length, 0);
  // The PDF a lesson shows is refused, naming the lesson.
  await files.getByRole('button', { name: 'Xóa tệp “So tay.pdf”' }).click();
  await dialog.getByRole('button', { name: 'Xóa' }).click();
  await files.getByRole('alert').filter({ hasText: 'Sổ tay (PDF)' }).waitFor();
  await checkA11y(page, 'the course editor with its files');
  await screenshot(page, root, 'admin-course-files');

  // Deleting the course is refused: a learner has progress; archiving is offered instead.
  await page.getByRole('button', { name: 'Xóa khóa học' }).click();
  await dialog.getByRole('button', { name: 'Xóa khóa học' }).click();
  await page.getByRole('alert').filter({ hasText: 'Hãy lưu trữ khóa học thay vì xóa' }).waitFor();
  assert.equal((await query(env, 'SELECT 1 FROM course WHERE id = $1', [courseId])).length, 1);

  // Removing the unit's enrolment asks what happens to its people, and says progress is never deleted.
  await page.goto(`${baseUrl}/admin/courses/${courseId}/enrolments`);
  await page.getByRole('cell', { name: units[0].name, exact: true }).waitFor();
  await page.getByRole('button', { name: `Bỏ ghi danh ${units[0].name}` }).click();
  await dialog.getByText('không bao giờ bị xóa').waitFor();
  await dialog.getByLabel('Bỏ ghi danh những người chưa bắt đầu học; người đã học giữ nguyên').check();
  await checkA11y(page, 'the remove-enrolment dialog');
  await screenshot(page, root, 'admin-course-remove-enrolment');
  await dialog.getByRole('button', { name: 'Bỏ ghi danh' }).click();
  await page
    .getByTestId('rule-removed')
    .getByText(/1 người vẫn học tiếp/)
    .waitFor();
  const left = await query(
    env,
    'SELECT u.username FROM course_enrolment e JOIN app_user u ON u.id = e.user_id WHERE e.course_id = $1',
    [courseId],
  );
  assert.deepEqual(
    left.map((r) => r.username),
    [learner.username],
    'the learner who started stays, the one who never did is unenrolled',
  );
  const progress = await query(
    env,
    'SELECT 1 FROM course_lesson_progress p JOIN app_user u ON u.id = p.user_id WHERE u.username = $1 AND p.lesson_id = $2',
    [learner.username, pdfLesson],
  );
  assert.equal(progress.length, 1, 'the learner’s progress is kept');

  // A course nobody started is deleted, from its editor.
  const empty = await call('POST', '/courses', { title: `Khóa thừa ${Date.now().toString(36)}` });
  await page.goto(`${baseUrl}/admin/courses/${empty.id}`);
  await page.getByRole('button', { name: 'Xóa khóa học' }).click();
  await dialog.getByRole('button', { name: 'Xóa khóa học' }).click();
  await page.getByRole('heading', { name: 'Khóa học', exact: true }).waitFor();
  assert.equal((await query(env, 'SELECT 1 FROM course WHERE id = $1', [empty.id])).length, 0);
  await phone.close();
});
