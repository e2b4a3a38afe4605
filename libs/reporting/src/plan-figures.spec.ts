import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { rollUp, toFigure, type ReportInputs, type ReportUnit } from './plan-figures.js';
import { PLAN_ROWS, rowId } from './plan-targets.js';

const E_YOUTH = rowId('e', 'youth');
const G_SCHOOLS = rowId('g', 'schools');
const eYouth = PLAN_ROWS.find((r) => r.letter === 'e' && r.key === 'youth')!;

/** A random tree: unit i hangs under a unit before it; some units are merged into a later active one. */
const treeInputs = fc
  .integer({ min: 1, max: 40 })
  .chain((n) =>
    fc.record({
      parents: fc.array(fc.nat(), { minLength: n, maxLength: n }),
      merged: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      youth: fc.array(fc.nat(500), { minLength: n, maxLength: n }),
      registered: fc.array(fc.nat(500), { minLength: n, maxLength: n }),
      achieved: fc.array(fc.nat(300), { minLength: n, maxLength: n }),
      schools: fc.array(fc.option(fc.nat(20), { nil: null }), { minLength: n, maxLength: n }),
    }),
  )
  .map(({ parents, merged, youth, registered, achieved, schools }): ReportInputs => {
    const n = parents.length;
    const units: ReportUnit[] = [];
    for (let i = 0; i < n; i++) {
      // The root (0) stays active; a merged unit points at an active unit (its parent, or the root).
      const isMerged = i > 0 && merged[i]!;
      units.push({
        id: `u${i}`,
        parentId: i === 0 ? null : `u${parents[i]! % i}`,
        active: !isMerged,
        mergedIntoId: null,
        counts: { cadres: 0, members: 0, youth: youth[i]!, teens: 0 },
      });
    }
    // Children of a merged unit move to its successor, as identity's merge does; successors are active.
    const active = (id: string) => units.find((u) => u.id === id)!.active;
    for (const u of units) {
      if (!u.active)
        u.mergedIntoId = units.filter((x) => x.active && x.id !== u.id)[
          Number(u.id.slice(1)) % units.filter((x) => x.active).length
        ]!.id;
    }
    for (const u of units) {
      let p = u.parentId;
      while (p && !active(p)) p = units.find((x) => x.id === p)!.parentId;
      u.parentId = u.id === 'u0' ? null : (p ?? 'u0');
    }
    return {
      units,
      registered: new Map(units.map((u, i) => [u.id, { youth: registered[i]! }])),
      measured: new Map(units.map((u, i) => [u.id, new Map([[E_YOUTH, { achieved: achieved[i]!, inYear: 0 }]])])),
      entries: new Map(
        units.flatMap((u, i) =>
          schools[i] == null ? [] : [[u.id, new Map([[G_SCHOOLS, { achieved: schools[i]!, base: 20 }]])] as const],
        ),
      ),
    };
  });

describe('plan report roll-up', () => {
  it("gives every unit its own figures plus the sum of its children's, for every row and every field", () => {
    fc.assert(
      fc.property(treeInputs, (inputs) => {
        const { own, total, children } = rollUp(inputs);
        for (const u of inputs.units.filter((x) => x.active)) {
          for (const row of PLAN_ROWS) {
            const id = rowId(row.letter, row.key);
            const expected = { ...own.get(u.id)!.get(id)! };
            for (const c of children.get(u.id) ?? []) {
              const t = total.get(c)!.get(id)!;
              for (const k of Object.keys(expected) as (keyof typeof expected)[]) expected[k] += t[k];
            }
            expect(total.get(u.id)!.get(id)).toEqual(expected);
          }
        }
      }),
    );
  });

  it('counts figures recorded under merged units toward the unit they became, none lost or doubled', () => {
    fc.assert(
      fc.property(treeInputs, (inputs) => {
        const { total } = rollUp(inputs);
        const recorded = [...inputs.measured.values()].reduce((s, m) => s + m.get(E_YOUTH)!.achieved, 0);
        expect(total.get('u0')!.get(E_YOUTH)!.achieved).toBe(recorded);
        const entered = [...inputs.entries.values()].reduce((s, m) => s + (m.get(G_SCHOOLS)?.achieved ?? 0), 0);
        expect(total.get('u0')!.get(G_SCHOOLS)!.achieved).toBe(entered);
      }),
    );
  });

  it('never shows a rate above 100%: a count above the population is a data problem instead', () => {
    fc.assert(
      fc.property(treeInputs, (inputs) => {
        const { total } = rollUp(inputs);
        for (const rows of total.values()) {
          for (const row of PLAN_ROWS) {
            const f = toFigure(row, rows.get(rowId(row.letter, row.key))!);
            if (f.rate !== null) expect(f.rate).toBeLessThanOrEqual(100);
            if (row.measure === 'percent' && f.achieved > (f.population ?? 0)) {
              expect(f.flags).toContain('ACHIEVED_ABOVE_POPULATION');
              expect(f.rate).toBeNull();
            }
          }
        }
      }),
    );
  });

  it('takes the population from member counts, from registered people where counts are missing, and says which', () => {
    const units: ReportUnit[] = [
      {
        id: 'p',
        parentId: null,
        active: true,
        mergedIntoId: null,
        counts: { cadres: 0, members: 0, youth: 0, teens: 0 },
      },
      {
        id: 'a',
        parentId: 'p',
        active: true,
        mergedIntoId: null,
        counts: { cadres: 0, members: 0, youth: 100, teens: 0 },
      },
      {
        id: 'b',
        parentId: 'p',
        active: true,
        mergedIntoId: null,
        counts: { cadres: 0, members: 0, youth: 0, teens: 0 },
      },
      {
        id: 'c',
        parentId: 'p',
        active: true,
        mergedIntoId: null,
        counts: { cadres: 0, members: 0, youth: 10, teens: 0 },
      },
    ];
    const { total } = rollUp({
      units,
      registered: new Map([
        ['a', { youth: 40 }],
        ['b', { youth: 30 }],
        ['c', { youth: 25 }],
      ]),
      measured: new Map([['c', new Map([[E_YOUTH, { achieved: 20, inYear: 5 }]])]]),
      entries: new Map(),
    });
    expect(toFigure(eYouth, total.get('a')!.get(E_YOUTH)!)).toMatchObject({
      population: 100,
      populationSource: 'members',
      rate: 0,
    });
    expect(toFigure(eYouth, total.get('b')!.get(E_YOUTH)!)).toMatchObject({
      population: 30,
      populationSource: 'registered',
    });
    const c = toFigure(eYouth, total.get('c')!.get(E_YOUTH)!);
    expect(c).toMatchObject({ population: 10, rate: null, unitsBelowRegistered: 1 });
    expect(c.flags.sort()).toEqual(['ACHIEVED_ABOVE_POPULATION', 'MEMBER_COUNT_BELOW_REGISTERED']);
    expect(toFigure(eYouth, total.get('p')!.get(E_YOUTH)!)).toMatchObject({
      achieved: 20,
      population: 140,
      populationSource: 'mixed',
      rate: 14.3,
      gap2025: 78,
      unitsBelowRegistered: 1,
    });
  });
});
