import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { iso, rightOption, seedContest, wrongOption } from './contest-fixture.js';

type Question = { id: string; options?: { id: string; text: string }[] };

describe("organizers' contest screens: list, settings, edits, blueprint check, progress, report", () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedContest>>;
  let organizer: SeededUser;
  const auth = (u: SeededUser) => ({ Authorization: `Bearer ${u.token}` });
  const people: SeededUser[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedContest(t, 'Cuộc thi quản trị');
    organizer = world.world.admin;
    for (const [i, unit] of ['d1/w1', 'd1/w1', 'd1/w2', 'd2/w1', 'd2/w1'].entries())
      people.push(
        await createUser(t, {
          username: `qt${i}${Date.now() % 100000}`,
          roles: ['participant'],
          unitId: world.units[unit]!,
          birthDate: '1995-01-01',
          fullName: `Người Thi ${i}`,
        }),
      );
  }, 120_000);
  afterAll(async () => t?.close());

  const play = async (u: SeededUser, roundId: string, right: number) => {
    const s = await t.http.post(`/api/v1/rounds/${roundId}/attempts`).set(auth(u)).send({}).expect(201);
    for (const [i, q] of (s.body.questions as Question[]).entries())
      await t.http
        .put(`/api/v1/attempts/${s.body.attemptId}/answers/${q.id}`)
        .set(auth(u))
        .send({ optionIds: [i < right ? rightOption(q) : wrongOption(q)] })
        .expect(200);
    return s.body.attemptId as string;
  };
  const submit = (u: SeededUser, attemptId: string, prediction?: number) =>
    t.http.post(`/api/v1/attempts/${attemptId}/submit`).set(auth(u)).send({ prediction }).expect(200);

  describe('blueprint', () => {
    it('counts the published questions each slot can draw from', async () => {
      const res = await t.http
        .post('/api/v1/rounds/blueprint-check')
        .set(auth(organizer))
        .send({
          bankId: world.world.bankId,
          blueprint: [
            { category: 'Thử nghiệm', count: 5 },
            { category: 'Thử nghiệm', difficulty: 3, count: 1 },
            { category: 'Không có', count: 2 },
          ],
        })
        .expect(200);
      expect(res.body).toEqual({
        enough: false,
        questionCount: 8,
        slots: [
          { category: 'Thử nghiệm', difficulty: null, count: 5, available: 12, enough: true },
          expect.objectContaining({ category: 'Thử nghiệm', difficulty: 3, count: 1 }),
          { category: 'Không có', difficulty: null, count: 2, available: 0, enough: false },
        ],
      });
    });

    it('refuses to create a round whose slots cannot be filled, naming each slot', async () => {
      const res = await t.http
        .post(`/api/v1/contests/${world.contestId}/rounds`)
        .set(auth(organizer))
        .send({
          title: 'Thiếu câu',
          bankId: world.world.bankId,
          opensAt: iso(Date.now() - 60_000),
          closesAt: iso(Date.now() + 3_600_000),
          durationSeconds: 600,
          maxAttempts: 1,
          countedAttempt: 'best',
          pointsPerQuestion: 1,
          blueprint: [
            { category: 'Thử nghiệm', count: 2 },
            { category: 'Thử nghiệm', count: 13 },
          ],
        })
        .expect(422);
      expect(res.body.code).toBe('BLUEPRINT_UNSATISFIABLE');
      expect(res.body.details).toEqual([
        { field: 'blueprint.1.count', message: 'Chỉ có 12 câu hỏi đã duyệt phù hợp, cần 13.' },
      ]);
    });

    it('lets only organizers check a blueprint', async () => {
      const res = await t.http
        .post('/api/v1/rounds/blueprint-check')
        .set(auth(people[0]!))
        .send({ bankId: world.world.bankId, blueprint: [{ category: 'Thử nghiệm', count: 1 }] });
      expect(res.body.code).toBe('FORBIDDEN');
    });
  });

  describe('editing a round', () => {
    it('changes anything before the first attempt, refuses an unfillable blueprint next to its slot', async () => {
      const roundId = await world.newRound({
        title: 'Chưa ai thi',
        opensAt: iso(Date.now() + 86_400_000),
        closesAt: iso(Date.now() + 2 * 86_400_000),
      });
      await t.http
        .patch(`/api/v1/rounds/${roundId}`)
        .set(auth(organizer))
        .send({
          title: 'Tuần 2',
          maxAttempts: 3,
          blueprint: [{ category: 'Thử nghiệm', count: 6 }],
          pointsPerQuestion: 5,
        })
        .expect(204);
      const bad = await t.http
        .patch(`/api/v1/rounds/${roundId}`)
        .set(auth(organizer))
        .send({ blueprint: [{ category: 'Thử nghiệm', count: 40 }] })
        .expect(422);
      expect(bad.body.details[0].field).toBe('blueprint.0.count');
      const settings = await t.http.get(`/api/v1/manage/rounds/${roundId}`).set(auth(organizer)).expect(200);
      expect(settings.body).toMatchObject({
        title: 'Tuần 2',
        maxAttempts: 3,
        pointsPerQuestion: 5,
        blueprint: [{ category: 'Thử nghiệm', count: 6 }],
        phase: 'upcoming',
        attempts: 0,
        contestTitle: 'Cuộc thi quản trị',
      });
      expect(settings.body.editable).toContain('blueprint');
    });

    it('once someone has started, refuses what could change a result and changes nothing', async () => {
      const roundId = await world.newRound({ title: 'Đang thi' });
      await play(people[0]!, roundId, 1);
      const before = await t.dataSource.query('SELECT * FROM contest_round WHERE id = $1', [roundId]);
      const res = await t.http
        .patch(`/api/v1/rounds/${roundId}`)
        .set(auth(organizer))
        .send({ title: 'Đổi tên', pointsPerQuestion: 10, countedAttempt: 'last' })
        .expect(409);
      expect(res.body.code).toBe('ROUND_HAS_ATTEMPTS');
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'countedAttempt',
        'pointsPerQuestion',
      ]);
      expect(await t.dataSource.query('SELECT * FROM contest_round WHERE id = $1', [roundId])).toEqual(before);
      // The same values sent again are no change; title and a later close time are allowed.
      const later = iso(Date.now() + 7_200_000);
      await t.http
        .patch(`/api/v1/rounds/${roundId}`)
        .set(auth(organizer))
        .send({ title: 'Đổi tên', pointsPerQuestion: 2, closesAt: later })
        .expect(204);
      const settings = await t.http.get(`/api/v1/manage/rounds/${roundId}`).set(auth(organizer)).expect(200);
      expect(settings.body).toMatchObject({ title: 'Đổi tên', attempts: 1, phase: 'open' });
      expect(Date.parse(settings.body.closesAt)).toBe(Date.parse(later));
      expect(settings.body.editable).toEqual(['title', 'closesAt', 'review', 'audience']);
      // Who may take part can change while it runs (it changes nobody's result).
      await t.http
        .patch(`/api/v1/rounds/${roundId}`)
        .set(auth(organizer))
        .send({ audience: { unitIds: [world.units.d1!] } })
        .expect(204);
      const narrowed = await t.http.get(`/api/v1/manage/rounds/${roundId}`).set(auth(organizer)).expect(200);
      expect(narrowed.body).toMatchObject({
        audienceUnitIds: [world.units.d1],
        audienceUnits: [{ id: world.units.d1, name: 'Quận Một' }],
      });
    });

    it('refuses a close time in the past', async () => {
      const roundId = await world.newRound({ title: 'Giờ cũ' });
      const res = await t.http
        .patch(`/api/v1/rounds/${roundId}`)
        .set(auth(organizer))
        .send({ closesAt: iso(Date.now() - 1000) })
        .expect(400);
      expect(res.body.details[0].field).toBe('closesAt');
    });

    it('renames a contest', async () => {
      await t.http
        .patch(`/api/v1/contests/${world.contestId}`)
        .set(auth(organizer))
        .send({ title: 'Cuộc thi quản trị', description: 'Mô tả mới' })
        .expect(204);
      const list = await t.http.get('/api/v1/manage/contests').set(auth(organizer)).expect(200);
      const mine = list.body.find((c: { id: string }) => c.id === world.contestId);
      expect(mine).toMatchObject({ title: 'Cuộc thi quản trị', description: 'Mô tả mới' });
      expect(mine.rounds.length).toBeGreaterThan(0);
    });
  });

  describe('a round from start to report', () => {
    let roundId: string;
    beforeAll(async () => {
      roundId = await world.newRound({
        title: 'Tuần báo cáo',
        maxAttempts: 1,
        prediction: { question: 'Bao nhiêu người đúng hết?', target: 'perfect_scorers' },
      });
    });

    it('shows progress by unit while the round runs', async () => {
      const a0 = await play(people[0]!, roundId, 5);
      await submit(people[0]!, a0, 2);
      await play(people[3]!, roundId, 2);
      const res = await t.http.get(`/api/v1/rounds/${roundId}/progress`).set(auth(organizer)).expect(200);
      expect(res.body).toMatchObject({ phase: 'open', participants: 2, inProgress: 1, submitted: 1 });
      const byUnit = new Map(res.body.byUnit.map((u: { unitId: string }) => [u.unitId, u]));
      expect(byUnit.get(world.units.d1!)).toMatchObject({
        name: 'Quận Một',
        participants: 1,
        submitted: 1,
        inProgress: 0,
      });
      expect(byUnit.get(world.units.d2!)).toMatchObject({ participants: 1, inProgress: 1 });
      const wards = await t.http.get(`/api/v1/rounds/${roundId}/progress?depth=2`).set(auth(organizer)).expect(200);
      expect(wards.body.byUnit.map((u: { unitId: string }) => u.unitId)).toContain(world.units['d1/w1']);
      const list = await t.http.get('/api/v1/manage/contests').set(auth(organizer)).expect(200);
      const round = list.body
        .find((c: { id: string }) => c.id === world.contestId)
        .rounds.find((r: { id: string }) => r.id === roundId);
      expect(round).toMatchObject({ phase: 'open', participants: 2 });
      expect((await t.http.get(`/api/v1/rounds/${roundId}/progress`).set(auth(people[1]!))).body.code).toBe(
        'FORBIDDEN',
      );
    });

    it('after the close: ranking with the prediction and why each tie went the way it did', async () => {
      // Two more with full marks: three tie on score, the prediction closest to the true value (3) first.
      const a1 = await play(people[1]!, roundId, 5);
      await submit(people[1]!, a1, 3);
      const a2 = await play(people[2]!, roundId, 5);
      await submit(people[2]!, a2);
      await t.http
        .post(`/api/v1/rounds/${roundId}/prizes`)
        .set(auth(organizer))
        .send({ first: 1, second: 1, third: 0, consolation: 5 })
        .expect(200);
      await t.http.post(`/api/v1/rounds/${roundId}/close`).set(auth(organizer)).expect(200);
      const res = await t.http.get(`/api/v1/rounds/${roundId}/ranking`).set(auth(organizer)).expect(200);
      expect(res.body).toMatchObject({ predictionValue: 3, participants: 4 });
      const rows = res.body.rows as {
        displayName: string;
        rank: number;
        tie: { decidedBy: string; against: string } | null;
        prize: string;
      }[];
      expect(rows.map((r) => [r.displayName, r.rank, r.prize])).toEqual([
        ['Người Thi 1', 1, 'first'],
        ['Người Thi 0', 2, 'second'],
        ['Người Thi 2', 3, 'consolation'],
        ['Người Thi 3', 4, 'consolation'],
      ]);
      expect(rows[0]!.tie).toMatchObject({ against: 'below', decidedBy: 'prediction' });
      expect(rows[1]!.tie).toMatchObject({ against: 'above', decidedBy: 'prediction' });
      expect(rows[3]!.tie).toBeNull();
      const settings = await t.http.get(`/api/v1/manage/rounds/${roundId}`).set(auth(organizer)).expect(200);
      expect(settings.body).toMatchObject({ phase: 'closed', editable: ['title', 'review'] });
      const edit = await t.http
        .patch(`/api/v1/rounds/${roundId}`)
        .set(auth(organizer))
        .send({ maxAttempts: 5 })
        .expect(409);
      expect(edit.body.code).toBe('ROUND_CLOSED');
    });

    it('item report names each question and flags what to look at', async () => {
      const res = await t.http.get(`/api/v1/rounds/${roundId}/item-report`).set(auth(organizer)).expect(200);
      expect(res.body.length).toBeGreaterThan(0);
      for (const item of res.body) {
        expect(item.text).toMatch(/^Câu hỏi thử số/);
        expect(Array.isArray(item.flags)).toBe(true);
      }
      const flags = await t.http.get(`/api/v1/rounds/${roundId}/flag-report`).set(auth(organizer)).expect(200);
      expect(Array.isArray(flags.body)).toBe(true);
    });
  });
});
