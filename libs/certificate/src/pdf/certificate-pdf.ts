import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { fontSubsets, textRuns, type TextRun, type Weight } from './certificate-fonts.js';

export interface CertificatePage {
  orientation: 'landscape' | 'portrait';
  issuerName: string;
  title: string;
  holderName: string;
  /** The template's body with its fields filled. */
  body: string;
  dateLine: string;
  signerName: string;
  signerTitle: string;
  /** As printed, in groups ("7K3M-Q9XD-2F8H-WN"). */
  code: string;
  verifyUrl: string;
  emblem: Buffer | null;
  background: Buffer | null;
}

/** What the layout had to do: characters no font carries (left out) and the sizes the text was shrunk to. */
export interface RenderReport {
  missingGlyphs: string[];
  holderFontSize: number;
  bodyFontSize: number;
}

const A4: [number, number] = [595.28, 841.89];
const RED = '#b3261e';
const INK = '#1c1b1f';

interface Line {
  runs: TextRun[];
  width: number;
}

/** Lays text out in a box and draws it: words wrapped, the size shrunk until every line fits (never drawn outside). */
class TextBox {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly report: RenderReport,
  ) {}

  private width(runs: TextRun[], size: number): number {
    let w = 0;
    for (const run of runs) w += this.doc.font(run.font).fontSize(size).widthOfString(run.text);
    return w;
  }

  /** Greedy word wrap; a word wider than the box is cut between characters. */
  private wrap(text: string, weight: Weight, size: number, maxWidth: number): Line[] {
    const lines: Line[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      const words = paragraph.split(/\s+/).filter(Boolean);
      let current: TextRun[] = [];
      let currentText = '';
      const flush = () => {
        if (currentText) lines.push({ runs: current, width: this.width(current, size) });
        current = [];
        currentText = '';
      };
      for (const word of words) {
        const candidate = currentText ? `${currentText} ${word}` : word;
        const runs = this.runs(candidate, weight);
        if (this.width(runs, size) <= maxWidth) {
          current = runs;
          currentText = candidate;
          continue;
        }
        flush();
        let piece = '';
        for (const char of word) {
          if (piece && this.width(this.runs(piece + char, weight), size) > maxWidth) {
            lines.push({ runs: this.runs(piece, weight), width: this.width(this.runs(piece, weight), size) });
            piece = '';
          }
          piece += char;
        }
        current = this.runs(piece, weight);
        currentText = piece;
      }
      flush();
      if (!words.length) lines.push({ runs: [], width: 0 });
    }
    return lines;
  }

  private runs(text: string, weight: Weight): TextRun[] {
    const { runs, missing } = textRuns(text, weight);
    for (const m of missing) if (!this.report.missingGlyphs.includes(m)) this.report.missingGlyphs.push(m);
    return runs;
  }

  /**
   * Draws `text` centred in the box, at the largest size from `maxSize` down to `minSize` whose lines fit; at
   * `minSize` the lines that still do not fit are dropped (the box is never overflowed). Returns the size used.
   */
  draw(
    text: string,
    box: { x: number; y: number; width: number; height: number },
    style: { weight: Weight; maxSize: number; minSize: number; color: string; lineGap?: number; maxLines?: number },
  ): number {
    const leading = style.lineGap ?? 1.3;
    let size = style.maxSize;
    let lines = this.wrap(text, style.weight, size, box.width);
    const fits = (l: Line[], s: number) => l.length * s * leading <= box.height && l.length <= (style.maxLines ?? 99);
    while (!fits(lines, size) && size > style.minSize) {
      size = Math.max(style.minSize, size - 0.5);
      lines = this.wrap(text, style.weight, size, box.width);
    }
    const fitting = lines.slice(
      0,
      Math.max(1, Math.min(style.maxLines ?? 99, Math.floor(box.height / (size * leading)))),
    );
    const top = box.y + (box.height - fitting.length * size * leading) / 2;
    this.doc.fillColor(style.color);
    fitting.forEach((line, i) => {
      let x = box.x + (box.width - line.width) / 2;
      const y = top + i * size * leading + (size * (leading - 1)) / 2;
      for (const run of line.runs) {
        this.doc.font(run.font).fontSize(size).text(run.text, x, y, { lineBreak: false });
        x += this.doc.widthOfString(run.text);
      }
    });
    return size;
  }
}

/** The QR code as vector squares (crisp at any zoom, nothing to decode), `size` points wide at (x, y). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / n;
  for (let row = 0; row < n; row++)
    for (let col = 0; col < n; col++)
      if (qr.modules.get(row, col)) doc.rect(x + col * cell, y + row * cell, cell, cell);
  doc.fillColor('#000000').fill();
}

/** One certificate page as a PDF (A4), with the fonts' used glyphs embedded. */
export async function renderCertificatePdf(page: CertificatePage): Promise<{ pdf: Buffer; report: RenderReport }> {
  const [w, h] = page.orientation === 'landscape' ? [A4[1], A4[0]] : A4;
  const doc = new PDFDocument({
    size: [w, h],
    margin: 0,
    info: { Title: `${page.title} — ${page.holderName}`, Author: page.issuerName, Subject: page.code },
    lang: 'vi-VN',
  } as PDFKit.PDFDocumentOptions);
  for (const subset of fontSubsets()) doc.registerFont(subset.name, subset.data);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const report: RenderReport = { missingGlyphs: [], holderFontSize: 0, bodyFontSize: 0 };
  const box = new TextBox(doc, report);
  const margin = 36;
  if (page.background) doc.image(page.background, 0, 0, { cover: [w, h], align: 'center', valign: 'center' });
  else {
    doc
      .lineWidth(3)
      .strokeColor(RED)
      .rect(margin / 2, margin / 2, w - margin, h - margin)
      .stroke();
    doc
      .lineWidth(0.8)
      .rect(margin / 2 + 6, margin / 2 + 6, w - margin - 12, h - margin - 12)
      .stroke();
  }
  const inner = { x: margin * 2, width: w - margin * 4 };
  let y = margin + 14;
  if (page.emblem) {
    doc.image(page.emblem, w / 2 - 32, y, { fit: [64, 64], align: 'center', valign: 'center' });
    y += 70;
  }
  box.draw(
    page.issuerName.toLocaleUpperCase('vi-VN'),
    { ...inner, y, height: 22 },
    { weight: 700, maxSize: 14, minSize: 8, color: INK, maxLines: 1 },
  );
  y += 34;
  box.draw(
    page.title.toLocaleUpperCase('vi-VN'),
    { ...inner, y, height: 46 },
    { weight: 700, maxSize: 32, minSize: 12, color: RED, maxLines: 1 },
  );
  y += 54;
  const footer = 150;
  const holderHeight = 84;
  report.holderFontSize = box.draw(
    page.holderName,
    { ...inner, y, height: holderHeight },
    { weight: 700, maxSize: 30, minSize: 11, color: INK, maxLines: 2, lineGap: 1.25 },
  );
  y += holderHeight + 8;
  report.bodyFontSize = box.draw(
    page.body,
    { ...inner, y, height: Math.max(40, h - footer - margin - y) },
    { weight: 400, maxSize: 15, minSize: 8, color: INK, lineGap: 1.45 },
  );

  // Footer: QR code and code on the left, date and signature on the right.
  const footerTop = h - footer - margin / 2;
  const qrSize = 86;
  drawQr(doc, page.verifyUrl, margin * 2, footerTop + 10, qrSize);
  box.draw(
    `Mã xác minh: ${page.code}`,
    { x: margin * 2 - 10, y: footerTop + qrSize + 14, width: 220, height: 14 },
    { weight: 700, maxSize: 9, minSize: 6, color: INK, maxLines: 1 },
  );
  box.draw(
    page.verifyUrl,
    { x: margin * 2 - 10, y: footerTop + qrSize + 28, width: 260, height: 12 },
    { weight: 400, maxSize: 7, minSize: 5, color: INK, maxLines: 1 },
  );
  const signX = w - margin * 2 - 280;
  box.draw(
    page.dateLine,
    { x: signX, y: footerTop, width: 280, height: 18 },
    { weight: 400, maxSize: 11, minSize: 7, color: INK, maxLines: 1 },
  );
  box.draw(
    page.signerTitle.toLocaleUpperCase('vi-VN'),
    { x: signX, y: footerTop + 20, width: 280, height: 18 },
    { weight: 700, maxSize: 12, minSize: 7, color: INK, maxLines: 1 },
  );
  box.draw(
    page.signerName,
    { x: signX, y: footerTop + 96, width: 280, height: 20 },
    { weight: 700, maxSize: 13, minSize: 7, color: INK, maxLines: 1 },
  );

  doc.end();
  return { pdf: await finished, report };
}
