import unhomoglyph from 'unhomoglyph';
import { AppError } from '#core';

export const NICKNAME_MAX = 24;

/**
 * The offensive-word list, Vietnamese and English. Matching is diacritics-insensitive: a nickname is folded (lower
 * case, no diacritics, đ → d, leetspeak digits read as letters) before it is compared, so "Đ.M", "dm" and "đm" are
 * caught alike. Kept small and reviewed by hand; add words here, with a test.
 */
const FOLDED_WORDS = new Set([
  'dm',
  'dmm',
  'dcm',
  'dcmm',
  'vcl',
  'vkl',
  'vl',
  'clm',
  'cmm',
  'dmcs',
  'ditme',
  'dume',
  'duma',
  'dumemay',
  'fuck',
  'fuk',
  'fck',
  'shit',
  'bitch',
  'cunt',
  'dick',
  'pussy',
  'slut',
  'whore',
  'fag',
  'faggot',
  'nigger',
  'nigga',
  'asshole',
  'bastard',
  'porn',
  'rape',
  'retard',
  'nazi',
  'hitler',
]);
/** Found anywhere, also with the letters run together ("concac", "con cac"). */
const FOLDED_PHRASES = [
  'ditme',
  'ditmoe',
  'dumemay',
  'concac',
  'cailon',
  'occho',
  'thangngu',
  'khonnan',
  'sucvat',
  'matday',
  'chochet',
  'lonme',
  'fuck',
  'motherf',
  'bitch',
  'asshole',
  'nigger',
  'faggot',
  'pussy',
];
/**
 * Syllables that are vulgar in one spelling and innocent in another ("lồn" / "lớn", "cặc" / "các", "phò" / "phở"):
 * refused when written in the vulgar spelling or with no diacritics at all, accepted otherwise.
 */
const AMBIGUOUS: Record<string, string[]> = {
  lon: ['lồn'],
  cac: ['cặc', 'cạc'],
  buoi: ['buồi'],
  deo: ['đéo', 'đếch'],
  dit: ['địt'],
  cut: ['cứt'],
  di: ['đĩ'],
  pho: ['phò'],
  dai: ['đái'],
};

const LEET: Record<string, string> = { 0: 'o', 1: 'i', 3: 'e', 4: 'a', 5: 's', 7: 't', 8: 'b', '@': 'a', $: 's' };

/** Lower case, leetspeak read as letters, diacritics removed (đ → d). */
export function foldForFilter(text: string): string {
  return text
    .toLowerCase()
    .replace(/[0134578@$]/g, (c) => LEET[c]!)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd');
}

export function isOffensive(nickname: string): boolean {
  const words = nickname
    .normalize('NFC')
    .toLowerCase()
    .replace(/[0134578@$]/g, (c) => LEET[c]!)
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  // Letters typed apart ("đ.m mày", "f u c k") are read together as one word as well.
  const folded = words.map(foldForFilter);
  const runs: string[] = [];
  let run = '';
  for (const w of folded) {
    if (w.length === 1) run += w;
    else {
      if (run.length > 1) runs.push(run);
      run = '';
    }
  }
  if (run.length > 1) runs.push(run);
  if (runs.some((r) => FOLDED_WORDS.has(r) || FOLDED_PHRASES.some((bad) => r.includes(bad)))) return true;
  const joined = folded.join('');
  for (let i = 0; i < words.length; i++) {
    if (FOLDED_WORDS.has(folded[i]!)) return true;
    const vulgar = AMBIGUOUS[folded[i]!];
    if (vulgar && (words[i] === folded[i] || vulgar.includes(words[i]!))) return true;
  }
  // Letters spaced or dotted apart ("đ.m", "f u c k") are caught on the joined form as well.
  if (FOLDED_WORDS.has(joined)) return true;
  return FOLDED_PHRASES.some((bad) => joined.includes(bad));
}

const CONTROL_OR_INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u;
/** Made once: building a segmenter costs more than segmenting a nickname (10,000 players join in seconds). */
const GRAPHEMES = new Intl.Segmenter('vi', { granularity: 'grapheme' });

/**
 * A nickname as it is kept: NFC, trimmed, inner white space folded; 1–24 characters (user-perceived, so "ệ" is one),
 * no control or invisible characters, nothing offensive. Throws NICKNAME_INVALID otherwise.
 */
export function normalizeNickname(raw: unknown): string {
  if (typeof raw !== 'string') throw new AppError('NICKNAME_INVALID');
  if (raw.length > NICKNAME_MAX * 4) throw new AppError('NICKNAME_INVALID', { reason: 'length' });
  if (CONTROL_OR_INVISIBLE.test(raw)) throw new AppError('NICKNAME_INVALID', { reason: 'characters' });
  const nickname = raw.normalize('NFC').trim().replace(/\s+/gu, ' ');
  // A string of at most NICKNAME_MAX UTF-16 units has at most as many graphemes: segmenting is for the longer ones.
  const length = nickname.length <= NICKNAME_MAX ? nickname.length : [...GRAPHEMES.segment(nickname)].length;
  if (length < 1 || length > NICKNAME_MAX) throw new AppError('NICKNAME_INVALID', { reason: 'length' });
  if (isOffensive(nickname)) throw new AppError('NICKNAME_INVALID', { reason: 'offensive' });
  return nickname;
}

/** UTS #39 skeleton: each character replaced by its prototype in Unicode's confusables table, between NFDs. */
function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD')).normalize('NFD');
}

/**
 * The keys under which a nickname is taken in a game: two nicknames clash when they share one. Fullwidth and other
 * compatibility forms are read as plain letters (NFKC), case does not count, and look-alike letters from other
 * scripts count as the letters they look like (the UTS #39 confusables skeleton: Cyrillic "Воb" is "Bob"). The
 * skeleton keeps combining marks, so Vietnamese diacritics still tell names apart ("Hòa", "Hoa" and "Hóa"; "Đức" and
 * "Duc"). Two keys, since case and look-alikes do not commute: the skeleton of the lower-cased name catches "m" / "rn"
 * and makes "Ivan" and "ivan" meet, the lower-cased skeleton of the name as written catches a capital look-alike
 * ("Воb", whose lower case "воb" no longer looks like "bob", and "Il" / "ll").
 */
export function nicknameKeys(nickname: string): [string, string] {
  const plain = nickname.normalize('NFKC');
  return [skeleton(plain.toLowerCase()), skeleton(plain).toLowerCase()];
}
