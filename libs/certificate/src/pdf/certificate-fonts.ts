import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { woffToSfnt } from './woff.js';

/**
 * Be Vietnam Pro from @fontsource/be-vietnam-pro. The package splits each weight into subsets by Unicode range (its
 * CSS says which code points each file carries); Vietnamese letters with their diacritics are in the "vietnamese"
 * file, the basic Latin letters in the "latin" one. Text is drawn in runs, each with the subset that carries it, as a
 * browser does with those same unicode-range rules; pdfkit embeds only the glyphs used (a subset of each file).
 */
export type Weight = 400 | 700;
export type FontName = `${Weight}-${'vietnamese' | 'latin'}`;

interface Subset {
  name: FontName;
  data: Buffer;
  ranges: [number, number][];
}

const require = createRequire(import.meta.url);
const SUBSETS = ['vietnamese', 'latin'] as const;

function parseRanges(css: string, file: string): [number, number][] {
  const block = css.split('@font-face').find((b) => b.includes(file));
  const range = block?.match(/unicode-range:\s*([^;]+);/)?.[1];
  if (!range) throw new Error(`no unicode-range for ${file} in @fontsource/be-vietnam-pro`);
  return range.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(from!, 16), parseInt(to ?? from!, 16)];
  });
}

function loadSubsets(): Subset[] {
  const subsets: Subset[] = [];
  for (const weight of [400, 700] as const) {
    const cssPath = require.resolve(`@fontsource/be-vietnam-pro/${weight}.css`);
    const css = readFileSync(cssPath, 'utf8');
    for (const subset of SUBSETS) {
      const file = `be-vietnam-pro-${subset}-${weight}-normal.woff`;
      subsets.push({
        name: `${weight}-${subset}`,
        data: woffToSfnt(readFileSync(path.join(path.dirname(cssPath), 'files', file))),
        ranges: parseRanges(css, `${file}2`),
      });
    }
  }
  return subsets;
}

let loaded: Subset[] | undefined;

export function fontSubsets(): Subset[] {
  return (loaded ??= loadSubsets());
}

/** A font as pdfkit parsed it (fontkit): pdfkit takes such an object in place of the file's bytes. */
export type ParsedFont = { layout(text: string): unknown };
let parsed: Map<FontName, ParsedFont> | undefined;

/**
 * The subsets parsed once per process. Handing pdfkit the parsed fonts spares every document decompressing and
 * parsing four WOFF files again (most of a page's rendering time otherwise); each document still embeds its own
 * subset of the glyphs it used. pdfkit keeps the parsed font on its font object (`_font.font`), read here once.
 */
export function parsedFonts(): Map<FontName, ParsedFont> {
  if (parsed) return parsed;
  const doc = new PDFDocument({ autoFirstPage: false });
  parsed = new Map();
  for (const subset of fontSubsets()) {
    doc.registerFont(subset.name, subset.data);
    doc.font(subset.name);
    parsed.set(subset.name, (doc as unknown as { _font: { font: ParsedFont } })._font.font);
  }
  return parsed;
}

/** The subset whose unicode-range holds this code point (vietnamese checked first; both carry the few shared marks), or null. */
export function subsetFor(codePoint: number, weight: Weight): FontName | null {
  for (const subset of fontSubsets()) {
    if (!subset.name.startsWith(`${weight}-`)) continue;
    if (subset.ranges.some(([from, to]) => codePoint >= from && codePoint <= to)) return subset.name;
  }
  return null;
}

export interface TextRun {
  font: FontName;
  text: string;
}

/**
 * The text (NFC) cut into runs of one subset each. A character no subset carries (an emoji, another script) is
 * reported in `missing` and left out, so the page never shows an empty box.
 */
export function textRuns(text: string, weight: Weight): { runs: TextRun[]; missing: string[] } {
  const runs: TextRun[] = [];
  const missing: string[] = [];
  for (const char of text.normalize('NFC')) {
    const font = subsetFor(char.codePointAt(0)!, weight);
    if (!font) {
      missing.push(char);
      continue;
    }
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += char;
    else runs.push({ font, text: char });
  }
  return { runs, missing };
}
