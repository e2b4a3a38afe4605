import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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
