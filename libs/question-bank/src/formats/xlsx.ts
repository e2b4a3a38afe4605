import ExcelJS from 'exceljs';
import type { QuestionInput } from '#contracts';
import { inspectZip, isZipRefusal } from '#core';
import { neutralize, unneutralize } from './cells.js';
import { optionCountFor, parseSheet, questionCells, sheetHeaders, type SheetRow } from './table.js';
import { emptyResult, IMPORT_LIMITS, type ParseResult } from './types.js';
import type { ColumnField } from './columns.js';

const SHEET_NAME = 'Câu hỏi';
const GUIDE_NAME = 'Hướng dẫn';

const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;

const dateText = (d: Date) =>
  `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;

/**
 * The text of a cell. A formula is never evaluated: its cached result is taken (or, without one, its source as text)
 * and the caller is told so it can warn.
 */
function cellText(value: ExcelJS.CellValue): { text: string; formula?: string } {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: String(value) };
  if (typeof value === 'boolean') return { text: value ? 'true' : 'false' };
  if (value instanceof Date) return { text: dateText(value) };
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join('') };
  if ('hyperlink' in value) return { text: typeof value.text === 'string' ? value.text : cellText(value.text).text };
  if ('formula' in value || 'sharedFormula' in value) {
    const f = value as ExcelJS.CellFormulaValue;
    const source = `=${f.formula ?? (value as ExcelJS.CellSharedFormulaValue).sharedFormula}`;
    const result = f.result;
    if (result === undefined || result === null || (typeof result === 'object' && 'error' in result)) {
      return { text: source, formula: source };
    }
    return { text: cellText(result as ExcelJS.CellValue).text, formula: source };
  }
  if ('error' in value) return { text: '' };
  return { text: String(value) };
}

interface XlsxRows {
  rows: SheetRow[];
  formulas: { row: number; column: string; formula: string }[];
}

/** The question sheet's rows as text (the sheet named "Câu hỏi", else the first), or why they cannot be read. */
export async function readXlsxRows(bytes: Buffer): Promise<XlsxRows | ParseResult> {
  const result = emptyResult();
  if (!isZip(bytes)) {
    result.errors.push({
      message:
        'Tệp không phải bảng tính Excel .xlsx (có thể là .xls cũ hoặc một tệp khác đổi tên): hãy mở trong Excel và lưu dạng .xlsx, hoặc dùng tệp mẫu.',
    });
    return result;
  }
  const maxBytes = IMPORT_LIMITS.maxXlsxUncompressedBytes;
  const inspection = inspectZip(bytes, { maxUncompressedBytes: maxBytes, maxEntries: 10_000 });
  if (isZipRefusal(inspection)) {
    result.errors.push(
      inspection.kind === 'not-zip'
        ? { message: 'Tệp không phải bảng tính XLSX hợp lệ (tệp nén bị hỏng).' }
        : {
            code: 'IMPORT_TOO_LARGE',
            message: `Tệp XLSX khi giải nén vượt quá ${Math.round(maxBytes / 1024 / 1024)} MB hoặc có quá nhiều phần: có thể là tệp độc hại (zip bomb) hoặc quá lớn.`,
          },
    );
    return result;
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    result.errors.push({ message: 'Không đọc được bảng tính: tệp .xlsx bị hỏng hoặc không phải bảng tính Excel.' });
    return result;
  }
  const sheet = workbook.getWorksheet(SHEET_NAME) ?? workbook.worksheets[0];
  if (!sheet) {
    result.errors.push({ message: 'Bảng tính không có trang tính nào.' });
    return result;
  }
  const rows: SheetRow[] = [];
  const formulas: XlsxRows['formulas'] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const { text, formula } = cellText(row.getCell(c).value);
      if (formula) formulas.push({ row: rowNumber, column: sheet.getColumn(c).letter, formula });
      cells.push(unneutralize(text));
    }
    rows.push({ row: rowNumber, cells });
  });
  return { rows, formulas };
}

export async function parseXlsx(bytes: Buffer, mapping?: Map<string, ColumnField>): Promise<ParseResult> {
  const read = await readXlsxRows(bytes);
  if (!('rows' in read)) return read;
  const parsed = parseSheet(read.rows, false, mapping);
  for (const f of read.formulas) {
    parsed.warnings.push({
      row: f.row,
      message: `Ô ${f.column}${f.row} chứa công thức: đã lấy giá trị hiển thị của ô, công thức không được thực thi.`,
      text: f.formula.slice(0, 120),
    });
  }
  return parsed;
}

const GUIDE: [string, string][] = [
  ['Loại', 'Một đáp án, Nhiều đáp án, Đúng/Sai, Trả lời ngắn, Số, Ghép đôi, Tự luận hoặc Mô tả.'],
  ['Danh mục', 'Đường dẫn danh mục, các cấp cách nhau bằng dấu /, ví dụ: Pháp luật/Luật An ninh mạng.'],
  ['Mức độ', '1 (dễ), 2 (trung bình) hoặc 3 (khó). Có thể để trống.'],
  ['Mã, Tiêu đề', 'Không bắt buộc. Mã giúp nhận ra câu hỏi khi nhập lại.'],
  ['Câu hỏi', 'Nội dung câu hỏi (bắt buộc).'],
  [
    'Phương án A, B, …',
    'Các phương án, điền liền nhau từ A. Câu ghép đôi: mỗi ô một cặp "vế trái -> vế phải"; đáp án nhiễu: "-> vế phải" (vế trái trống).',
  ],
  [
    'Đáp án',
    'Trắc nghiệm: chữ cái phương án đúng (A, hoặc A, C). Điểm từng phương án nếu cần: A(50%), C(50%), D(-100%). ' +
      'Đúng/Sai: Đúng hoặc Sai. Số: 1.5 hoặc 1.5 ± 0.1 hoặc 1..2 (dùng dấu chấm thập phân). ' +
      'Trả lời ngắn: các câu trả lời được chấp nhận cách nhau bằng |, có thể ghi điểm ở cuối: Tố Như (50%).',
  ],
  ['Giải thích', 'Lời giải thích hiện sau khi trả lời.'],
  ['Thẻ', 'Các thẻ cách nhau bằng dấu phẩy.'],
  ['Phản hồi', 'Phản hồi theo phương án: "A: … | B: …"; theo đáp án: "1: … | 2: …"; câu Đúng/Sai: "Đúng: … | Sai: …".'],
  ['Định dạng', 'html, markdown, plain hoặc moodle (không bắt buộc).'],
  ['Phân biệt hoa thường', '"Có" nếu câu trả lời ngắn phải đúng chữ hoa, chữ thường.'],
];

async function workbookFor(questions: QuestionInput[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Hải Đăng';
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  const optionCount = optionCountFor(questions);
  const headers = sheetHeaders(optionCount);
  sheet.addRow(headers).font = { bold: true };
  for (const q of questions) sheet.addRow(questionCells(q, optionCount).map(neutralize));
  headers.forEach((h, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = h === 'Câu hỏi' ? 60 : h.startsWith('Phương án') || h === 'Giải thích' || h === 'Phản hồi' ? 30 : 16;
    column.alignment = { wrapText: true, vertical: 'top' };
  });
  const guide = workbook.addWorksheet(GUIDE_NAME);
  guide.addRow(['Cột', 'Cách điền']).font = { bold: true };
  for (const row of GUIDE) guide.addRow(row);
  guide.getColumn(1).width = 22;
  guide.getColumn(2).width = 110;
  guide.getColumn(2).alignment = { wrapText: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An XLSX of questions in the import template's layout (what it exports, it imports back). */
export function exportXlsx(questions: QuestionInput[]): Promise<Buffer> {
  return workbookFor(questions);
}

export const TEMPLATE_EXAMPLES: QuestionInput[] = [
  {
    type: 'single',
    category: 'Pháp luật/Luật An ninh mạng',
    difficulty: 1,
    text: 'Luật An ninh mạng năm 2018 có hiệu lực thi hành từ ngày nào?',
    options: [
      { text: '01/01/2019', fraction: 1 },
      { text: '12/6/2018', fraction: 0 },
      { text: '01/7/2018', fraction: 0 },
      { text: '01/01/2020', fraction: 0 },
    ],
    generalFeedback: 'Theo Điều 43, Luật An ninh mạng 2018 có hiệu lực từ ngày 01/01/2019.',
    tags: ['an ninh mạng'],
  },
  {
    type: 'multiple',
    category: 'Lịch sử',
    difficulty: 2,
    text: 'Những trận nào diễn ra trên sông Bạch Đằng?',
    options: [
      { text: 'Năm 938', fraction: 0.5 },
      { text: 'Năm 1288', fraction: 0.5 },
      { text: 'Năm 1789', fraction: 0 },
    ],
  },
  {
    type: 'truefalse',
    category: 'Lịch sử',
    difficulty: 1,
    text: 'Đảng Cộng sản Việt Nam được thành lập năm 1930.',
    correct: true,
    falseFeedback: 'Ngày 3/2/1930 là ngày thành lập Đảng.',
  },
  {
    type: 'short',
    category: 'Lịch sử',
    difficulty: 2,
    text: 'Ai lãnh đạo chiến thắng Bạch Đằng năm 938?',
    answers: [
      { text: 'Ngô Quyền', fraction: 1 },
      { text: 'Ngo Quyen', fraction: 1 },
    ],
  },
  {
    type: 'numerical',
    category: 'Pháp luật/Luật An ninh mạng',
    difficulty: 2,
    text: 'Luật An ninh mạng năm 2018 có bao nhiêu điều?',
    answers: [{ value: 43, tolerance: 0, fraction: 1 }],
  },
  {
    type: 'matching',
    category: 'Lịch sử',
    difficulty: 3,
    text: 'Ghép mỗi trận Bạch Đằng với người chỉ huy.',
    pairs: [
      { prompt: 'Năm 938', answer: 'Ngô Quyền' },
      { prompt: 'Năm 981', answer: 'Lê Hoàn' },
      { prompt: 'Năm 1288', answer: 'Trần Hưng Đạo' },
    ],
    // An extra wrong answer, written "-> Lý Thường Kiệt" (empty left side).
    distractors: ['Lý Thường Kiệt'],
  },
  { type: 'essay', category: 'Lý luận', difficulty: 3, text: 'Trình bày ý nghĩa của việc thành lập Đảng năm 1930.' },
  { type: 'description', category: 'Lý luận', text: 'Các câu sau đây nói về Cương lĩnh chính trị đầu tiên của Đảng.' },
];

/** The import template: Vietnamese headers, one example row per question type, and a sheet explaining each column. */
export function xlsxTemplate(): Promise<Buffer> {
  return workbookFor(TEMPLATE_EXAMPLES);
}
