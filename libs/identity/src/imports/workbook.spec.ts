import { describe, expect, it } from '@jest/globals';
import { readSpreadsheet } from './spreadsheet.js';
import { buildWorkbook } from './workbook.js';

describe('identity workbooks', () => {
  it('writes formula-like text neutralized and reads it back as typed (an export imported again is unchanged)', async () => {
    const texts = ['=1+1', '+84912345678', "'quoted", '@x', 'Đoàn phường An Biên', '-'];
    const file = await buildWorkbook([
      { name: 'Đơn vị', columns: [{ header: 'Tên' }, { header: 'Số' }], rows: texts.map((text, i) => [text, i]) },
    ]);
    const sheet = await readSpreadsheet(file, { maxRows: 100 });
    expect(sheet.rows.map((r) => r.cells)).toEqual(texts.map((text, i) => [text, i]));
  });
});
