import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { roundOpenToUnitSql } from '../../../libs/contest/src/index.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { seedContest } from './contest-fixture.js';

/** A round open to chosen unit subtrees: only their people may start it; the whole city when no unit is chosen. */
describe('who may take part in a round', () => {
  let t: TestApp;
  let units: Record<string, string>;
  let admin: SeededUser;
  let newRound: (over: Record<string, unknown>) => Promise<string>;
  const people: Record<string, SeededUser> = {};
  let n = 0;

  const start = (u: SeededUser, roundId: string) =>
    t.http.post(`/api/v1/rounds/${roundId}/attempts`).set('Authorization', `Bearer ${u.token}`).send({});
  const setAudience = (u: SeededUser, roundId: string, unitIds: unknown) =>
    t.http.put(`/api/v1/rounds/${roundId}/audience`).set('Authorization', `Bearer ${u.token}`).send({ unitIds });
  const person = (unitId: string | null, roles: ('participant' | 'organizer')[] = ['participant']) =>
    createUser(t, { username: `dt${n++}x${Date.now() % 1e6}`, roles, unitId });

  beforeAll(async () => {
    t = await startTestApp();
    const seeded = await seedContest(t, 'Cuộc thi theo đơn vị');
    units = seeded.units;
    admin = seeded.world.admin;
    newRound = seeded.newRound;
    people.inD1Ward = await person(units['d1/w1']!);
    people.inD1 = await person(units.d1!);
    people.inD2Ward = await person(units['d2/w1']!);
    people.noUnit = await person(null);
  });
  afterAll(async () => t?.close());

  it('lets the people of the chosen subtree start and refuses everyone else, with nothing written', async () => {
    const roundId = await newRound({ title: 'Vòng quận Một', audience: { unitIds: [units.d1] } });
    await start(people.inD1Ward!, roundId).expect(201);
    await start(people.inD1!, roundId).expect(201);
    for (const outsider of [people.inD2Ward!, people.noUnit!]) {
      const refused = await start(outsider, roundId).expect(403);
      expect(refused.body).toMatchObject({
        code: 'ROUND_NOT_FOR_UNIT',
        message: 'Vòng thi này không dành cho đơn vị của bạn.',
      });
    }
    const attempts: { n: number }[] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM quiz_attempt WHERE context_id = $1',
      [roundId],
    );
    expect(attempts[0]!.n).toBe(2);
  });

  it('opens a round without an audience to the whole city', async () => {
    const roundId = await newRound({ title: 'Vòng toàn thành phố' });
    for (const p of Object.values(people)) await start(p, roundId).expect(201);
  });

  it('changes the audience at once, and refuses units that do not exist or lie outside the organizer’s part', async () => {
    const roundId = await newRound({ title: 'Vòng đổi đối tượng', audience: { unitIds: [units.d2] } });
    const fresh = await person(units['d1/w2']!);
    await start(fresh, roundId).expect(403);
    await setAudience(admin, roundId, [units.d1, units.d2]).expect(204);
    await start(fresh, roundId).expect(201);
    await setAudience(admin, roundId, []).expect(204);
    await start(people.noUnit!, roundId).expect(201);

    expect((await setAudience(admin, roundId, ['00000000-0000-4000-8000-000000000000']).expect(404)).body.code).toBe(
      'UNIT_NOT_FOUND',
    );
    expect((await setAudience(admin, roundId, ['not-a-unit']).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await setAudience(admin, roundId, [units.d1, units.d1]).expect(400)).body.code).toBe('VALIDATION_FAILED');
    // An organizer of district one may aim rounds at their own district, not at another.
    const organizer = await person(units.d1!, ['organizer']);
    expect((await setAudience(organizer, roundId, [units.d2]).expect(403)).body.code).toBe('OUT_OF_SCOPE');
    // A participant cannot change who takes part.
    await setAudience(people.inD1!, roundId, []).expect(403);
  });

  it('gives lists of rounds the same rule in SQL (roundOpenToUnitSql)', async () => {
    const d1Round = await newRound({ title: 'Danh sách quận Một', audience: { unitIds: [units.d1] } });
    const cityRound = await newRound({ title: 'Danh sách toàn thành phố' });
    const visible = async (unitId: string | null) =>
      (
        (await t.dataSource.query(
          `SELECT r.id FROM contest_round r WHERE r.id = ANY($2::uuid[]) AND ${roundOpenToUnitSql('r', '$1::uuid')}`,
          [unitId, [d1Round, cityRound]],
        )) as { id: string }[]
      )
        .map((r) => r.id)
        .sort();
    expect(await visible(units['d1/w1']!)).toEqual([d1Round, cityRound].sort());
    expect(await visible(units.d1!)).toEqual([d1Round, cityRound].sort());
    expect(await visible(units['d2/w1']!)).toEqual([cityRound]);
    expect(await visible(null)).toEqual([cityRound]);
  });
});
