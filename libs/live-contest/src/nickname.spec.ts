import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isOffensive, nicknameKeys, normalizeNickname } from './nickname.js';

/** Whether two nicknames may not both join one game (they share a key). */
const clash = (a: string, b: string) => nicknameKeys(a).some((key) => nicknameKeys(b).includes(key));

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('nicknames', () => {
  it('keeps a Vietnamese name in NFC with its white space folded', () => {
    const decomposed = 'Nguye\u0302\u0303n  Văn   An '.normalize('NFD');
    expect(normalizeNickname(decomposed)).toBe('Nguyễn Văn An');
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['500 characters', 'a'.repeat(500)],
    ['25 characters', 'a'.repeat(25)],
    ['a control character', 'An\u0007'],
    ['a newline', 'An\nBình'],
    ['a zero-width joiner', 'A\u200dn'],
    ['a right-to-left override', '\u202eAn'],
    ['not a string', 42],
  ])('refuses %s with NICKNAME_INVALID', (_label, value) => {
    expect(code(() => normalizeNickname(value))).toBe('NICKNAME_INVALID');
  });

  it('counts user-perceived characters: 24 letters with diacritics fit', () => {
    expect(normalizeNickname('ệ'.normalize('NFD').repeat(24))).toHaveLength(24);
  });

  it.each([
    'Đ.M',
    'dm',
    'đmm',
    'vcl',
    'Địt',
    'con cặc',
    'concac',
    'lồn',
    'l0n',
    'F u c k',
    'fuck you',
    'ShIt',
    'Óc chó',
    'đéo',
  ])('refuses the offensive %s', (name) => {
    expect(isOffensive(name)).toBe(true);
    expect(code(() => normalizeNickname(name))).toBe('NICKNAME_INVALID');
  });

  it.each([
    'Anh Lớn',
    'Các bạn',
    'Phở Hà Nội',
    'Đào Duy Anh',
    'Bưởi Diễn',
    'Đeo kính',
    'Dũng',
    'Cassandra',
    'Lê Hồng Phong',
  ])('accepts the innocent %s', (name) => {
    expect(isOffensive(name)).toBe(false);
    expect(normalizeNickname(name)).toBe(name);
  });

  it('treats names that differ only in case as the same, and diacritics as different names', () => {
    expect(clash('Minh ANH', 'minh anh')).toBe(true);
    expect(clash('Ivan', 'ivan')).toBe(true);
    expect(clash('An', 'Ân')).toBe(false);
  });

  it.each([
    ['fullwidth', 'Ｂｏｂ', 'Bob'],
    ['Cyrillic capital В and о', 'Воb', 'Bob'],
    ['all Cyrillic capitals', 'ВОВ', 'bob'],
    ['Greek capital Alpha', 'Αn', 'An'],
    ['Cyrillic а in a Vietnamese name', 'Lаn', 'Lan'],
    ['digit zero for O', 'B0B', 'BOB'],
    ['capital I for small l', 'Ill', 'lll'],
    ['rn for m', 'Tâm', 'Târn'],
    ['mathematical bold', '𝐁𝐨𝐛', 'bob'],
  ])('takes a look-alike (%s) as the same nickname', (_label, a, b) => {
    expect(clash(a, b)).toBe(true);
  });

  it.each([
    ['Hòa', 'Hoa'],
    ['Hòa', 'Hóa'],
    ['Hoa', 'Hóa'],
    ['Hỏa', 'Họa'],
    ['Đức', 'Duc'],
    ['Đức', 'Dức'],
    ['Ân', 'Ăn'],
    ['Ơn', 'On'],
    ['Ưng', 'Ung'],
    ['Bob', 'Rob'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(clash(a, b)).toBe(false);
  });

  const LETTERS = [...'abcdeghiklmnopqrstuvxy'];
  const word = fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 12 }).map((l) => l.join(''));
  /** Latin letters and their Cyrillic capital look-alikes. */
  const CYRILLIC_CAPITALS: Record<string, string> = {
    A: 'А',
    B: 'В',
    E: 'Е',
    K: 'К',
    M: 'М',
    H: 'Н',
    O: 'О',
    P: 'Р',
    C: 'С',
    T: 'Т',
    X: 'Х',
  };

  it('takes case variants, fullwidth forms and Cyrillic capitals as the same nickname (property)', () => {
    fc.assert(
      fc.property(word, fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (w, upper) => {
        const mixed = [...w].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
        const fullwidth = [...mixed].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
        const cyrillic = [...w.toUpperCase()].map((c) => CYRILLIC_CAPITALS[c] ?? c).join('');
        expect(clash(w, mixed)).toBe(true);
        expect(clash(mixed, fullwidth)).toBe(true);
        expect(clash(w.toUpperCase(), cyrillic)).toBe(true);
      }),
    );
  });

  it('keeps names apart that differ by one Vietnamese diacritic (property)', () => {
    const TONES = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
    fc.assert(
      fc.property(word, fc.nat(), fc.constantFrom(...TONES), fc.constantFrom(...TONES), (w, at, a, b) => {
        const i = at % w.length;
        const marked = (tone: string) => (w.slice(0, i + 1) + tone + w.slice(i + 1)).normalize('NFC');
        expect(clash(w, marked(a))).toBe(false);
        if (a !== b) expect(clash(marked(a), marked(b))).toBe(false);
      }),
    );
  });

  it('never lets a control character through (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.integer({ min: 0, max: 31 }), (s, c) => {
        return code(() => normalizeNickname(s + String.fromCharCode(c))) === 'NICKNAME_INVALID';
      }),
    );
  });
});
