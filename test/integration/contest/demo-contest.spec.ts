import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedOnFirstStart } from '../../../apps/api/src/seed.js';
import { createRootLogger } from '../../../libs/core/src/index.js';
import { DemoContest } from '../../../libs/contest/src/index.js';
import { ImportService } from '../../../libs/question-bank/src/index.js';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, startTestApp, type TestApp } from '../../support/test-app.js';

describe('demo contest', () => {
  let t: TestApp;
  let units: UnitIds;
  beforeAll(async () => {
    t = await startTestApp();
    units = await seedSmallTree(t);
  });
  afterAll(async () => t?.close());

  it('opens a weekly round with a prediction question on the demo bank, once', async () => {
    const bank = await t.app.get(ImportService).seedDemoBank();
    const demo = await t.app.get(DemoContest).seedDemoContest(bank!.bankId);
    expect(demo).not.toBeNull();
    // No demo participant in this tree: no closed week either.
    expect(demo!.closedRoundId).toBeNull();
    expect(await t.app.get(DemoContest).seedDemoContest(bank!.bankId)).toBeNull();
    const p = await createUser(t, { username: 'demo-thi-sinh', roles: ['participant'], unitId: units['d1/w1']! });
    const started = await t.http
      .post(`/api/v1/rounds/${demo!.roundId}/attempts`)
      .set('Authorization', `Bearer ${p.token}`)
      .expect(201);
    expect(started.body.questions.length).toBeGreaterThan(0);
    expect(started.body.predictionQuestion).toMatch(/trả lời đúng tất cả/);
  });
});

describe('the demo contest of `npm start`', () => {
  let t: TestApp;
  const signIn = async (username: string) =>
    (await t.http.post('/api/v1/auth/login').send({ username, password: 'HaiDang@2025' }).expect(200)).body
      .accessToken as string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedOnFirstStart(t.app, { ...t.config, loadDemoData: true }, createRootLogger('silent'));
  }, 180_000);
  afterAll(async () => t?.close());

  it('has last week closed, taken by the two demo participants: ranking, my rank, review and unit statistics', async () => {
    const an = { Authorization: `Bearer ${await signIn('thisinh.an')}` };
    const mine = (await t.http.get('/api/v1/me/attempts').set(an).expect(200)).body.items as {
      attemptId: string;
      roundId: string;
      roundTitle: string;
      status: string;
      roundClosed: boolean;
      score: number | null;
      rank: number | null;
    }[];
    const taken = mine.find((a) => a.roundTitle === 'Tuần 1')!;
    expect(taken).toMatchObject({ status: 'submitted', roundClosed: true });
    expect(taken.score).not.toBeNull();
    expect([1, 2]).toContain(taken.rank);
    const lastWeek = taken.roundId;

    const board = (await t.http.get(`/api/v1/rounds/${lastWeek}/leaderboard`).set(an).expect(200)).body;
    // Both demo participants ranked; Bình is a minor, shown by her initials.
    expect(board.map((r: { displayName: string }) => r.displayName).sort()).toEqual(['Nguyễn Văn An', 'T. T. Bình']);
    expect((await t.http.get(`/api/v1/rounds/${lastWeek}/my-rank`).set(an).expect(200)).body).toBeTruthy();
    const review = (await t.http.get(`/api/v1/attempts/${taken.attemptId}/review`).set(an).expect(200)).body;
    expect(JSON.stringify(review)).toMatch(/correct/i);
    // This week's round is open beside it, with every attempt left.
    const contests = (await t.http.get('/api/v1/contests').set(an).expect(200)).body;
    expect(JSON.stringify(contests)).toMatch(/Tuần 2/);

    const organizer = { Authorization: `Bearer ${await signIn('tochuc.lechan')}` };
    const stats = (await t.http.get(`/api/v1/rounds/${lastWeek}/unit-stats`).set(organizer).expect(200)).body;
    expect(JSON.stringify(stats)).toMatch(/Lê Chân/);
  });
});
