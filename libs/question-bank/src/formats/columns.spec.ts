import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { recognizeHeader } from './columns.js';
import { parseQuestionFile, previewTable, validationIssues, type TablePreview } from './index.js';

/** An XLSX as a person (or Kahoot, or Quizizz) would save it: rows as given, the first sheet named as given. */
async function workbook(sheetName: string, rows: (string | number | null)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const withoutRow = <T extends { row?: number }>({ row: _row, ...rest }: T) => rest;

describe('header recognizer', () => {
  it.each([
    ['Câu hỏi', 'text'],
    ['Nội dung câu hỏi', 'text'],
    ['NỘI DUNG CÂU HỎI', 'text'],
    ['Question', 'text'],
    ['Question Text', 'text'],
    ['Question - max 120 characters', 'text'],
    ['Phương án A', 'option1'],
    ['Đáp án B', 'option2'],
    ['phuong an c', 'option3'],
    ['D', 'option4'],
    ['Option A', 'option1'],
    ['Option 5', 'option5'],
    ['Answer 1', 'option1'],
    ['Answer 4 - max 75 characters', 'option4'],
    ['Lựa chọn 2', 'option2'],
    ['Đáp án đúng', 'answer'],
    ['Đáp án', 'answer'],
    ['Correct answer', 'answer'],
    ['Correct Answer(s)', 'answer'],
    ['Correct answer(s) - choose at least one', 'answer'],
    ['Giải thích', 'generalFeedback'],
    ['Explanation', 'generalFeedback'],
    ['Answer explanation', 'generalFeedback'],
    ['Chủ đề', 'category'],
    ['Danh mục', 'category'],
    ['Category', 'category'],
    ['Mức độ', 'difficulty'],
    ['Difficulty', 'difficulty'],
    ['Thời gian (giây)', 'timeLimit'],
    ['Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs', 'timeLimit'],
    ['Time in seconds', 'timeLimit'],
    ['Image Link', 'image'],
    ['Question Type', 'type'],
    ['Loại', 'type'],
    ['STT', 'ignore'],
  ])('reads "%s" as %s', (header, field) => {
    expect(recognizeHeader(header)).toBe(field);
  });

  it('does not guess a header it does not know', () => {
    expect(recognizeHeader('Ghi chú của thầy')).toBeNull();
    expect(recognizeHeader('Cột 7')).toBeNull();
    expect(recognizeHeader('Option 11')).toBeNull();
  });
});

describe('spreadsheets with the columns people already use', () => {
  it('reads a Vietnamese sheet: question, four options, the right letter, explanation, topic, level', async () => {
    const bytes = await workbook('Sheet1', [
      [
        'STT',
        'Nội dung câu hỏi',
        'Đáp án A',
        'Đáp án B',
        'Đáp án C',
        'Đáp án D',
        'Đáp án đúng',
        'Giải thích',
        'Chủ đề',
        'Mức độ',
      ],
      [
        1,
        'Luật An ninh mạng có hiệu lực từ ngày nào?',
        '01/01/2019',
        '12/6/2018',
        '01/7/2018',
        '01/01/2020',
        'A',
        'Điều 43',
        'Pháp luật',
        'Nhận biết',
      ],
      [
        2,
        'Chiến thắng Bạch Đằng năm 938 do ai lãnh đạo?',
        'Lê Hoàn',
        'Ngô Quyền',
        'Trần Hưng Đạo',
        'Lý Thường Kiệt',
        'b',
        '',
        'Lịch sử',
        'Thông hiểu',
      ],
    ]);
    const r = await parseQuestionFile(bytes, 'cau-hoi.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(validationIssues(r)).toEqual([]);
    expect(r.questions.map(withoutRow)).toEqual([
      {
        type: 'single',
        text: 'Luật An ninh mạng có hiệu lực từ ngày nào?',
        category: 'Pháp luật',
        difficulty: 1,
        generalFeedback: 'Điều 43',
        options: [
          { text: '01/01/2019', fraction: 1 },
          { text: '12/6/2018', fraction: 0 },
          { text: '01/7/2018', fraction: 0 },
          { text: '01/01/2020', fraction: 0 },
        ],
      },
      {
        type: 'single',
        text: 'Chiến thắng Bạch Đằng năm 938 do ai lãnh đạo?',
        category: 'Lịch sử',
        difficulty: 2,
        options: [
          { text: 'Lê Hoàn', fraction: 0 },
          { text: 'Ngô Quyền', fraction: 1 },
          { text: 'Trần Hưng Đạo', fraction: 0 },
          { text: 'Lý Thường Kiệt', fraction: 0 },
        ],
      },
    ]);
    expect(r.questions.map((q) => q.row)).toEqual([2, 3]);
  });

  it('reads an English CSV with "Option A…", "Correct Answer" as the option text, and a time column set aside', async () => {
    const text = [
      'Question Text,Option A,Option B,Option C,Option D,Correct Answer,Explanation,Category,Time limit (sec)',
      'What is the capital of Viet Nam?,Hue,Ha Noi,Da Nang,Sai Gon,Ha Noi,Since 1010,Geography,30',
    ].join('\n');
    const r = await parseQuestionFile(Buffer.from(text), 'export.csv');
    expect(r.errors).toEqual([]);
    expect(r.questions[0]).toMatchObject({
      type: 'single',
      category: 'Geography',
      generalFeedback: 'Since 1010',
      options: [
        { text: 'Hue', fraction: 0 },
        { text: 'Ha Noi', fraction: 1 },
        { text: 'Da Nang', fraction: 0 },
        { text: 'Sai Gon', fraction: 0 },
      ],
    });
    expect(r.warnings).toEqual([expect.objectContaining({ row: 1, message: expect.stringContaining('thời gian') })]);
  });

  it("reads Kahoot's template: title rows above the header, answers 1–4, the correct answer's number", async () => {
    const bytes = await workbook('Sheet1', [
      [null, 'Quiz template'],
      [
        null,
        'Add questions, at least two answer alternatives, time limit and choose correct answers (at least one). Have fun creating your awesome quiz!',
      ],
      [
        null,
        'Remember: questions have a limit of 120 characters and answers can have 75 characters max. Text will turn red in Excel or Google Docs if you exceed this limit. If several answers are correct, separate them with a comma.',
      ],
      [
        null,
        'Question - max 120 characters',
        'Answer 1 - max 75 characters',
        'Answer 2 - max 75 characters',
        'Answer 3 - max 75 characters',
        'Answer 4 - max 75 characters',
        'Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs',
        'Correct answer(s) - choose at least one',
      ],
      [1, 'Đảng Cộng sản Việt Nam thành lập năm nào?', '1925', '1930', '1945', '1954', 20, 2],
      [2, 'Thành phố nào giáp Hải Phòng?', 'Quảng Ninh', 'Cần Thơ', 'Hải Dương', null, 30, '1,3'],
    ]);
    const preview = (await previewTable(bytes, 'kahoot.xlsx')) as TablePreview;
    expect(preview).toMatchObject({ tabular: true, headerRow: 4, usable: true });
    expect(preview.fields).toEqual([null, 'text', 'option1', 'option2', 'option3', 'option4', 'timeLimit', 'answer']);
    expect(preview.rows[0]).toEqual([
      '1',
      'Đảng Cộng sản Việt Nam thành lập năm nào?',
      '1925',
      '1930',
      '1945',
      '1954',
      '20',
      '2',
    ]);

    const r = await parseQuestionFile(bytes, 'kahoot.xlsx');
    expect(r.errors).toEqual([]);
    const [first, second] = r.questions;
    expect(first).toMatchObject({ type: 'single', row: 5 });
    expect(first!.options!.map((o) => o.fraction)).toEqual([0, 1, 0, 0]);
    // Kahoot's "any of these is right": a single choice with two full-mark answers, warned about (or imported as
    // a multiple-answer question when the organizer asks).
    expect(second!.options!.map((o) => o.fraction)).toEqual([1, 0, 1]);
    expect(r.warnings.map((w) => w.code ?? w.message)).toEqual([
      expect.stringContaining('Time limit (sec)'),
      'SINGLE_SEVERAL_RIGHT',
    ]);
    expect(r.warnings[1]).toMatchObject({ row: 6, text: 'Thành phố nào giáp Hải Phòng?' });
    const asMultiple = await parseQuestionFile(bytes, 'kahoot.xlsx', undefined, { asMultiple: true });
    expect(asMultiple.questions[1]).toMatchObject({
      type: 'multiple',
      row: 6,
      options: [
        { text: 'Quảng Ninh', fraction: 0.5 },
        { text: 'Cần Thơ', fraction: 0 },
        { text: 'Hải Dương', fraction: 0.5 },
      ],
    });
    expect(validationIssues(asMultiple)).toEqual([]);
    expect(asMultiple.warnings[1]).toMatchObject({ row: 6, code: 'SINGLE_IMPORTED_AS_MULTIPLE' });
  });

  it("reads Quizizz's template: question types, options 1–5, correct answer numbers, explanation", async () => {
    const bytes = await workbook('Sheet1', [
      [
        'Question Text',
        'Question Type',
        'Option 1',
        'Option 2',
        'Option 3',
        'Option 4',
        'Option 5',
        'Correct Answer',
        'Time in seconds',
        'Image Link',
        'Answer explanation',
      ],
      ['Thủ đô của Việt Nam?', 'Multiple Choice', 'Huế', 'Hà Nội', 'Đà Nẵng', null, null, 2, 30, null, 'Từ năm 1010'],
      ['Những năm nào có trận Bạch Đằng?', 'Checkbox', '938', '1288', '1789', null, null, '1,2', 60, null, null],
      ['Ai viết Truyện Kiều?', 'Fill-in-the-Blank', 'Nguyễn Du', 'Tố Như', null, null, null, null, 30, null, null],
      ['Cảm nghĩ của em về quê hương?', 'Open-Ended', null, null, null, null, null, null, 120, null, null],
    ]);
    const r = await parseQuestionFile(bytes, 'quizizz.xlsx');
    expect(r.errors).toEqual([]);
    expect(validationIssues(r)).toEqual([]);
    expect(r.questions.map(withoutRow)).toEqual([
      {
        type: 'single',
        text: 'Thủ đô của Việt Nam?',
        generalFeedback: 'Từ năm 1010',
        options: [
          { text: 'Huế', fraction: 0 },
          { text: 'Hà Nội', fraction: 1 },
          { text: 'Đà Nẵng', fraction: 0 },
        ],
      },
      {
        type: 'multiple',
        text: 'Những năm nào có trận Bạch Đằng?',
        options: [
          { text: '938', fraction: 0.5 },
          { text: '1288', fraction: 0.5 },
          { text: '1789', fraction: 0 },
        ],
      },
      {
        type: 'short',
        text: 'Ai viết Truyện Kiều?',
        answers: [
          { text: 'Nguyễn Du', fraction: 1 },
          { text: 'Tố Như', fraction: 1 },
        ],
      },
      { type: 'essay', text: 'Cảm nghĩ của em về quê hương?' },
    ]);
  });

  it('reads columns it cannot name once the organizer maps them, and previews with the mapping', async () => {
    const text = ['Cột 1,Cột 2,Cột 3,Cột 4,Ghi chú', 'Hải Phòng là thành phố trực thuộc trung ương?,Đúng,Sai,A,x'].join(
      '\n',
    );
    const unmapped = await parseQuestionFile(Buffer.from(text), 'x.csv');
    expect(unmapped.errors[0]!.message).toContain('Không nhận ra các cột');
    const preview = (await previewTable(Buffer.from(text), 'x.csv')) as TablePreview;
    expect(preview).toMatchObject({ usable: false, headerRow: 1, fields: [null, null, null, null, null] });
    expect(preview.headers).toEqual(['Cột 1', 'Cột 2', 'Cột 3', 'Cột 4', 'Ghi chú']);

    const mapping = {
      'Cột 1': 'text',
      'cot 2': 'option1',
      'CỘT 3': 'option2',
      'Cột 4': 'answer',
      'Ghi chú': 'ignore',
    } as const;
    const mapped = (await previewTable(Buffer.from(text), 'x.csv', mapping)) as TablePreview;
    expect(mapped).toMatchObject({ usable: true, fields: ['text', 'option1', 'option2', 'answer', 'ignore'] });
    const r = await parseQuestionFile(Buffer.from(text), 'x.csv', undefined, { mapping });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.questions[0]).toMatchObject({
      type: 'single',
      options: [
        { text: 'Đúng', fraction: 1 },
        { text: 'Sai', fraction: 0 },
      ],
    });
  });

  it('reads the first of two columns of the same meaning and says the other is unused', async () => {
    const r = await parseQuestionFile(Buffer.from('Câu hỏi,A,B,Đáp án,Đáp án đúng\nThủ đô?,Huế,Hà Nội,B,A\n'), 'x.csv');
    expect(r.errors).toEqual([]);
    expect(r.questions[0]!.options!.map((o) => o.fraction)).toEqual([0, 1]);
    expect(r.warnings).toEqual([
      expect.objectContaining({
        row: 1,
        message: 'Cột "Đáp án đúng" có cùng nội dung với cột "Đáp án" và đã bị bỏ qua.',
      }),
    ]);
  });

  it('says a GIFT file has no columns to map', async () => {
    expect(await previewTable(Buffer.from('Câu?{T}'), 'a.gift')).toMatchObject({ format: 'gift', tabular: false });
  });

  it('warns, with a stable code and the line, about a GIFT single choice with two full-mark answers', async () => {
    const r = await parseQuestionFile(Buffer.from('\nChọn{=a =b ~c}\n'), 'a.gift');
    expect(r.warnings).toEqual([expect.objectContaining({ line: 2, code: 'SINGLE_SEVERAL_RIGHT', text: 'Chọn' })]);
    const multiple = await parseQuestionFile(Buffer.from('\nChọn{=a =b ~c}\n'), 'a.gift', undefined, {
      asMultiple: true,
    });
    expect(multiple.questions[0]).toMatchObject({ type: 'multiple', line: 2 });
    expect(multiple.questions[0]!.options!.map((o) => o.fraction)).toEqual([0.5, 0.5, 0]);
  });
});
