import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AppError } from '#core';
import { parsePlayerAnswer } from './player-answer.js';

const codeOf = (payload: unknown): string => {
  try {
    parsePlayerAnswer(payload);
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
};

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
    expect(codeOf(payload)).toBe('VALIDATION_FAILED');
  });

  it('either returns only known fields of the right types or refuses with VALIDATION_FAILED, whatever is sent', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record(
            {
              questionIndex: fc.oneof(fc.integer({ min: -5, max: 1005 }), fc.anything()),
              optionIds: fc.oneof(fc.array(fc.string({ maxLength: 70 }), { maxLength: 25 }), fc.anything()),
              value: fc.oneof(fc.double(), fc.string(), fc.anything()),
              clientAnswerId: fc.oneof(fc.string({ maxLength: 70 }), fc.anything()),
            },
            { requiredKeys: [] },
          ),
        ),
        (payload) => {
          let answer;
          try {
            answer = parsePlayerAnswer(payload);
          } catch (error) {
            expect(error instanceof AppError && error.code === 'VALIDATION_FAILED').toBe(true);
            return;
          }
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
