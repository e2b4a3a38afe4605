import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AppError } from './app-error.js';
import { assertWellFormedText, isMalformedText } from './well-formed-text.js';

const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDE00\uD83D'];

describe('well-formed text', () => {
  it('accepts any well-formed string without NUL: Vietnamese, emoji (surrogate pairs), control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        fc.pre(!s.includes('\0'));
        expect(isMalformedText(s)).toBe(false);
      }),
    );
    expect(isMalformedText('Tiếng Việt có dấu 😀 \t\n')).toBe(false);
  });

  it('refuses a NUL or a lone surrogate anywhere in a string', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.constantFrom('\0', ...LONE_SURROGATES),
        fc.string({ unit: 'grapheme' }),
        (before, bad, after) => {
          expect(isMalformedText(before + bad + after)).toBe(true);
        },
      ),
    );
  });

  it('names the first bad field at any depth, keys included, and passes inputs without one', () => {
    const refusal = (input: unknown, where?: string) => {
      try {
        assertWellFormedText(input, where);
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('VALIDATION_FAILED');
        return ((error as AppError).details as { field?: string }[])[0]!.field;
      }
    };
    expect(refusal({ a: 'x', b: [1, { c: 'fine' }], n: null })).toBeNull();
    expect(refusal({ a: 'x', b: [1, { c: 'x\0' }] }, 'body')).toBe('body.b[1].c');
    expect(refusal({ pairs: { ['p\uD800']: 'y' } })).toBe('pairs.p\uD800');
    expect(refusal('x\0', 'answer')).toBe('answer');
    expect(refusal({ file: Buffer.from([0, 0xed, 0xa0, 0x80]) })).toBeNull();
    // Deeper than any recursion could go: the walk is iterative.
    let deep: unknown = 'x\0';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(refusal(deep)).toMatch(/^(\[0\]){100000}$/);
  });
});
