import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { NumericalAnswer } from '#contracts';
import { parseQuestionFile, validationIssues } from './index.js';
import { exportGift, parseGift } from './gift.js';

const gift = (text: string) => parseQuestionFile(Buffer.from(text, 'utf8'), 'bank.gift');
const one = async (text: string) => {
  const r = await gift(text);
  expect(r.errors).toEqual([]);
  expect(r.questions).toHaveLength(1);
  return r.questions[0]!;
};

describe('GIFT import', () => {
  it('reads the sample bank: 21 questions, 3 categories, ids, difficulty tags and general feedback', async () => {
    const bytes = readFileSync(path.join(process.cwd(), 'fixtures/sample-bank.gift'));
    const r = await parseQuestionFile(bytes, 'sample-bank.gift');
    expect(r.errors).toEqual([]);
    expect(r.questions).toHaveLength(21);
    expect(r.categories).toEqual(['Pháp luật', 'Lịch sử', 'Lý luận chính trị']);
    expect(validationIssues(r)).toEqual([]);
    const pl06 = r.questions.find((q) => q.externalId === 'PL-06')!;
    expect(pl06).toMatchObject({ type: 'single', title: 'PL-06', category: 'Pháp luật', difficulty: 2 });
    expect(pl06.text).toBe(
      'Theo khoản 1 Điều 8 Luật An ninh mạng: hành vi nào sau đây bị nghiêm cấm khi sử dụng không gian mạng?',
    );
    expect(pl06.options!.filter((o) => o.fraction === 1).map((o) => o.text)).toEqual([
      'Xuyên tạc lịch sử, phủ nhận thành tựu cách mạng',
    ]);
    expect(pl06.generalFeedback).toMatch(/^Điểm c khoản 1 Điều 8: xuyên tạc/);
    const ls03 = r.questions.find((q) => q.externalId === 'LS-03')!;
    expect(ls03.text).toContain('kéo dài ~ bao lâu?');
    expect(ls03.line).toBe(89);
    expect(r.questions.map((q) => q.difficulty).filter((d) => d === 3)).toHaveLength(3);
    expect(r.questions[0]!.line).toBe(6);
  });

  it('reads every question type', async () => {
    const r = await gift(`
// [id:Q1] [tag:difficulty-3] [tag:an ninh mạng] [tag:luật]
::Một đáp án::[html]<p>Thủ đô của Việt Nam?</p>{=Hà Nội#Đúng ~Huế#Sai ~%50%Hà Tây####Giải thích chung}

Chọn các số nguyên tố{~%50%2 ~%50%3 ~%-100%4}

Trái Đất quay quanh Mặt Trời.{T#Sai rồi#Chính xác}

Mặt Trời quay quanh Trái Đất.{FALSE}

Ai viết Truyện Kiều?{=Nguyễn Du =%50%Tố Như#Bút hiệu}

Căn bậc hai của 2?{#1.414:0.001}

Năm thành lập Đảng?{#=1930:0 =%50%1929..1931#Gần đúng}

Ghép tỉnh với thành phố{=Hải Phòng -> Thủy Nguyên =Quảng Ninh -> Hạ Long =Nghệ An -> Vinh}

Trình bày suy nghĩ của em.{}

Phần sau đây nói về lịch sử.

Bác Hồ đọc Tuyên ngôn Độc lập năm {=1945 =%0%1946} tại Quảng trường Ba Đình.
`);
    expect(r.errors).toEqual([]);
    expect(validationIssues(r)).toEqual([]);
    const [single, multiple, tf, tf2, short, num, num2, match, essay, desc, missing] = r.questions;
    expect(single).toMatchObject({
      type: 'single',
      title: 'Một đáp án',
      format: 'html',
      text: '<p>Thủ đô của Việt Nam?</p>',
      externalId: 'Q1',
      difficulty: 3,
      tags: ['an ninh mạng', 'luật'],
      generalFeedback: 'Giải thích chung',
      options: [
        { text: 'Hà Nội', fraction: 1, feedback: 'Đúng' },
        { text: 'Huế', fraction: 0, feedback: 'Sai' },
        { text: 'Hà Tây', fraction: 0.5 },
      ],
      line: 3,
    });
    expect(multiple).toMatchObject({
      type: 'multiple',
      options: [
        { text: '2', fraction: 0.5 },
        { text: '3', fraction: 0.5 },
        { text: '4', fraction: -1 },
      ],
    });
    expect(multiple!.externalId).toBeUndefined();
    expect(tf).toMatchObject({ type: 'truefalse', correct: true, trueFeedback: 'Chính xác', falseFeedback: 'Sai rồi' });
    expect(tf2).toMatchObject({ type: 'truefalse', correct: false });
    expect(short).toMatchObject({
      type: 'short',
      answers: [
        { text: 'Nguyễn Du', fraction: 1 },
        { text: 'Tố Như', fraction: 0.5, feedback: 'Bút hiệu' },
      ],
    });
    expect(num).toMatchObject({ type: 'numerical', answers: [{ value: 1.414, tolerance: 0.001, fraction: 1 }] });
    expect(num2!.answers).toEqual([
      { value: 1930, tolerance: 0, fraction: 1 },
      { value: 1930, tolerance: 1, fraction: 0.5, feedback: 'Gần đúng' },
    ]);
    expect(match).toMatchObject({
      type: 'matching',
      pairs: [
        { prompt: 'Hải Phòng', answer: 'Thủy Nguyên' },
        { prompt: 'Quảng Ninh', answer: 'Hạ Long' },
        { prompt: 'Nghệ An', answer: 'Vinh' },
      ],
    });
    expect(essay).toMatchObject({ type: 'essay', text: 'Trình bày suy nghĩ của em.' });
    expect(desc).toMatchObject({ type: 'description', text: 'Phần sau đây nói về lịch sử.' });
    expect(missing).toMatchObject({
      type: 'short',
      text: 'Bác Hồ đọc Tuyên ngôn Độc lập năm _____ tại Quảng trường Ba Đình.',
    });
  });

  it('reads the [markdown], [plain] and [moodle] markers and {TRUE} / {F} with feedback', async () => {
    const r = await gift(
      '[markdown]**Đậm**{TRUE}\n\n[plain]Chữ{F#Sai: đáp án là Sai#Đúng}\n\n[moodle]Câu{T####Chung}\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.questions.map((q) => [q.format, q.type, q.correct])).toEqual([
      ['markdown', 'truefalse', true],
      ['plain', 'truefalse', false],
      ['moodle', 'truefalse', true],
    ]);
    expect(r.questions[1]).toMatchObject({ trueFeedback: 'Sai: đáp án là Sai', falseFeedback: 'Đúng' });
    expect(r.questions[2]!.generalFeedback).toBe('Chung');
  });

  it('unescapes \\: \\# \\= \\{ \\} \\~ \\\\ and \\n', async () => {
    const q = await one(String.raw`::a\:b::Tính 2\=1+1 \{x\} \~ \# dòng\nmới \\ hết{=đúng\: rồi ~sai\#1}`);
    expect(q.title).toBe('a:b');
    expect(q.text).toBe('Tính 2=1+1 {x} ~ # dòng\nmới \\ hết');
    expect(q.options).toEqual([
      { text: 'đúng: rồi', fraction: 1 },
      { text: 'sai#1', fraction: 0 },
    ]);
  });

  it('strips Moodle context prefixes from categories and cleans the path', async () => {
    const r = await gift('$CATEGORY: $course$/top/Pháp luật / Luật An ninh mạng/\n\nCâu hỏi?{T}\n');
    expect(r.categories).toEqual(['Pháp luật/Luật An ninh mạng']);
    expect(r.questions[0]!.category).toBe('Pháp luật/Luật An ninh mạng');
  });

  it('keeps a question written right after the $CATEGORY line', async () => {
    const r = await gift('$CATEGORY: a\nCâu hỏi?{T}\n');
    expect(r.errors).toEqual([]);
    expect(r.questions[0]).toMatchObject({ category: 'a', line: 2, type: 'truefalse' });
  });

  it('tolerates a blank line inside an answer block that carries on', async () => {
    const q = await one('Câu hỏi?{\n=a\n\n~b\n}\n');
    expect(q.options).toHaveLength(2);
  });

  it('keeps <script> and <img onerror> verbatim (rendering sanitizes)', async () => {
    const q = await one('[html]<script>alert(1)</script><img src=x onerror=alert(1)>{T}');
    expect(q.text).toBe('<script>alert(1)</script><img src=x onerror=alert(1)>');
  });

  it('normalizes text to NFC', async () => {
    const decomposed = 'Tiếng Việt'.normalize('NFD');
    const q = await one(`${decomposed}?{=${decomposed} ~b}`);
    expect(q.text).toBe('Tiếng Việt?');
    expect(q.options![0]!.text).toBe('Tiếng Việt');
  });
});

describe('GIFT numerical answers', () => {
  it('reads ranges as value ± half width', async () => {
    const q = await one('Số?{#1..5}');
    expect(q.answers).toEqual([{ value: 3, tolerance: 2, fraction: 1 }]);
  });

  it('refuses an answer that is not a number instead of accepting any answer', async () => {
    const r = await gift('\n\nSố?{#abc}\n');
    expect(r.questions).toEqual([]);
    expect(r.errors).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringContaining('"abc" không phải là số') }),
    ]);
  });

  it('reads the Vietnamese decimal comma 1,5 as 1.5 with a warning', async () => {
    const r = await gift('Số?{#1,5:0,1}');
    expect(r.errors).toEqual([]);
    expect(r.questions[0]!.answers).toEqual([{ value: 1.5, tolerance: 0.1, fraction: 1 }]);
    expect(r.warnings).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining('"1,5" là 1.5') }),
    ]);
  });

  it('refuses the ambiguous 1,500 asking for 1.5 or 1500', async () => {
    const r = await gift('Số?{#1,500}');
    expect(r.errors[0]!.message).toContain('hãy viết 1.5 hoặc 1500');
    expect(r.questions).toEqual([]);
  });

  it('refuses 1.000,5 and 1,2,3', async () => {
    for (const bad of ['1.000,5', '1,2,3']) {
      const r = await gift(`Số?{#${bad}}`);
      expect(r.errors).toHaveLength(1);
    }
  });

  it('reads 0,125 as 0.125: a zero whole part cannot be a thousands group', async () => {
    const q = await one('Số?{#0,125}');
    expect((q.answers as NumericalAnswer[])[0]!.value).toBe(0.125);
  });

  it('refuses a numerical block without answers', async () => {
    const r = await gift('Số?{#}');
    expect(r.errors[0]!.message).toContain('chưa có đáp án');
  });
});

describe('GIFT bad input', () => {
  it('reports an unclosed brace at the line where the question started and reads the rest', async () => {
    const r = await gift('Câu 1?{T}\n\n// c\n::Q2::Câu 2?{\n=a\n~b\n\nCâu 3?{F}\n');
    expect(r.errors).toEqual([expect.objectContaining({ line: 4, message: expect.stringContaining('thiếu dấu }') })]);
    expect(r.questions.map((q) => q.line)).toEqual([1, 8]);
  });

  it('reports a truncated file at the line where the last question started', async () => {
    const r = await gift('Câu 1?{T}\n\nCâu 2?{\n=a\n~b');
    expect(r.errors).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('cắt cụt') })]);
  });

  it('reports a closing brace without an opening one', async () => {
    const r = await gift('Câu 1?}\n');
    expect(r.errors[0]).toMatchObject({ line: 1, message: expect.stringContaining('thiếu dấu { mở') });
  });

  it('reports two answer blocks in one question', async () => {
    const r = await gift('Câu {=a ~b} và {=c ~d}\n');
    expect(r.errors[0]!.message).toContain('nhiều hơn một phần đáp án');
  });

  it('reads a matching question with distractors (a pair whose left side is empty), as Moodle writes it', async () => {
    // What Moodle 4's GIFT export (question/format/gift/format.php) writes for a matching question with two extra
    // wrong answers: its id and name in a comment, the category with its context, "=" + empty left side + " -> ".
    const moodleExport = [
      '// question: 0  name: Switch category to $course$/top/Default for Lịch sử',
      '$CATEGORY: $course$/top/Default for Lịch sử',
      '',
      '',
      '// question: 41  name: Ghép tỉnh',
      '::Ghép tỉnh::[html]<p>Ghép tỉnh với thành phố</p>{',
      '\t=<p>Hải Phòng</p> -> Thủy Nguyên',
      '\t=<p>Quảng Ninh</p> -> Hạ Long',
      '\t= -> Vinh',
      '\t= -> Đà Lạt',
      '}',
      '',
      '',
    ].join('\n');
    const r = await gift(moodleExport);
    expect(r.errors).toEqual([]);
    expect(validationIssues(r)).toEqual([]);
    const { line: _line, ...q } = r.questions[0]!;
    expect(q).toEqual({
      type: 'matching',
      title: 'Ghép tỉnh',
      format: 'html',
      category: 'Default for Lịch sử',
      text: '<p>Ghép tỉnh với thành phố</p>',
      pairs: [
        { prompt: '<p>Hải Phòng</p>', answer: 'Thủy Nguyên' },
        { prompt: '<p>Quảng Ninh</p>', answer: 'Hạ Long' },
      ],
      distractors: ['Vinh', 'Đà Lạt'],
    });
    // Exported the way Moodle writes it, and read back equal.
    const written = exportGift([q]);
    expect(written).toContain('\t= -> Vinh\n\t= -> Đà Lạt\n');
    const back = await gift(written);
    const { line: _l2, ...again } = back.questions[0]!;
    expect(again).toEqual(q);
  });

  it('reports a matching pair without -> and a malformed weight', async () => {
    const r = await gift('Ghép{=a -> b =c -> d =e}\n\nChọn{~%abc%x =y}\n');
    expect(r.errors.map((e) => e.line)).toEqual([1, 3]);
    expect(r.errors[0]!.message).toContain('thiếu dấu ->');
    expect(r.errors[1]!.message).toContain('Trọng số');
  });

  it('reads weights Moodle gets wrong: %100% and %-100%', async () => {
    const q = await one('Chọn{~%100%a ~%-100%b ~c}');
    expect(q.options!.map((o) => o.fraction)).toEqual([1, -1, 0]);
  });

  it('reads a 100 KB question without crashing; validation then rejects it clearly', async () => {
    const r = await gift(`${'x'.repeat(100 * 1024)}{T}`);
    expect(r.errors).toEqual([]);
    expect(validationIssues(r)[0]!.message).toContain('vượt quá giới hạn 100.000 ký tự');
  });
});

describe('GIFT export', () => {
  it('escapes the special characters and reads back the same question', () => {
    const q = {
      type: 'single' as const,
      title: 'a::b',
      text: 'x = {1} ~ # \\ : // y\nz',
      options: [
        { text: '%50% là gì', fraction: 0 },
        { text: '[html]b', fraction: 1, feedback: 'f#g' },
      ],
    };
    const text = exportGift([q]);
    expect(text).toContain('::a\\:\\:b::x \\= \\{1\\} \\~ \\# \\\\ \\: // y\\nz{');
    const back = parseGift(text);
    expect(back.errors).toEqual([]);
    const { line: _line, ...rest } = back.questions[0]!;
    expect(rest).toEqual(q);
  });

  it('keeps a question whose text starts with // from becoming a comment', () => {
    const back = parseGift(exportGift([{ type: 'essay', text: '// không phải chú thích' }]));
    expect(back.questions[0]).toMatchObject({ type: 'essay', text: '// không phải chú thích' });
  });
});
