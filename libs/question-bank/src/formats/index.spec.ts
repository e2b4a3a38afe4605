import { describe, expect, it } from '@jest/globals';
import { ERROR_MESSAGES } from '#contracts';
import { detectFormat, IMPORT_LIMITS, parseQuestionFile } from './index.js';

const QUESTION = 'Hải Phòng là thành phố cảng?{T}\n';

describe('reading text files', () => {
  it('reads UTF-8 with a byte order mark', async () => {
    const r = await parseQuestionFile(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(QUESTION)]),
      'a.gift',
    );
    expect(r.errors).toEqual([]);
    expect(r.questions[0]!.text).toBe('Hải Phòng là thành phố cảng?');
  });

  it('reads UTF-16 LE and BE with a byte order mark, and LE without one', async () => {
    const le = Buffer.from(QUESTION, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const bytes of [
      Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), be]),
      le,
    ]) {
      const r = await parseQuestionFile(bytes, 'a.gift');
      expect(r.errors).toEqual([]);
      expect(r.questions[0]!.text).toBe('Hải Phòng là thành phố cảng?');
    }
  });

  it('refuses TCVN3 or Windows-1258 bytes (invalid UTF-8) asking to save as UTF-8, with the line', async () => {
    // "Hµ Néi" is "Hà Nội" in TCVN3: single high bytes that UTF-8 cannot start a character with.
    const bytes = Buffer.concat([
      Buffer.from('Câu 1?{T}\n\n'),
      Buffer.from([0x48, 0xb5, 0x20, 0x4e, 0xe9, 0x69]),
      Buffer.from('{T}\n'),
    ]);
    const r = await parseQuestionFile(bytes, 'a.gift');
    expect(r.questions).toEqual([]);
    expect(r.errors).toEqual([
      expect.objectContaining({
        code: 'IMPORT_ENCODING',
        line: 3,
        message: expect.stringContaining(ERROR_MESSAGES.IMPORT_ENCODING.vi),
      }),
    ]);
  });

  it('refuses VNI text that was re-saved as UTF-8 (its telltale letters, no Vietnamese ones)', async () => {
    const r = await parseQuestionFile(Buffer.from('Vieät Nam laø moät quoác gia ôû Ñoâng Nam AÙ?{T}\n'), 'a.gift');
    expect(r.errors).toEqual([
      expect.objectContaining({ code: 'IMPORT_ENCODING', line: 1, message: expect.stringContaining('VNI/TCVN3') }),
    ]);
  });

  it('accepts genuine Vietnamese text that quotes a few foreign letters', async () => {
    const r = await parseQuestionFile(
      Buffer.from('Nhà văn Đức Günther Grass viết "Die Blechtrommel" năm nào? Über, ä, ö, ß.{#1959}\n'),
      'a.gift',
    );
    expect(r.errors).toEqual([]);
  });

  it('refuses binary content', async () => {
    const r = await parseQuestionFile(Buffer.from([0x41, 0x00, 0x00, 0x00, 0x42, 0x7b, 0x7d]), 'a.gift');
    expect(r.errors[0]!.code).toBe('IMPORT_ENCODING');
  });
});

describe('limits', () => {
  it('refuses a file over the size limit without reading it', async () => {
    const r = await parseQuestionFile(Buffer.alloc(IMPORT_LIMITS.maxFileBytes + 1, 0x61), 'a.gift');
    expect(r.errors).toEqual([
      expect.objectContaining({ code: 'IMPORT_TOO_LARGE', message: expect.stringContaining('tối đa 20 MB') }),
    ]);
  });

  it('refuses more questions than one import may hold', async () => {
    const text = Array.from({ length: IMPORT_LIMITS.maxQuestions + 1 }, (_v, i) => `Câu ${i}{}`).join('\n\n');
    const r = await parseQuestionFile(Buffer.from(text), 'a.gift');
    expect(r.questions).toEqual([]);
    expect(r.errors).toEqual([
      expect.objectContaining({ code: 'IMPORT_TOO_LARGE', message: expect.stringContaining('20.001 câu hỏi') }),
    ]);
  });

  it('refuses an unknown format', async () => {
    const r = await parseQuestionFile(Buffer.from('xin chào'), 'a.docx');
    expect(r.errors[0]!.code).toBe('IMPORT_UNSUPPORTED_FORMAT');
  });
});

describe('detectFormat', () => {
  const b = (s: string) => Buffer.from(s);
  it('goes by the extension when it names a format', () => {
    expect(detectFormat('a.gift', b(''))).toBe('gift');
    expect(detectFormat('A.XML', b(''))).toBe('moodlexml');
    expect(detectFormat('a.csv', b(''))).toBe('csv');
    expect(detectFormat('a.xlsx', b(''))).toBe('xlsx');
    expect(detectFormat('a.doc', b(''))).toBeNull();
  });

  it('looks at the content of a .txt file or a file without extension', () => {
    expect(detectFormat('a.txt', b('Câu?\nA. x\nB. y\nANSWER: A\n'))).toBe('aiken');
    expect(detectFormat('a.txt', b('// c\nCâu?{T}'))).toBe('gift');
    expect(detectFormat('a.txt', b('<?xml version="1.0"?>\n<quiz></quiz>'))).toBe('moodlexml');
    expect(detectFormat('upload', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('xlsx');
    expect(detectFormat('a.txt', b('chỉ là chữ'))).toBeNull();
  });
});
