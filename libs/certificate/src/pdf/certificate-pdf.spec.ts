import { describe, expect, it } from '@jest/globals';
import { renderCertificatePdf, type CertificatePage } from './certificate-pdf.js';

/** Every Vietnamese vowel with every tone (and đ, Đ), in "syllables", padded with a real name to 120 characters. */
export function nameWithEveryDiacritic(): string {
  const bases = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
  const tones = ['\u0300', '\u0309', '\u0303', '\u0301', '\u0323'];
  const words = bases.map((b, i) => `${i % 2 ? 'Đ' : 'đ'}${b}${tones.map((t) => (b + t).normalize('NFC')).join('')}`);
  let name = words.join(' ');
  const filler = ['Nguyễn', 'Thị', 'Thuỳ', 'Dương', 'Hoàng', 'Phương', 'Khánh', 'Huyền'];
  for (let i = 0; name.length < 120; i++) name += ` ${filler[i % filler.length]}`;
  return name.slice(0, 120).trimEnd().padEnd(120, 'ạ').normalize('NFC');
}

const page = (over: Partial<CertificatePage> = {}): CertificatePage => ({
  orientation: 'landscape',
  issuerName: 'Ban Thường vụ Thành đoàn Hải Phòng',
  title: 'Giấy chứng nhận',
  holderName: nameWithEveryDiacritic(),
  body: 'Sinh ngày 02/09/2008 — Đoàn phường Hồng Bàng\nĐã đạt Giải Nhất Cuộc thi tìm hiểu Luật An ninh mạng',
  dateLine: 'Hải Phòng, ngày 15 tháng 12 năm 2026',
  signerName: 'Trần Văn Hưởng',
  signerTitle: 'Bí thư Thành đoàn',
  code: '7K3M-Q9XD-2F8H-WN',
  verifyUrl: 'https://haidang.example/verify/7K3M-Q9XD-2F8H-WN',
  emblem: null,
  background: null,
  ...over,
});

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  fontName: string;
}

async function extract(pdf: Buffer) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, verbosity: 0 }).promise;
  const p = await doc.getPage(1);
  const content = await p.getTextContent();
  await p.getOperatorList(); // loads the fonts into commonObjs
  const items = content.items as TextItem[];
  const fonts = [...new Set(items.map((i) => i.fontName))].map(
    (id) => p.commonObjs.get(id) as { name: string; missingFile: boolean },
  );
  const [, , width, height] = p.view as [number, number, number, number];
  await doc.destroy();
  return { items, fonts, width, height, text: items.map((i) => i.str).join('') };
}

const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, '');

describe('certificate PDF', () => {
  it('prints a 120-character name with every Vietnamese diacritic whole, inside the page, from embedded subsets', async () => {
    const name = nameWithEveryDiacritic();
    expect([...name]).toHaveLength(120);
    const { pdf, report } = await renderCertificatePdf(page());
    expect(report.missingGlyphs).toEqual([]);
    const { items, fonts, width, height, text } = await extract(pdf);
    expect(squash(text)).toContain(squash(name));
    for (const ch of 'ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐ') expect(text).toContain(ch);
    for (const item of items) {
      const [x, y] = [item.transform[4]!, item.transform[5]!];
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x + item.width).toBeLessThanOrEqual(width);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(height);
    }
    // Be Vietnam Pro, embedded as subsets (the "ABCDEF+" prefix), never a viewer's substitute.
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const font of fonts) {
      expect(font.missingFile).toBe(false);
      expect(font.name).toMatch(/^[A-Z]{6}\+BeVietnamPro/);
    }
  });

  it('shrinks a long name rather than overflowing, and keeps a short one large', async () => {
    const long = await renderCertificatePdf(page());
    const short = await renderCertificatePdf(page({ holderName: 'Lê Văn Đạt' }));
    expect(long.report.holderFontSize).toBeLessThan(short.report.holderFontSize);
    expect(short.report.holderFontSize).toBe(30);
  });

  it('leaves out and reports characters no font carries instead of printing empty boxes', async () => {
    const { report } = await renderCertificatePdf(page({ holderName: 'Nguyễn An 🎉' }));
    expect(report.missingGlyphs).toEqual(['🎉']);
  });

  it('lays out a portrait page too', async () => {
    const { pdf } = await renderCertificatePdf(page({ orientation: 'portrait' }));
    const { width, height, text } = await extract(pdf);
    expect(height).toBeGreaterThan(width);
    expect(squash(text)).toContain(squash(nameWithEveryDiacritic()));
  });
});
