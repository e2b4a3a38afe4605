import { apiCall, assert, checkA11y, screenshot, signIn, test, tokenFor } from './harness.mjs';

async function chooseType(page, label) {
  await page.getByRole('combobox', { name: 'Loại câu hỏi' }).click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

async function saveAndExpectDraft(page) {
  await page.getByRole('button', { name: 'Lưu câu hỏi' }).click();
  await page.waitForURL(/\/admin\/questions\/[0-9a-f-]{36}$/);
  await page.getByTestId('status').filter({ hasText: 'Bản nháp' }).waitFor();
}

async function newQuestion(page, bankUrl) {
  await page.goto(`${bankUrl}/questions/new`);
  await page.getByRole('heading', { level: 1, name: 'Câu hỏi mới' }).waitFor();
}

test('an organizer creates a bank from the banks page', async ({ page, baseUrl, admin }) => {
  await signIn(page, baseUrl, admin);
  await page.getByRole('button', { name: 'Tạo ngân hàng' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tạo ngân hàng' });
  await dialog.getByRole('button', { name: 'Tạo' }).click();
  await dialog.getByText('Không được để trống.').waitFor();
  await dialog.getByLabel('Tên ngân hàng').fill('Ngân hàng thử nghiệm trình duyệt');
  await dialog.getByRole('button', { name: 'Tạo' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ngân hàng thử nghiệm trình duyệt' }).waitFor();
  await checkA11y(page, 'an empty bank');
});

test('every question type can be authored, previewed as a participant sees it, and saved', async ({
  page,
  baseUrl,
  admin,
  root,
}) => {
  const token = await tokenFor(baseUrl, admin);
  const bank = await apiCall(baseUrl, 'POST', '/question-banks', { token, body: { name: 'Soạn mọi loại câu hỏi' } });
  const bankUrl = `${baseUrl}/admin/banks/${bank.id}`;
  await signIn(page, baseUrl, admin);

  await newQuestion(page, bankUrl);
  await page.getByLabel('Nội dung câu hỏi').fill('Luật An ninh mạng có hiệu lực từ ngày nào?');
  for (const [i, text] of ['01/01/2019', '12/6/2018', '01/7/2018', '01/01/2020'].entries()) {
    await page.getByLabel(`Nội dung phương án ${i + 1}`).fill(text);
  }
  await page.getByLabel('Danh mục (phân cách bằng “/”)').fill('Pháp luật/Luật An ninh mạng');
  await page.getByLabel('Phản hồi chung (hiện sau khi nộp bài)').fill('Theo Điều 43.');
  const preview = page.getByTestId('question-preview');
  await preview.getByRole('radio', { name: '01/01/2019' }).waitFor();
  await preview.getByLabel('Hiện đáp án và phản hồi').check();
  await preview.getByText('Theo Điều 43.').waitFor();
  await checkA11y(page, 'the question editor');
  await screenshot(page, root, 'question-editor');
  await saveAndExpectDraft(page);
  await checkA11y(page, 'the question page');

  await newQuestion(page, bankUrl);
  await chooseType(page, 'Nhiều lựa chọn');
  await page.getByLabel('Nội dung câu hỏi').fill('Những hành vi nào bị nghiêm cấm trên không gian mạng?');
  const percents = ['50', '50', '-100', '0'];
  for (const [i, text] of ['Xúc phạm danh dự', 'Tung tin giả', 'Chia sẻ kiến thức', 'Học trực tuyến'].entries()) {
    await page.getByLabel(`Nội dung phương án ${i + 1}`).fill(text);
    await page.getByLabel('Điểm (%)').nth(i).fill(percents[i]);
  }
  await preview.getByRole('checkbox', { name: /Tung tin giả/ }).waitFor();
  await saveAndExpectDraft(page);

  await newQuestion(page, bankUrl);
  await chooseType(page, 'Đúng/Sai');
  await page.getByLabel('Nội dung câu hỏi').fill('Trẻ em dưới 16 tuổi được tự đăng ký mọi dịch vụ mạng xã hội.');
  await page.getByRole('radio', { name: 'Sai' }).first().check();
  await page.getByLabel('Phản hồi khi chọn Đúng').fill('Cần sự đồng ý của cha mẹ.');
  await saveAndExpectDraft(page);

  await newQuestion(page, bankUrl);
  await chooseType(page, 'Trả lời ngắn');
  await page.getByLabel('Nội dung câu hỏi').fill('Viết tắt của Đoàn Thanh niên Cộng sản Hồ Chí Minh?');
  await page.getByRole('textbox', { name: 'Câu trả lời 1' }).fill('Đoàn TNCS Hồ Chí Minh');
  await saveAndExpectDraft(page);

  await newQuestion(page, bankUrl);
  await chooseType(page, 'Số');
  await page.getByLabel('Nội dung câu hỏi').fill('Luật An ninh mạng có bao nhiêu điều?');
  await page.getByLabel('Giá trị 1').fill('abc');
  await page.getByLabel('Sai số cho phép (±)').click();
  await page.getByText('Nhập một số, ví dụ 1,5 hoặc 1.5.').waitFor();
  await page.getByLabel('Giá trị 1').fill('42,5');
  await page.getByLabel('Sai số cho phép (±)').fill('0,5');
  await preview.getByLabel('Hiện đáp án và phản hồi').check();
  await preview.getByText(/42,5 ± 0,5/).waitFor();
  await saveAndExpectDraft(page);

  await newQuestion(page, bankUrl);
  await chooseType(page, 'Ghép cặp');
  await page.getByLabel('Nội dung câu hỏi').fill('Ghép năm với sự kiện.');
  const pairs = [
    ['1931', 'Thành lập Đoàn'],
    ['2018', 'Luật An ninh mạng'],
    ['2022', 'Kế hoạch 300/KH-UBND'],
  ];
  for (const [i, [prompt, answer]] of pairs.entries()) {
    await page.getByLabel(`Vế trái ${i + 1}`).fill(prompt);
    await page.getByLabel(`Vế phải ${i + 1}`).fill(answer);
  }
  // An extra wrong answer, offered among the participant's choices.
  await page.getByRole('button', { name: 'Thêm đáp án nhiễu' }).click();
  await page.getByRole('textbox', { name: 'Đáp án nhiễu 1' }).fill('Đổi mới');
  await preview.getByRole('combobox', { name: 'Câu trả lời của bạn 1' }).click();
  await page.getByRole('option', { name: 'Đổi mới' }).waitFor();
  await page.keyboard.press('Escape');
  await saveAndExpectDraft(page);

  await newQuestion(page, bankUrl);
  await chooseType(page, 'Tự luận');
  await page.getByLabel('Nội dung câu hỏi').fill('Nêu ba việc em làm để an toàn trên mạng.');
  await preview.getByRole('textbox', { name: 'Câu trả lời của bạn' }).waitFor();
  await saveAndExpectDraft(page);

  await newQuestion(page, bankUrl);
  await chooseType(page, 'Mô tả (không chấm)');
  await page.getByLabel('Nội dung câu hỏi').fill('Phần II: Lịch sử Đoàn.');
  await saveAndExpectDraft(page);

  const list = await apiCall(baseUrl, 'GET', `/question-banks/${bank.id}/questions?pageSize=50`, { token });
  assert.equal(list.total, 8);
  assert.deepEqual([...new Set(list.items.map((q) => q.type))].sort(), [
    'description',
    'essay',
    'matching',
    'multiple',
    'numerical',
    'short',
    'single',
    'truefalse',
  ]);
  const matching = list.items.find((q) => q.type === 'matching');
  const matchingDetail = await apiCall(baseUrl, 'GET', `/questions/${matching.id}`, { token });
  assert.deepEqual(matchingDetail.content.distractors, ['Đổi mới']);
  const numerical = list.items.find((q) => q.type === 'numerical');
  const detail = await apiCall(baseUrl, 'GET', `/questions/${numerical.id}`, { token });
  assert.equal(detail.content.answers[0].value, 42.5, 'the decimal comma was read as a decimal point');
  assert.equal(detail.content.answers[0].tolerance, 0.5);
});

test("the API's validation message appears on the form and nothing is saved", async ({ page, baseUrl, admin }) => {
  const token = await tokenFor(baseUrl, admin);
  const bank = await apiCall(baseUrl, 'POST', '/question-banks', { token, body: { name: 'Kiểm tra lỗi' } });
  await signIn(page, baseUrl, admin);
  await newQuestion(page, `${baseUrl}/admin/banks/${bank.id}`);
  await page.getByLabel('Nội dung câu hỏi').fill('Câu không có đáp án đúng');
  for (let i = 0; i < 4; i++) {
    await page.getByLabel(`Nội dung phương án ${i + 1}`).fill(`Phương án ${i + 1}`);
    await page.getByLabel('Điểm (%)').nth(i).fill('0');
  }
  await page.getByRole('button', { name: 'Lưu câu hỏi' }).click();
  await page.getByRole('alert').filter({ hasText: 'Câu hỏi một đáp án cần có một phương án đúng (100%).' }).waitFor();
  assert.match(page.url(), /questions\/new$/);
  const list = await apiCall(baseUrl, 'GET', `/question-banks/${bank.id}/questions`, { token });
  assert.equal(list.total, 0);
});

test('hostile text in a question shows as text and never runs', async ({ page, baseUrl, admin, root }) => {
  const token = await tokenFor(baseUrl, admin);
  const bank = await apiCall(baseUrl, 'POST', '/question-banks', { token, body: { name: 'Văn bản độc hại' } });
  const hostile = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">{{7*7}}';
  const plain = await apiCall(baseUrl, 'POST', `/question-banks/${bank.id}/questions`, {
    token,
    body: {
      type: 'single',
      text: hostile,
      options: [
        { text: '<b onmouseover=alert(1)>A</b>', fraction: 1 },
        { text: 'B', fraction: 0 },
      ],
    },
  });
  const html = await apiCall(baseUrl, 'POST', `/question-banks/${bank.id}/questions`, {
    token,
    body: { type: 'essay', format: 'html', text: `<p>Đoạn <strong>HTML</strong></p>${hostile}` },
  });
  await signIn(page, baseUrl, admin);
  await page.goto(`${baseUrl}/admin/banks/${bank.id}`);
  await page.getByRole('link', { name: hostile, exact: true }).waitFor();

  await page.goto(`${baseUrl}/admin/questions/${plain.id}`);
  const text = page.getByTestId('preview-text');
  await text.waitFor();
  assert.equal((await text.innerText()).trim(), hostile);
  assert.equal(await text.locator('img, script').count(), 0);
  await page.getByText('<b onmouseover=alert(1)>A</b>').waitFor();
  await screenshot(page, root, 'hostile-text');

  await page.goto(`${baseUrl}/admin/questions/${html.id}`);
  await page.getByTestId('preview-text').locator('strong').filter({ hasText: 'HTML' }).waitFor();
  assert.equal(await page.getByTestId('preview-text').locator('script, [onerror]').count(), 0);
  assert.match(await page.getByTestId('preview-text').innerText(), /\{\{7\*7\}\}/);

  await page.goto(`${baseUrl}/admin/questions/${plain.id}/edit`);
  await page.getByTestId('preview-text').waitFor();
  assert.equal((await page.getByTestId('preview-text').innerText()).trim(), hostile);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
});
