import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isOffensive, nicknameKey, normalizeNickname } from './nickname.js';

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
    expect(nicknameKey('Minh ANH')).toBe(nicknameKey('minh anh'));
    expect(nicknameKey('An')).not.toBe(nicknameKey('Ân'));
  });

  it('never lets a control character through (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.integer({ min: 0, max: 31 }), (s, c) => {
        return code(() => normalizeNickname(s + String.fromCharCode(c))) === 'NICKNAME_INVALID';
      }),
    );
  });
});
