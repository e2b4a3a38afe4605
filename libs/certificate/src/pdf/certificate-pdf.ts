import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { parsedFonts, textRuns, type FontName, type TextRun, type Weight } from './certificate-fonts.js';

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

/**
 * Widths at size 1 (width scales with the size), kept across documents: names and texts repeat their words, and
 * measuring through the font's shaping is the costly part of a layout. Bounded, oldest dropped.
 */
const unitWidths = new Map<string, number>();

interface Word {
  runs: TextRun[];
  width: number;
}

/** Lays text out in a box and draws it: words wrapped, the size shrunk until every line fits (never drawn outside). */
class TextBox {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly report: RenderReport,
  ) {}

  private unitWidth(font: FontName, text: string): number {
    const key = `${font}\u0000${text}`;
    let width = unitWidths.get(key);
    if (width === undefined) {
      width = this.doc.font(font).fontSize(1).widthOfString(text);
      if (unitWidths.size >= 50_000) unitWidths.delete(unitWidths.keys().next().value!);
      unitWidths.set(key, width);
    }
    return width;
  }

  private word(text: string, weight: Weight): Word {
    const runs = this.runs(text, weight);
    return { runs, width: runs.reduce((w, r) => w + this.unitWidth(r.font, r.text), 0) };
  }

  /** Greedy word wrap at size 1 (times the size when drawn); a word wider than the box is cut between characters. */
  private wrap(text: string, weight: Weight, maxWidth: number): Line[] {
    const space = this.word(' ', weight);
    const lines: Line[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      const words = paragraph
        .split(/\s+/)
        .filter(Boolean)
        .flatMap((w) => this.pieces(w, weight, maxWidth));
      let line: Line | null = null;
      for (const word of words) {
        if (line && line.width + space.width + word.width <= maxWidth) {
          line.runs.push(...space.runs, ...word.runs);
          line.width += space.width + word.width;
        } else {
          if (line) lines.push(line);
          line = { runs: [...word.runs], width: word.width };
        }
      }
      lines.push(line ?? { runs: [], width: 0 });
    }
    return lines;
  }

  private pieces(text: string, weight: Weight, maxWidth: number): Word[] {
    const whole = this.word(text, weight);
    if (whole.width <= maxWidth) return [whole];
    const pieces: Word[] = [];
    let piece = '';
    for (const char of text) {
      if (piece && this.word(piece + char, weight).width > maxWidth) {
        pieces.push(this.word(piece, weight));
        piece = '';
      }
      piece += char;
    }
    if (piece) pieces.push(this.word(piece, weight));
    return pieces;
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
    const fits = (l: Line[], s: number) => l.length * s * leading <= box.height && l.length <= (style.maxLines ?? 99);
    let lines = this.wrap(text, style.weight, box.width / size);
    while (!fits(lines, size) && size > style.minSize) {
      size = Math.max(style.minSize, size - 0.5);
      lines = this.wrap(text, style.weight, box.width / size);
    }
    const fitting = lines.slice(
      0,
      Math.max(1, Math.min(style.maxLines ?? 99, Math.floor(box.height / (size * leading)))),
    );
    const top = box.y + (box.height - fitting.length * size * leading) / 2;
    this.doc.fillColor(style.color);
    fitting.forEach((line, i) => {
      let x = box.x + (box.width - line.width * size) / 2;
      const y = top + i * size * leading + (size * (leading - 1)) / 2;
      for (const run of merge(line.runs)) {
        this.doc.font(run.font).fontSize(size).text(run.text, x, y, { lineBreak: false });
        x += this.unitWidth(run.font, run.text) * size;
      }
    });
    return size;
  }
}

/** Neighbouring runs of one font joined (fewer text objects in the page). */
function merge(runs: TextRun[]): TextRun[] {
  const out: TextRun[] = [];
  for (const run of runs) {
    const last = out[out.length - 1];
    if (last && last.font === run.font) last.text += run.text;
    else out.push({ ...run });
  }
  return out;
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
  const fonts = parsedFonts();
  const doc = new PDFDocument({
    size: [w, h],
    margin: 0,
    info: { Title: `${page.title} — ${page.holderName}`, Author: page.issuerName, Subject: page.code },
    lang: 'vi-VN',
    // pdfkit opens Helvetica for a new document unless told otherwise: parsing its metrics was a tenth of a page.
    font: fonts.get('400-latin'),
  } as PDFKit.PDFDocumentOptions);
  for (const [name, font] of fonts) doc.registerFont(name, font as unknown as Buffer);
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
