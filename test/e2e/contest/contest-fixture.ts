import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, type SeededUser, type TestApp } from '../../support/test-app.js';

/** GIFT text: n single-choice questions whose right answer is always "Đúng <i>", in one category. */
export function giftBank(n: number, category = 'Thử nghiệm'): string {
  const lines = [`$CATEGORY: ${category}`, ''];
  for (let i = 1; i <= n; i++)
    lines.push(`::Câu ${i}::Câu hỏi thử số ${i}? {=Đúng ${i} ~Sai A${i} ~Sai B${i} ~Sai C${i}}`, '');
  return lines.join('\n');
}

export interface ContestWorld {
  admin: SeededUser;
  bankId: string;
}

/** A bank with published questions, seeded through the bank's own import API (reviewer: imported as published). */
export async function seedPublishedBank(t: TestApp, unitId: string, questions: number): Promise<ContestWorld> {
  const admin = await createUser(t, {
    username: `btc${Date.now()}`,
    roles: ['admin', 'organizer', 'reviewer'],
    unitId,
  });
  const bank = await t.http
    .post('/api/v1/question-banks')
    .set('Authorization', `Bearer ${admin.token}`)
    .send({ name: 'Ngân hàng thử nghiệm cuộc thi' })
    .expect(201);
  const bankId = bank.body.id as string;
  await t.http
    .post(`/api/v1/question-banks/${bankId}/imports?publish=true`)
    .set('Authorization', `Bearer ${admin.token}`)
    .attach('file', Buffer.from(giftBank(questions), 'utf8'), 'ngan-hang.gift')
    .expect(201);
  return { admin, bankId };
}

export const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

export function roundBody(bankId: string, over: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    title: 'Tuần 1',
    bankId,
    opensAt: iso(now - 60_000),
    closesAt: iso(now + 3_600_000),
    durationSeconds: 600,
    maxAttempts: 2,
    countedAttempt: 'best',
    blueprint: [{ category: 'Thử nghiệm', count: 5 }],
    pointsPerQuestion: 2,
    prediction: { question: 'Có bao nhiêu người trả lời đúng tất cả các câu?', target: 'perfect_scorers' },
    ...over,
  };
}

/** The id of the right option of a drawn question ("Đúng …"), read from the public paper (texts, not keys). */
export function rightOption(q: { options?: { id: string; text: string }[] }): string {
  return q.options!.find((o) => o.text.startsWith('Đúng'))!.id;
}
export function wrongOption(q: { options?: { id: string; text: string }[] }): string {
  return q.options!.find((o) => o.text.startsWith('Sai'))!.id;
}

/** The small unit tree, a bank of 12 published questions and a contest; `newRound` adds a round to it. */
export async function seedContest(t: TestApp, title: string) {
  const units: UnitIds = await seedSmallTree(t);
  const world = await seedPublishedBank(t, units.city!, 12);
  const auth = { Authorization: `Bearer ${world.admin.token}` };
  const contestId = (await t.http.post('/api/v1/contests').set(auth).send({ title }).expect(201)).body.id as string;
  const newRound = async (over: Record<string, unknown>) =>
    (
      await t.http
        .post(`/api/v1/contests/${contestId}/rounds`)
        .set(auth)
        .send(roundBody(world.bankId, over))
        .expect(201)
    ).body.id as string;
  return { units, world, contestId, newRound };
}
