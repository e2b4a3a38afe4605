import { ERROR_MESSAGES } from '#contracts';
import { snippet, type ImportIssue } from './types.js';

export type Decoded = { ok: true; text: string } | { ok: false; issue: ImportIssue };

const ENCODING_MESSAGE = ERROR_MESSAGES.IMPORT_ENCODING.vi;

/**
 * Characters that Vietnamese text in UTF-8 never needs, but that VNI, TCVN3 (ABC) and Windows-1258 text shows as
 * when it was opened as Windows-1252 and saved again as UTF-8 ("Vieät Nam", "Hµ Néi"). ± ° ² · « » are left out:
 * real questions use them.
 */
const LEGACY_TELLTALE = /[¨©ª¬®¯´µ¶¸¹º¼½¾¿ÄÅÆÇËÎÏÐÑÖ×ØÛÜÞßäåæçëîïñö÷øûüþÿ]/g;
/** Letters only Vietnamese uses (ă đ ơ ư and the precomposed tone letters): their presence means real UTF-8. */
const VIETNAMESE_LETTER = /[ăĂđĐơƠưƯ\u1EA0-\u1EF9]/g;

function utf16(bytes: Buffer, bigEndian: boolean): string {
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
  if (!bigEndian) return new TextDecoder('utf-16le').decode(even);
  const swapped = Buffer.from(even);
  swapped.swap16();
  return new TextDecoder('utf-16le').decode(swapped);
}

/** A UTF-16 file saved without a byte order mark shows one zero byte in every pair of ASCII characters. */
function utf16WithoutBom(bytes: Buffer): 'le' | 'be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd > pairs * 0.4 && zeroEven < pairs * 0.05) return 'le';
  if (zeroEven > pairs * 0.4 && zeroOdd < pairs * 0.05) return 'be';
  return null;
}

const lineOf = (text: string, index: number): number => {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
};

/**
 * Reads a text file: UTF-8 (with or without BOM) and UTF-16 LE/BE (with BOM, or recognisably without). Anything else
 * (invalid UTF-8, legacy Vietnamese encodings, binary data) is refused with the message asking for UTF-8. Line ends
 * become \n.
 */
export function decodeText(bytes: Buffer): Decoded {
  let text: string;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) text = decodeUtf8(bytes.subarray(3));
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) text = utf16(bytes.subarray(2), false);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = utf16(bytes.subarray(2), true);
  else {
    const bom16 = utf16WithoutBom(bytes);
    text = bom16 ? utf16(bytes, bom16 === 'be') : decodeUtf8(bytes);
  }
  const bad = text.indexOf('\uFFFD');
  if (bad !== -1) {
    const line = lineOf(text, bad);
    const lineText = text.split('\n')[line - 1] ?? '';
    return {
      ok: false,
      issue: {
        line,
        code: 'IMPORT_ENCODING',
        message: `${ENCODING_MESSAGE} (Dòng ${line} có byte không hợp lệ trong UTF-8: tệp có thể đang ở mã TCVN3, VNI hoặc Windows-1258.)`,
        text: snippet(lineText.replace(/\uFFFD/g, '?')),
      },
    };
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    return {
      ok: false,
      issue: {
        line: lineOf(text, nul),
        code: 'IMPORT_ENCODING',
        message: `${ENCODING_MESSAGE} (Tệp chứa ký tự rỗng: có thể không phải tệp văn bản.)`,
      },
    };
  }
  const telltale = text.match(LEGACY_TELLTALE)?.length ?? 0;
  if (telltale >= 5) {
    const vietnamese = text.match(VIETNAMESE_LETTER)?.length ?? 0;
    if (vietnamese === 0 || telltale > vietnamese) {
      const at = text.search(LEGACY_TELLTALE);
      const line = lineOf(text, at);
      return {
        ok: false,
        issue: {
          line,
          code: 'IMPORT_ENCODING',
          message: `${ENCODING_MESSAGE} (Chữ tiếng Việt trong tệp có dạng của mã cũ VNI/TCVN3, ví dụ ở dòng ${line}: hãy chuyển mã sang Unicode rồi lưu dạng UTF-8.)`,
          text: snippet(text.split('\n')[line - 1] ?? ''),
        },
      };
    }
  }
  // NFC is applied field by field (normalizeQuestion), not to the whole file: a second pass over megabytes for nothing.
  return { ok: true, text: text.replace(/\r\n?/g, '\n') };
}

/** Invalid sequences become U+FFFD, which decodeText then reports. */
const decodeUtf8 = (bytes: Buffer): string => bytes.toString('utf8');
