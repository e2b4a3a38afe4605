import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AppError } from '#core';
import { parsePlayerAnswer, parsePlayerJoin } from './player-payloads.js';

/** What a parser makes of a payload: 'ok', or the code it refused it with. */
const codeOf = (parse: (payload: unknown) => unknown, payload: unknown): string => {
  try {
    parse(payload);
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
};

/** Anything at all, or an object with some of the given fields (each of its usual type or anything else). */
const payloadsAround = <T>(fields: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.oneof(fc.anything(), fc.record(fields, { requiredKeys: [] }));

/** The parsed payload, or undefined once the refusal is checked to be VALIDATION_FAILED (the property tests' rule). */
function parsedOrRefused<T>(parse: (payload: unknown) => T, payload: unknown): T | undefined {
  try {
    return parse(payload);
  } catch (error) {
    expect(error instanceof AppError && error.code === 'VALIDATION_FAILED').toBe(true);
    return undefined;
  }
}

describe('parsePlayerAnswer', () => {
  it('keeps an option answer and a numerical answer as sent', () => {
    expect(parsePlayerAnswer({ questionIndex: 2, optionIds: ['a', 'b'], clientAnswerId: 'p-2' })).toEqual({
      questionIndex: 2,
      optionIds: ['a', 'b'],
      clientAnswerId: 'p-2',
    });
    expect(parsePlayerAnswer({ questionIndex: 0, value: -1.5, clientAnswerId: 'x' })).toEqual({
      questionIndex: 0,
      value: -1.5,
      clientAnswerId: 'x',
    });
  });

  it('takes a numeric string as its number and drops null optional fields', () => {
    expect(parsePlayerAnswer({ questionIndex: 0, value: ' 42 ', optionIds: null, clientAnswerId: 'x' })).toEqual({
      questionIndex: 0,
      value: 42,
      clientAnswerId: 'x',
    });
  });

  it.each([
    ['not an object', 'x'],
    ['null', null],
    ['an array', [1, 2, 3]],
    ['a negative index', { questionIndex: -1, optionIds: ['a'], clientAnswerId: 'x' }],
    ['an index of 1000', { questionIndex: 1000, optionIds: ['a'], clientAnswerId: 'x' }],
    ['a fractional index', { questionIndex: 0.5, optionIds: ['a'], clientAnswerId: 'x' }],
    ['an index as a string', { questionIndex: '0', optionIds: ['a'], clientAnswerId: 'x' }],
    ['option ids as a string', { questionIndex: 0, optionIds: 'a', clientAnswerId: 'x' }],
    ['a non-string option id', { questionIndex: 0, optionIds: [1], clientAnswerId: 'x' }],
    [
      '21 option ids',
      { questionIndex: 0, optionIds: Array.from({ length: 21 }, (_, i) => `o${i}`), clientAnswerId: 'x' },
    ],
    ['a 65-character option id', { questionIndex: 0, optionIds: ['o'.repeat(65)], clientAnswerId: 'x' }],
    ['no client answer id', { questionIndex: 0, optionIds: ['a'] }],
    ['an empty client answer id', { questionIndex: 0, optionIds: ['a'], clientAnswerId: '' }],
    ['a 65-character client answer id', { questionIndex: 0, optionIds: ['a'], clientAnswerId: 'c'.repeat(65) }],
    ['a value of "NaN"', { questionIndex: 0, value: 'NaN', clientAnswerId: 'x' }],
    ['an empty value', { questionIndex: 0, value: '', clientAnswerId: 'x' }],
    ['an infinite value', { questionIndex: 0, value: Infinity, clientAnswerId: 'x' }],
    ['a boolean value', { questionIndex: 0, value: true, clientAnswerId: 'x' }],
    ['an unknown field', { questionIndex: 0, optionIds: ['a'], clientAnswerId: 'x', points: 1000 }],
    ['a free-text field', { questionIndex: 0, text: 'a', clientAnswerId: 'x' }],
    ['a __proto__ field', JSON.parse('{"questionIndex":0,"optionIds":["a"],"clientAnswerId":"x","__proto__":{}}')],
  ])('refuses %s with VALIDATION_FAILED', (_label, payload) => {
    expect(codeOf(parsePlayerAnswer, payload)).toBe('VALIDATION_FAILED');
  });

  it('either returns only known fields of the right types or refuses with VALIDATION_FAILED, whatever is sent', () => {
    fc.assert(
      fc.property(
        payloadsAround({
          questionIndex: fc.oneof(fc.integer({ min: -5, max: 1005 }), fc.anything()),
          optionIds: fc.oneof(fc.array(fc.string({ maxLength: 70 }), { maxLength: 25 }), fc.anything()),
          value: fc.oneof(fc.double(), fc.string(), fc.anything()),
          clientAnswerId: fc.oneof(fc.string({ maxLength: 70 }), fc.anything()),
        }),
        (payload) => {
          const answer = parsedOrRefused(parsePlayerAnswer, payload);
          if (!answer) return;
          expect(
            Object.keys(answer).every((k) => ['questionIndex', 'optionIds', 'value', 'clientAnswerId'].includes(k)),
          ).toBe(true);
          expect(
            Number.isInteger(answer.questionIndex) && answer.questionIndex >= 0 && answer.questionIndex <= 999,
          ).toBe(true);
          expect(answer.clientAnswerId.length >= 1 && answer.clientAnswerId.length <= 64).toBe(true);
          if (answer.value !== undefined) expect(Number.isFinite(answer.value)).toBe(true);
          if (answer.optionIds !== undefined)
            expect(answer.optionIds.every((id) => typeof id === 'string' && id.length <= 64)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('parsePlayerJoin', () => {
  it('keeps a join and a resume as sent, dropping a null resume token', () => {
    expect(parsePlayerJoin({ pin: '012345', nickname: '  Lan  ' })).toEqual({ pin: '012345', nickname: '  Lan  ' });
    expect(parsePlayerJoin({ pin: '012345', nickname: 'Lan', resumeToken: 'p.s' })).toEqual({
      pin: '012345',
      nickname: 'Lan',
      resumeToken: 'p.s',
    });
    expect(parsePlayerJoin({ pin: '012345', nickname: 'Lan', resumeToken: null })).toEqual({
      pin: '012345',
      nickname: 'Lan',
    });
  });

  it.each([
    ['not an object', 'x'],
    ['null', null],
    ['an array', ['012345', 'Lan']],
    ['no PIN', { nickname: 'Lan' }],
    ['a PIN as a number', { pin: 123456, nickname: 'Lan' }],
    ['a 5-digit PIN', { pin: '12345', nickname: 'Lan' }],
    ['a PIN with letters', { pin: '12a456', nickname: 'Lan' }],
    ['a PIN with a newline', { pin: '123456\n', nickname: 'Lan' }],
    ['no nickname', { pin: '123456' }],
    ['a nickname as a number', { pin: '123456', nickname: 7 }],
    ['a nickname as an object', { pin: '123456', nickname: { toString: 'x' } }],
    ['a resume token as a number', { pin: '123456', nickname: 'Lan', resumeToken: 1 }],
    ['a 129-character resume token', { pin: '123456', nickname: 'Lan', resumeToken: 'r'.repeat(129) }],
    ['an unknown field', { pin: '123456', nickname: 'Lan', host: true }],
    ['a __proto__ field', JSON.parse('{"pin":"123456","nickname":"Lan","__proto__":{}}')],
  ])('refuses %s with VALIDATION_FAILED', (_label, payload) => {
    expect(codeOf(parsePlayerJoin, payload)).toBe('VALIDATION_FAILED');
  });

  it('either returns only known fields of the right types or refuses with VALIDATION_FAILED, whatever is sent', () => {
    fc.assert(
      fc.property(
        payloadsAround({
          pin: fc.oneof(fc.stringMatching(/^\d{5,7}$/), fc.anything()),
          nickname: fc.oneof(fc.string(), fc.anything()),
          resumeToken: fc.oneof(fc.string({ maxLength: 140 }), fc.anything()),
        }),
        (payload) => {
          const join = parsedOrRefused(parsePlayerJoin, payload);
          if (!join) return;
          expect(Object.keys(join).every((k) => ['pin', 'nickname', 'resumeToken'].includes(k))).toBe(true);
          expect(/^\d{6}$/.test(join.pin)).toBe(true);
          expect(typeof join.nickname).toBe('string');
          if (join.resumeToken !== undefined) expect(join.resumeToken.length <= 128).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
