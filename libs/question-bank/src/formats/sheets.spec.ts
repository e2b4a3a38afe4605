import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { zipOf } from '../../../../test/support/zip-builder.js';
import { exportQuestions, parseQuestionFile, validationIssues, xlsxTemplate } from './index.js';

const HEADER = 'Loại,Danh mục,Mức độ,Câu hỏi,Phương án A,Phương án B,Phương án C,Đáp án,Giải thích,Thẻ';
const csv = (text: string) => parseQuestionFile(Buffer.from(text, 'utf8'), 'bank.csv');

describe('CSV import', () => {
  it('reads every type from a comma-separated file with Vietnamese headers', async () => {
    const r = await csv(
      [
        HEADER,
        'Một đáp án,Pháp luật/Luật An ninh mạng,1,Luật có hiệu lực từ ngày nào?,01/01/2019,12/6/2018,01/7/2018,A,Theo Điều 43,"an ninh mạng, luật"',
        'Nhiều đáp án,Lịch sử,2,Những năm nào?,938,1288,1789,"A, B",,',
        'Nhiều đáp án,Lịch sử,3,Chọn,a,b,c,"A(50%), B(50%), C(-100%)",,',
        'Đúng/Sai,,Dễ,Đảng thành lập năm 1930.,,,,Đúng,,',
        'Trả lời ngắn,,,Ai viết Truyện Kiều?,,,,Nguyễn Du | Tố Như (50%),,',
        'Số,,,Căn bậc hai của 2?,,,,1.414 ± 0.001 | 1.4:0.05 (50%),,',
        'Ghép đôi,,,Ghép,Hải Phòng -> Thủy Nguyên,Quảng Ninh -> Hạ Long,,,,',
        'Tự luận,,,"Trình bày, ngắn gọn.",,,,,,',
        'Mô tả,,,Đoạn văn,,,,,,',
      ].join('\r\n'),
    );
    expect(r.errors).toEqual([]);
    expect(validationIssues(r)).toEqual([]);
    expect(r.categories).toEqual(['Pháp luật/Luật An ninh mạng', 'Lịch sử']);
    const [single, multiple, weighted, tf, short, num, match, essay, desc] = r.questions;
    expect(single).toEqual({
      type: 'single',
      text: 'Luật có hiệu lực từ ngày nào?',
      category: 'Pháp luật/Luật An ninh mạng',
      difficulty: 1,
      tags: ['an ninh mạng', 'luật'],
      generalFeedback: 'Theo Điều 43',
      options: [
        { text: '01/01/2019', fraction: 1 },
        { text: '12/6/2018', fraction: 0 },
        { text: '01/7/2018', fraction: 0 },
      ],
      row: 2,
    });
    expect(multiple!.options!.map((o) => o.fraction)).toEqual([0.5, 0.5, 0]);
    expect(weighted!.options!.map((o) => o.fraction)).toEqual([0.5, 0.5, -1]);
    expect(tf).toMatchObject({ type: 'truefalse', correct: true, difficulty: 1 });
    expect(short!.answers).toEqual([
      { text: 'Nguyễn Du', fraction: 1 },
      { text: 'Tố Như', fraction: 0.5 },
    ]);
    expect(num!.answers).toEqual([
      { value: 1.414, tolerance: 0.001, fraction: 1 },
      { value: 1.4, tolerance: 0.05, fraction: 0.5 },
    ]);
    expect(match!.pairs).toEqual([
      { prompt: 'Hải Phòng', answer: 'Thủy Nguyên' },
      { prompt: 'Quảng Ninh', answer: 'Hạ Long' },
    ]);
    expect(essay!.text).toBe('Trình bày, ngắn gọn.');
    expect(desc!.type).toBe('description');
  });

  it('sniffs the ";" delimiter Excel writes in a vi-VN locale and reads the decimal comma with a warning', async () => {
    const r = await csv('Loại;Câu hỏi;Đáp án\nSố;Một nửa của 3?;1,5\n');
    expect(r.errors).toEqual([]);
    expect(r.questions[0]!.answers).toEqual([{ value: 1.5, tolerance: 0, fraction: 1 }]);
    expect(r.warnings).toEqual([expect.objectContaining({ row: 2, message: expect.stringContaining('"1,5" là 1.5') })]);
  });

  it('accepts English header aliases in any order', async () => {
    const r = await csv('question,type,A,B,answer\nThủ đô?,single,Hà Nội,Huế,A\n');
    expect(r.errors).toEqual([]);
    expect(r.questions[0]).toMatchObject({
      type: 'single',
      options: [
        { text: 'Hà Nội', fraction: 1 },
        { text: 'Huế', fraction: 0 },
      ],
    });
  });

  it('reports rows with the wrong number of columns by row', async () => {
    const r = await csv(`${HEADER}\nMột đáp án,,,Câu?,a,b,c,A,,\nMột đáp án,,,Câu, thừa dấu phẩy?,a,b,c,A,,\n`);
    expect(r.errors).toEqual([
      expect.objectContaining({ row: 3, message: expect.stringContaining('có 11 cột nhưng dòng tiêu đề có 10 cột') }),
    ]);
  });

  it('reports an answer that matches no option, an unknown type and a bad true/false key, by row', async () => {
    const r = await csv(
      `${HEADER}\nMột đáp án,,,Câu?,a,b,,D,,\nĐiền khuyết,,,Câu?,,,,x,,\nĐúng/Sai,,,Câu?,,,,Có lẽ,,\nSố,,,Câu?,,,,1,500,,\n`.replace(
        'Số,,,Câu?,,,,1,500,,',
        'Số,,,Câu?,,,,"1,500",,',
      ),
    );
    expect(r.errors.map((e) => e.row)).toEqual([2, 3, 4, 5]);
    expect(r.errors[0]!.message).toContain('"D" không ứng với phương án nào (chỉ có A, B)');
    expect(r.errors[1]!.message).toContain('Loại câu hỏi "Điền khuyết" không hợp lệ');
    expect(r.errors[2]!.message).toContain('"Đúng" hoặc "Sai"');
    expect(r.errors[3]!.message).toContain('hãy viết 1.5 hoặc 1500');
  });

  it('reports a gap between options and a missing answer key', async () => {
    const r = await csv(`${HEADER}\nMột đáp án,,,Câu?,a,,c,A,,\nMột đáp án,,,Câu?,a,b,,,,\n`);
    expect(r.errors).toEqual([
      expect.objectContaining({ row: 2, message: expect.stringContaining('Dòng 2: Phương án B đang trống') }),
      expect.objectContaining({ row: 3, message: expect.stringContaining('Dòng 3: Chưa có đáp án') }),
    ]);
  });

  it('numbers rows as a spreadsheet does when a cell spans several lines', async () => {
    const r = await csv(`${HEADER}\nTự luận,,,"Dòng một\nDòng hai",,,,,,\nMột đáp án,,,Câu?,a,b,,E,,\n`);
    expect(r.questions[0]!.text).toBe('Dòng một\nDòng hai');
    expect(r.errors[0]!.row).toBe(3);
  });

  it('stores formula-looking cells as text and warns about them', async () => {
    const r = await csv(
      `${HEADER}\nTự luận,,,"=HYPERLINK(""http://x"",""Bấm"")",,,,,,\nTự luận,,,+cmd|' /C calc'!A0,,,,,,\n`,
    );
    expect(r.questions.map((q) => q.text)).toEqual(['=HYPERLINK("http://x","Bấm")', "+cmd|' /C calc'!A0"]);
    expect(r.warnings.map((w) => w.row)).toEqual([2, 3]);
  });

  it('reports missing required headers and an unclosed quote', async () => {
    expect((await csv('Câu hỏi,Ghi chú\nx,A\n')).errors[0]!.message).toContain('Không nhận ra các cột');
    expect((await csv(`${HEADER}\nTự luận,,,"chưa đóng\n`)).errors[0]!.message).toContain('CSV không hợp lệ');
  });

  it('reads UTF-16 LE tab-separated text, as Excel saves "Unicode text"', async () => {
    const body = 'Loại\tCâu hỏi\tĐáp án\r\nĐúng/Sai\tHải Phòng là thành phố cảng.\tĐúng\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]);
    const r = await parseQuestionFile(bytes, 'bank.csv');
    expect(r.errors).toEqual([]);
    expect(r.questions[0]).toMatchObject({ text: 'Hải Phòng là thành phố cảng.', correct: true });
  });
});

async function sheetBytes(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Câu hỏi');
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('XLSX import and export', () => {
  it('reads the template: one valid example per question type', async () => {
    const r = await parseQuestionFile(await xlsxTemplate(), 'mau.xlsx');
    expect(r.errors).toEqual([]);
    expect(validationIssues(r)).toEqual([]);
    expect(r.questions.map((q) => q.type)).toEqual([
      'single',
      'multiple',
      'truefalse',
      'short',
      'numerical',
      'matching',
      'essay',
      'description',
    ]);
    expect(r.questions[0]!.row).toBe(2);
  });

  it('takes a formula cell as its shown value, never running it, with a warning naming the cell', async () => {
    const bytes = await sheetBytes([
      ['Loại', 'Câu hỏi', 'Phương án A', 'Phương án B', 'Đáp án'],
      [
        'Một đáp án',
        { formula: 'HYPERLINK("http://evil.example","Bấm vào đây")', result: 'Bấm vào đây' },
        'a',
        'b',
        'A',
      ],
      ['Tự luận', { formula: '1+1' }, null, null, null],
    ]);
    const r = await parseQuestionFile(bytes, 'x.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.questions.map((q) => q.text)).toEqual(['Bấm vào đây', '=1+1']);
    expect(r.warnings).toEqual([
      expect.objectContaining({ row: 2, message: expect.stringContaining('Ô B2 chứa công thức') }),
      expect.objectContaining({ row: 3, message: expect.stringContaining('Ô B3') }),
    ]);
  });

  it('neutralizes formulas on export and reads the text back unchanged', async () => {
    const dangerous = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", '-2+3', '@SUM(A1)', "'quoted"];
    const bytes = await exportQuestions(
      dangerous.map((text) => ({ type: 'essay' as const, text })),
      'xlsx',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const cells = dangerous.map(
      (_t, i) =>
        wb
          .getWorksheet('Câu hỏi')!
          .getRow(i + 2)
          .getCell(6).value,
    );
    expect(cells).toEqual(dangerous.map((t) => `'${t}`));
    const back = await parseQuestionFile(bytes, 'x.xlsx');
    expect(back.questions.map((q) => q.text)).toEqual(dangerous);
  });

  it('refuses a file that is not a spreadsheet', async () => {
    const r = await parseQuestionFile(Buffer.from('Đây không phải bảng tính'), 'bank.xlsx');
    expect(r.errors[0]!.message).toContain('không phải bảng tính Excel .xlsx');
    const corrupt = await parseQuestionFile(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]), 'bank.xlsx');
    expect(corrupt.errors[0]!.message).toContain('bị hỏng');
  });
});

/** A one-entry zip whose directory declares `declaredSize` bytes for `content`. */
const zipOfSheet = (data: Buffer, declaredSize?: number) =>
  zipOf([{ name: 'xl/worksheets/sheet1.xml', data, declaredSize }]);

describe('XLSX zip-bomb guard', () => {
  const big = Buffer.alloc(60 * 1024 * 1024, 0x41);

  it('refuses a spreadsheet whose directory declares more than 50 MB, before inflating it', async () => {
    const bomb = zipOfSheet(big);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const r = await parseQuestionFile(bomb, 'bomb.xlsx');
    expect(r.errors).toEqual([
      expect.objectContaining({ code: 'IMPORT_TOO_LARGE', message: expect.stringContaining('zip bomb') }),
    ]);
  });

  it('refuses an entry that inflates past the size its directory declares', async () => {
    const r = await parseQuestionFile(zipOfSheet(big, 1000), 'bomb.xlsx');
    expect(r.errors).toEqual([
      expect.objectContaining({ code: 'IMPORT_TOO_LARGE', message: expect.stringContaining('zip bomb') }),
    ]);
  });

  it('lets a sound zip through to the spreadsheet reader', async () => {
    const r = await parseQuestionFile(zipOfSheet(Buffer.from('<worksheet/>')), 'bank.xlsx');
    expect(r.errors.map((e) => e.message).join()).not.toContain('zip bomb');
    expect(r.errors.map((e) => e.message).join()).not.toContain('tệp nén bị hỏng');
  });
});
