/**
 * The batch-poisoning attack of issue #20, reusable by fault and load tests: one participant saves answers holding a
 * NUL character in a loop while others save valid answers at the same time. Answer saves are written in groups (one
 * statement for many saves), so a malformed answer that reached a group used to fail everyone's saves in it.
 */
import { roundBody } from '../e2e/contest/contest-fixture.js';
import { seedSmallTree } from '../factories/units.js';
import { createUser, type SeededUser, type TestApp } from './test-app.js';

export const POISON_CATEGORY = 'Điền từ';

/** GIFT: n short-answer questions (the participant types the answer: free text reaches the database). */
function shortAnswerBank(n: number): string {
  const lines = [`$CATEGORY: ${POISON_CATEGORY}`, ''];
  for (let i = 1; i <= n; i++) lines.push(`::Điền ${i}::Điền từ còn thiếu số ${i}? {=đáp án ${i}}`, '');
  return lines.join('\n');
}

export interface Participant {
  user: SeededUser;
  attemptId: string;
  questionIds: string[];
}

/**
 * A round of `questions` short-answer questions open for an hour, and `participants` people each with an attempt
 * started in it (the first one is meant as the attacker).
 */
export async function seedShortAnswerRound(
  t: TestApp,
  options: { participants: number; questions?: number },
): Promise<{ roundId: string; contestId: string; bankId: string; participants: Participant[] }> {
  const questions = options.questions ?? 10;
  const units = await seedSmallTree(t);
  const tag = Date.now().toString(36);
  const admin = await createUser(t, {
    username: `btc-poison-${tag}`,
    roles: ['admin', 'organizer', 'reviewer'],
    unitId: units.city!,
  });
  const auth = { Authorization: `Bearer ${admin.token}` };
  const bankId = (await t.http.post('/api/v1/question-banks').set(auth).send({ name: 'Điền từ' }).expect(201)).body
    .id as string;
  await t.http
    .post(`/api/v1/question-banks/${bankId}/imports?publish=true`)
    .set(auth)
    .attach('file', Buffer.from(shortAnswerBank(questions), 'utf8'), 'dien-tu.gift')
    .expect(201);
  const contestId = (await t.http.post('/api/v1/contests').set(auth).send({ title: 'Điền từ' }).expect(201)).body
    .id as string;
  const roundId = (
    await t.http
      .post(`/api/v1/contests/${contestId}/rounds`)
      .set(auth)
      .send(
        roundBody(bankId, {
          title: 'Tuần điền từ',
          durationSeconds: 3_000,
          maxAttempts: 1,
          blueprint: [{ category: POISON_CATEGORY, count: questions }],
          prediction: undefined,
        }),
      )
      .expect(201)
  ).body.id as string;
  const participants: Participant[] = [];
  for (let i = 0; i < options.participants; i++) {
    const user = await createUser(t, {
      username: `ts-poison-${tag}-${i}`,
      roles: ['participant'],
      unitId: units['d1/w1']!,
    });
    const started = await t.http
      .post(`/api/v1/rounds/${roundId}/attempts`)
      .set('Authorization', `Bearer ${user.token}`)
      .send({})
      .expect(201);
    participants.push({
      user,
      attemptId: started.body.attemptId as string,
      questionIds: (started.body.questions as { id: string }[]).map((q) => q.id),
    });
  }
  return { roundId, contestId, bankId, participants };
}

export interface AttackOutcome {
  /** Every innocent save's status, counted by status. */
  innocentStatuses: Record<number, number>;
  /** The attacker's statuses, counted by status. */
  attackerStatuses: Record<number, number>;
  /** Per innocent attempt and question, the last value the server acknowledged (200). */
  acknowledged: Map<string, string>;
  /** The texts the innocents sent (a log must hold none of them). */
  innocentTexts: string[];
}

const key = (attemptId: string, questionId: string) => `${attemptId}/${questionId}`;

function count(into: Record<number, number>, status: number): void {
  into[status] = (into[status] ?? 0) + 1;
}

/**
 * Innocents save `savesEach` valid answers each, `concurrency` at a time (save i goes to question i mod n, so one
 * question never has two saves in flight), while the attacker saves "x\u0000" answers, `concurrency` at a time, until
 * the innocents are done. Plain fetch over keep-alive connections, loopback only; every loop is bounded.
 */
export async function runPoisonedSaveAttack(options: {
  baseUrl: string;
  attacker: Participant;
  innocents: Participant[];
  savesEach: number;
  concurrency?: number;
}): Promise<AttackOutcome> {
  const concurrency = options.concurrency ?? 3;
  const outcome: AttackOutcome = {
    innocentStatuses: {},
    attackerStatuses: {},
    acknowledged: new Map(),
    innocentTexts: [],
  };
  const save = (p: Participant, questionId: string, text: string) =>
    fetch(`${options.baseUrl}/api/v1/attempts/${p.attemptId}/answers/${questionId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${p.user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    }).then(async (res) => {
      await res.arrayBuffer();
      return res.status;
    });
  let innocentsDone = false;
  const innocent = async (p: Participant, which: number) => {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < options.savesEach; i = next++) {
        const questionId = p.questionIds[i % p.questionIds.length]!;
        const text = `trả lời ${which}-${i} của người ngay`;
        outcome.innocentTexts.push(text);
        const status = await save(p, questionId, text);
        count(outcome.innocentStatuses, status);
        if (status === 200) outcome.acknowledged.set(key(p.attemptId, questionId), text);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  // Bounded even if the innocents stall: at most ten poisoned saves per innocent save.
  const attackBudget = options.savesEach * options.innocents.length * 10;
  let attacks = 0;
  const attackerWorker = async () => {
    for (let i = 0; !innocentsDone && attacks < attackBudget; i++) {
      attacks++;
      const questionId = options.attacker.questionIds[i % options.attacker.questionIds.length]!;
      count(outcome.attackerStatuses, await save(options.attacker, questionId, 'x\u0000'));
    }
  };
  const attack = Promise.all(Array.from({ length: concurrency }, attackerWorker));
  await Promise.all(options.innocents.map((p, i) => innocent(p, i))).finally(() => (innocentsDone = true));
  await attack;
  return outcome;
}

/** The answers stored for these attempts: `attemptId/questionId` → the text saved, and how many rows each has. */
export async function storedAnswers(
  t: TestApp,
  attemptIds: string[],
): Promise<{ texts: Map<string, string>; rowsPerKey: Map<string, number> }> {
  const rows: { attemptId: string; questionId: string; text: string | null }[] = await t.dataSource.query(
    `SELECT attempt_id AS "attemptId", question_id AS "questionId", value->>'text' AS text
     FROM quiz_answer WHERE attempt_id = ANY($1::uuid[])`,
    [attemptIds],
  );
  const texts = new Map<string, string>();
  const rowsPerKey = new Map<string, number>();
  for (const r of rows) {
    const k = key(r.attemptId, r.questionId);
    texts.set(k, r.text ?? '');
    rowsPerKey.set(k, (rowsPerKey.get(k) ?? 0) + 1);
  }
  return { texts, rowsPerKey };
}
