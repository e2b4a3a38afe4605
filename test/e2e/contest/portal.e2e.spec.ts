import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { iso, rightOption, roundBody, seedContest } from './contest-fixture.js';

type Question = { id: string; options?: { id: string; text: string }[] };
type Round = {
  id: string;
  phase: string;
  attemptsLeft: number;
  attemptsUsed: number;
  attemptInProgress: string | null;
};

describe("participants' portal reads", () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedContest>>;
  let student: SeededUser;
  let openRound: string;
  let upcomingRound: string;
  let pastRound: string;
  const auth = (u: SeededUser) => ({ Authorization: `Bearer ${u.token}` });

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedContest(t, 'Cuộc thi cổng thí sinh');
    const now = Date.now();
    openRound = await world.newRound({ title: 'Tuần mở', maxAttempts: 2 });
    upcomingRound = await world.newRound({
      title: 'Tuần sau',
      opensAt: iso(now + 86_400_000),
      closesAt: iso(now + 2 * 86_400_000),
    });
    pastRound = await world.newRound({ title: 'Tuần đã qua', review: { afterSubmit: 'none', afterClose: 'answers' } });
    student = await createUser(t, { username: `cong${now % 100000}`, roles: ['participant'], unitId: world.units.d1! });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const contests = async (u: SeededUser, query = '') =>
    (await t.http.get(`/api/v1/contests${query}`).set(auth(u)).expect(200)).body as {
      items: { id: string; title: string; rounds: Round[] }[];
      total: number;
      page: number;
      pageSize: number;
      serverNow: string;
    };

  it('lists the contest with its open and upcoming rounds and my attempts left', async () => {
    const page = await contests(student);
    const mine = page.items.find((c) => c.id === world.contestId)!;
    expect(mine.title).toBe('Cuộc thi cổng thí sinh');
    const byId = new Map(mine.rounds.map((r) => [r.id, r]));
    expect(byId.get(openRound)).toMatchObject({ phase: 'open', attemptsLeft: 2, attemptsUsed: 0, questionCount: 5 });
    expect(byId.get(upcomingRound)).toMatchObject({ phase: 'upcoming', durationSeconds: 600 });
    expect(mine.rounds.at(-1)!.id).toBe(upcomingRound);
    expect(Object.keys(byId.get(openRound)!)).not.toContain('bankId');
    expect(Math.abs(Date.parse(page.serverNow) - Date.now())).toBeLessThan(60_000);
  });

  it('counts a started attempt, points to it while it runs, and rules show the same', async () => {
    const started = await t.http.post(`/api/v1/rounds/${openRound}/attempts`).set(auth(student)).send({}).expect(201);
    const round = (await contests(student)).items
      .find((c) => c.id === world.contestId)!
      .rounds.find((r) => r.id === openRound)!;
    expect(round).toMatchObject({ attemptsUsed: 1, attemptsLeft: 1, attemptInProgress: started.body.attemptId });
    const rules = await t.http.get(`/api/v1/rounds/${openRound}`).set(auth(student)).expect(200);
    expect(rules.body).toMatchObject({
      id: openRound,
      contestTitle: 'Cuộc thi cổng thí sinh',
      title: 'Tuần mở',
      attemptsLeft: 1,
      pointsPerQuestion: 2,
      countedAttempt: 'best',
      reviewAfterSubmit: 'score',
      predictionQuestion: 'Có bao nhiêu người trả lời đúng tất cả các câu?',
    });
    expect(rules.body).not.toHaveProperty('blueprint');
    expect(rules.body).not.toHaveProperty('bankId');
    // Another person's counts are their own.
    const other = await createUser(t, { username: `khac${Date.now() % 1e5}`, roles: ['participant'], unitId: null });
    const theirs = await t.http.get(`/api/v1/rounds/${openRound}`).set(auth(other)).expect(200);
    expect(theirs.body).toMatchObject({ attemptsUsed: 0, attemptInProgress: null });
  });

  it('lists my attempts with scores only where the round shows them, and my rank after close', async () => {
    const s = await t.http.post(`/api/v1/rounds/${pastRound}/attempts`).set(auth(student)).send({}).expect(201);
    for (const q of s.body.questions as Question[])
      await t.http
        .put(`/api/v1/attempts/${s.body.attemptId}/answers/${q.id}`)
        .set(auth(student))
        .send({ optionIds: [rightOption(q)] })
        .expect(200);
    await t.http.post(`/api/v1/attempts/${s.body.attemptId}/submit`).set(auth(student)).send({}).expect(200);
    const before = await t.http.get('/api/v1/me/attempts').set(auth(student)).expect(200);
    expect(before.body.total).toBe(2);
    const hidden = before.body.items.find((a: { roundId: string }) => a.roundId === pastRound);
    expect(hidden).toMatchObject({
      status: 'submitted',
      score: null,
      rank: null,
      roundClosed: false,
      reviewLevel: 'none',
    });
    const running = before.body.items.find((a: { roundId: string }) => a.roundId === openRound);
    expect(running).toMatchObject({ status: 'in_progress', score: null, submittedAt: null });

    await t.http.post(`/api/v1/rounds/${pastRound}/close`).set(auth(world.world.admin)).send({}).expect(200);
    const after = await t.http.get('/api/v1/me/attempts').set(auth(student)).expect(200);
    const shown = after.body.items.find((a: { roundId: string }) => a.roundId === pastRound);
    expect(shown).toMatchObject({ roundClosed: true, reviewLevel: 'answers', score: 10, maxScore: 10, rank: 1 });
    // A closed round is off the list of what one can enter.
    const rounds = (await contests(student)).items.find((c) => c.id === world.contestId)!.rounds;
    expect(rounds.map((r) => r.id)).not.toContain(pastRound);
  });

  it("shows only the rounds whose audience holds one's unit", async () => {
    const elsewhere = await world.newRound({ title: 'Chỉ Quận Hai', audience: { unitIds: [world.units.d2!] } });
    const mine = await world.newRound({ title: 'Chỉ Quận Một', audience: { unitIds: [world.units.d1!] } });
    const ids = (await contests(student)).items.find((c) => c.id === world.contestId)!.rounds.map((r) => r.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(elsewhere);
    await t.http.get(`/api/v1/rounds/${mine}`).set(auth(student)).expect(200);
    const hidden = await t.http.get(`/api/v1/rounds/${elsewhere}`).set(auth(student)).expect(404);
    expect(hidden.body.code).toBe('ROUND_NOT_FOUND');
    // Someone of Quận Hai sees it, and not Quận Một's.
    const d2 = await createUser(t, {
      username: `hai${Date.now() % 1e5}`,
      roles: ['participant'],
      unitId: world.units['d2/w1']!,
    });
    const theirs = (await contests(d2)).items.find((c) => c.id === world.contestId)!.rounds.map((r) => r.id);
    expect(theirs).toContain(elsewhere);
    expect(theirs).not.toContain(mine);
    // A contest whose every live round is for other units is not listed at all.
    const other = await t.http
      .post('/api/v1/contests')
      .set(auth(world.world.admin))
      .send({ title: 'Cuộc thi riêng Quận Hai' })
      .expect(201);
    await t.http
      .post(`/api/v1/contests/${other.body.id}/rounds`)
      .set(auth(world.world.admin))
      .send(roundBody(world.world.bankId, { audience: { unitIds: [world.units.d2!] } }))
      .expect(201);
    const page = await contests(student);
    expect(page.items.map((c) => c.id)).not.toContain(other.body.id);
    expect((await contests(d2)).items.map((c) => c.id)).toContain(other.body.id);
  });

  it('pages and refuses bad paging and unknown rounds', async () => {
    const one = await contests(student, '?page=1&pageSize=1');
    expect(one.items).toHaveLength(1);
    expect(one.pageSize).toBe(1);
    const beyond = await contests(student, `?page=${one.total + 1}&pageSize=1`);
    expect([beyond.items.length, beyond.total]).toEqual([0, one.total]);
    const mine = await t.http.get('/api/v1/me/attempts?page=2&pageSize=1').set(auth(student)).expect(200);
    expect([mine.body.items.length, mine.body.total]).toEqual([1, 2]);
    const bad = await t.http.get('/api/v1/contests?pageSize=500').set(auth(student)).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const missing = await t.http
      .get('/api/v1/rounds/00000000-0000-4000-8000-000000000000')
      .set(auth(student))
      .expect(404);
    expect(missing.body.code).toBe('ROUND_NOT_FOUND');
    await t.http.get('/api/v1/contests').expect(401);
  });
});
