import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { lastPrizeRank, prizeForRank } from './prizes.js';

describe('prizes', () => {
  const config = { first: 1, second: 2, third: 3, consolation: 5 };
  it.each([
    [1, 'first'],
    [2, 'second'],
    [3, 'second'],
    [4, 'third'],
    [6, 'third'],
    [7, 'consolation'],
    [11, 'consolation'],
    [12, null],
  ])('gives rank %d the prize %s', (rank, prize) => {
    expect(prizeForRank(rank, config)).toBe(prize);
  });
  it('lets people tied on a rank share its prize', () => {
    expect([1, 1, 3].map((r) => prizeForRank(r, config))).toEqual(['first', 'first', 'second']);
  });
  it('skips a prize configured as zero', () => {
    expect(prizeForRank(1, { first: 0, second: 1, third: 0, consolation: 0 })).toBe('second');
  });
  it('awards exactly the configured number when ranks are distinct (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 5 }), fc.nat({ max: 5 }), fc.nat({ max: 5 }), fc.nat({ max: 5 }), (a, b, c, d) => {
        const cfg = { first: a, second: b, third: c, consolation: d };
        const won = Array.from({ length: 30 }, (_, i) => prizeForRank(i + 1, cfg)).filter(Boolean);
        expect(won).toHaveLength(lastPrizeRank(cfg));
      }),
    );
  });
});
