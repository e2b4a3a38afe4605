import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  CODE_LENGTH,
  CROCKFORD,
  checkCharacter,
  formatVerificationCode,
  newVerificationCode,
  parseVerificationCode,
} from './verification-code.js';

describe('verification codes', () => {
  it('are 14 Crockford characters whose last one checks the rest', () => {
    for (let i = 0; i < 200; i++) {
      const code = newVerificationCode();
      expect(code).toHaveLength(CODE_LENGTH);
      expect([...code].every((c) => CROCKFORD.includes(c))).toBe(true);
      expect(parseVerificationCode(code)).toBe(code);
    }
  });

  it('reads codes as people type them: groups, lower case, I/L for 1, O for 0', () => {
    const code = newVerificationCode();
    expect(parseVerificationCode(formatVerificationCode(code).toLowerCase())).toBe(code);
    const withOne = code.replace(/1/g, 'l');
    expect(parseVerificationCode(withOne)).toBe(code);
  });

  it('refuses every single changed character without a lookup', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: CODE_LENGTH - 1 }), fc.integer({ min: 1, max: 31 }), (pos, shift) => {
        const code = newVerificationCode();
        const changed = CROCKFORD[(CROCKFORD.indexOf(code[pos]!) + shift) % 32]!;
        const tampered = code.slice(0, pos) + changed + code.slice(pos + 1);
        expect(parseVerificationCode(tampered)).toBeNull();
      }),
    );
  });

  it('refuses swapped neighbours', () => {
    let refused = 0;
    let swaps = 0;
    for (let i = 0; i < 300; i++) {
      const code = newVerificationCode();
      const pos = i % (CODE_LENGTH - 1);
      if (code[pos] === code[pos + 1]) continue;
      swaps++;
      const swapped = code.slice(0, pos) + code[pos + 1] + code[pos] + code.slice(pos + 2);
      if (parseVerificationCode(swapped) === null) refused++;
    }
    // Luhn mod 32 misses only the swap of two characters whose values differ by 16 or so; nearly all are caught.
    expect(refused / swaps).toBeGreaterThan(0.95);
  });

  it('refuses malformed input', () => {
    for (const bad of ['', 'ABC', 'x'.repeat(14), '!!!!-!!!!-!!!!-!!', 'A'.repeat(400), '7K3M Q9XD 2F8H WNZ'])
      expect(parseVerificationCode(bad)).toBeNull();
  });

  it('draws 65 random bits', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newVerificationCode()));
    expect(codes.size).toBe(2000);
    expect(checkCharacter('0000000000000')).toBe('0');
  });
});
