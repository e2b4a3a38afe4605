import { describe, expect, it } from '@jest/globals';
import { parseQuestionFile } from './index.js';

const aiken = (text: string) => parseQuestionFile(Buffer.from(text, 'utf8'), 'bank.txt', 'aiken');

describe('Aiken import', () => {
  it('reads questions with A. and A) options, multi-line text and ANSWER lines', async () => {
    const r = await aiken(
      [
        'Luật An ninh mạng năm 2018',
        'có hiệu lực từ ngày nào?',
        'A. 01/01/2019',
        'B. 12/6/2018',
        'C. 01/7/2018',
        'ANSWER: A',
        '',
        'Ai lãnh đạo chiến thắng Bạch Đằng năm 938?',
        'A) Lê Hoàn',
        'B) Ngô Quyền',
        'ANSWER: B',
      ].join('\n'),
    );
    expect(r.errors).toEqual([]);
    expect(r.questions).toEqual([
      {
        type: 'single',
        text: 'Luật An ninh mạng năm 2018\ncó hiệu lực từ ngày nào?',
        options: [
          { text: '01/01/2019', fraction: 1 },
          { text: '12/6/2018', fraction: 0 },
          { text: '01/7/2018', fraction: 0 },
        ],
        line: 1,
      },
      {
        type: 'single',
        text: 'Ai lãnh đạo chiến thắng Bạch Đằng năm 938?',
        options: [
          { text: 'Lê Hoàn', fraction: 0 },
          { text: 'Ngô Quyền', fraction: 1 },
        ],
        line: 8,
      },
    ]);
  });

  it('reports a question with no ANSWER line at the line where it started', async () => {
    const r = await aiken('Câu 1?\nA. x\nB. y\n\nCâu 2?\nA. x\nB. y\nANSWER: A\n');
    expect(r.errors).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining('không có dòng "ANSWER') }),
    ]);
    expect(r.questions.map((q) => q.line)).toEqual([5]);
  });

  it('reports a missing ANSWER at the end of the file', async () => {
    const r = await aiken('Câu 1?\nA. x\nB. y\n');
    expect(r.errors).toEqual([expect.objectContaining({ line: 1 })]);
  });

  it('reports an answer letter with no option on the ANSWER line', async () => {
    const r = await aiken('Câu 1?\nA. x\nB. y\nANSWER: E\n');
    expect(r.errors).toEqual([
      expect.objectContaining({
        line: 4,
        message: expect.stringContaining('"E" không ứng với phương án nào (chỉ có A, B)'),
      }),
    ]);
    expect(r.questions).toEqual([]);
  });

  it('reports an answer that is not a letter, and options out of order', async () => {
    const r = await aiken('Câu 1?\nA. x\nB. y\nANSWER: AB\n\nCâu 2?\nA. x\nC. y\nANSWER: A\n');
    expect(r.errors.map((e) => e.line)).toEqual([4, 8]);
  });

  it('is strict about letters: lowercase "a." is question text, not an option', async () => {
    const r = await aiken('Câu 1?\na. x\nB. y\nANSWER: A\n');
    expect(r.errors[0]).toMatchObject({ line: 3 });
  });
});
