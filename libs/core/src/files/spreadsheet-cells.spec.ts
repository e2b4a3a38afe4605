import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { neutralize, neutralizeRow, unneutralize } from './spreadsheet-cells.js';

describe('spreadsheet cells', () => {
  it.each(['=HYPERLINK("http://x","bấm")', '+1+1', '-2+3', '@SUM(A1)', '|cmd', '%0A', '\t=1', '\r=1'])(
    'writes %j as text, never as something a spreadsheet would run',
    (text) => {
      expect(neutralize(text)).toBe(`'${text}`);
    },
  );

  it('leaves ordinary text alone', () => {
    for (const text of ['Nguyễn Văn An', 'Đoàn phường An Biên', '1 + 1', '', 'a=b'])
      expect(neutralize(text)).toBe(text);
  });

  it('any text read back is the text written, and no written cell starts like a formula', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const written = neutralize(text);
        expect(unneutralize(written)).toBe(text);
        expect(/^[=+\-@|%\t\r]/.test(written)).toBe(false);
      }),
    );
  });

  it('neutralizes the text cells of a row and nothing else', () => {
    const when = new Date(0);
    expect(neutralizeRow(['=1', 2, null, when, 'An'])).toEqual(["'=1", 2, null, when, 'An']);
  });
});
