import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isRoundOpenToUnit } from './audience.js';

const city = '11111111-1111-4111-8111-111111111111';
const d1 = '22222222-2222-4222-8222-222222222222';
const d2 = '33333333-3333-4333-8333-333333333333';
const w1 = '44444444-4444-4444-8444-444444444444';
const pathOf = (...ids: string[]) => `/${ids.join('/')}/`;

describe('isRoundOpenToUnit', () => {
  it('opens a round without an audience to everyone, a person without a unit included', () => {
    expect(isRoundOpenToUnit([], pathOf(city, d2))).toBe(true);
    expect(isRoundOpenToUnit([], null)).toBe(true);
  });

  it('opens a round for a district to its own units at any depth and to nobody else', () => {
    expect(isRoundOpenToUnit([d1], pathOf(city, d1))).toBe(true);
    expect(isRoundOpenToUnit([d1], pathOf(city, d1, w1))).toBe(true);
    expect(isRoundOpenToUnit([d1], pathOf(city, d2))).toBe(false);
    expect(isRoundOpenToUnit([d1], pathOf(city))).toBe(false);
    expect(isRoundOpenToUnit([d1], null)).toBe(false);
    expect(isRoundOpenToUnit([d1, d2], pathOf(city, d2, w1))).toBe(true);
  });

  it('matches whole ids only: an id that merely ends like a segment is not that unit', () => {
    const prefix = d1.slice(0, 30);
    expect(isRoundOpenToUnit([prefix], pathOf(city, d1))).toBe(false);
    expect(isRoundOpenToUnit([d1.slice(6)], pathOf(city, d1))).toBe(false);
  });

  it('admits a unit exactly when one of the audience units is on its chain from the root', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uuid(), { minLength: 1, maxLength: 6 }),
        fc.array(fc.uuid(), { maxLength: 4 }),
        (chain, audience) => {
          const expected = audience.length === 0 || audience.some((id) => chain.includes(id));
          expect(isRoundOpenToUnit(audience, pathOf(...chain))).toBe(expected);
          // Putting one of the chain's units into the audience always admits it.
          expect(isRoundOpenToUnit([...audience, chain[chain.length - 1]!], pathOf(...chain))).toBe(true);
        },
      ),
    );
  });
});
