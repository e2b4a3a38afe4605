/**
 * Search that ignores diacritics and case ("le chan" finds "Lê Chân", "dang" finds "Đăng"), the same in JavaScript
 * (for the query) and in SQL (for the column), so no extension (unaccent) and no stored column is needed.
 */

/** Every precomposed Latin letter with marks whose bare form is one ASCII letter, and that letter (đ, Đ → d, D). */
function foldPairs(): { from: string; to: string } {
  let from = 'đĐ';
  let to = 'dD';
  const ranges: [number, number][] = [
    [0x00c0, 0x024f],
    [0x1e00, 0x1eff],
  ];
  for (const [start, end] of ranges) {
    for (let cp = start; cp <= end; cp++) {
      const ch = String.fromCodePoint(cp);
      const bare = ch.normalize('NFD').replace(/\p{M}+/gu, '');
      if (bare !== ch && /^[A-Za-z]$/.test(bare)) {
        from += ch;
        to += bare;
      }
    }
  }
  return { from, to };
}

const PAIRS = foldPairs();

/** Lowercase, without diacritics, đ → d, spaces collapsed. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** SQL folding a text expression the way foldText does (for text stored in NFC, as every name here is). */
export function foldSql(expression: string): string {
  return `lower(translate(${expression}, '${PAIRS.from}', '${PAIRS.to}'))`;
}

/** A LIKE pattern for `%query%` over a folded column; LIKE's own characters escaped with a backslash. */
export function foldedContains(query: string): string {
  return `%${foldText(query).replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}
