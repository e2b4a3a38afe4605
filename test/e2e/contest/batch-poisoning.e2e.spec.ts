import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRootLogger, WriteBatcher } from '../../../libs/core/src/index.js';
import { AttemptRepository, type AnswerWrite } from '../../../libs/quiz-engine/src/attempt.repository.js';
import {
  runPoisonedSaveAttack,
  seedShortAnswerRound,
  storedAnswers,
  type Participant,
} from '../../support/poisoned-saves.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** Issue #20, item 1: one participant's malformed answers never fail another participant's saves. */
describe('answer saves under a batch-poisoning attack', () => {
  let t: TestApp;
  let attacker: Participant;
  let innocents: Participant[];
  /** Every line the app logged, at the production level. */
  const log: string[] = [];

  beforeAll(async () => {
    const logger = createRootLogger('info', { write: (line: string) => void log.push(line) });
    t = await startTestApp({}, { logger });
    const { participants } = await seedShortAnswerRound(t, { participants: 5 });
    [attacker, ...innocents] = participants as [Participant, ...Participant[]];
  });
  afterAll(async () => t?.close());

  const innocentIds = () => innocents.flatMap((p) => [p.attemptId, p.user.id]);

  it('refuses the poisoned answer alone with 400 VALIDATION_FAILED, naming the field, and stores nothing', async () => {
    for (const text of ['x\u0000', 'x\uD800', '\uDC00x']) {
      const res = await t.http
        .put(`/api/v1/attempts/${attacker.attemptId}/answers/${attacker.questionIds[0]}`)
        .set('Authorization', `Bearer ${attacker.user.token}`)
        .send({ text })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.text' }] });
    }
    expect((await storedAnswers(t, [attacker.attemptId])).texts.size).toBe(0);
  });

  it('four participants saving while a fifth sends NUL answers in a loop: none of their saves fails, each is stored once', async () => {
    const outcome = await runPoisonedSaveAttack({ baseUrl: t.baseUrl, attacker, innocents, savesEach: 60 });
    expect(outcome.innocentStatuses).toEqual({ 200: 240 });
    expect(Object.keys(outcome.attackerStatuses)).toEqual(['400']);
    expect(outcome.attackerStatuses[400]).toBeGreaterThan(0);
    const stored = await storedAnswers(
      t,
      innocents.map((p) => p.attemptId),
    );
    // Every acknowledged answer is the one stored for its question, in one row.
    expect(stored.texts).toEqual(outcome.acknowledged);
    expect([...stored.rowsPerKey.values()].every((n) => n === 1)).toBe(true);
    expect((await storedAnswers(t, [attacker.attemptId])).texts.size).toBe(0);
    const written = log.join('');
    for (const text of outcome.innocentTexts) expect(written).not.toContain(text);
    for (const id of innocentIds()) expect(written).not.toContain(id);
  });

  it('a poisoned answer that reaches a statement with others fails alone there too: the others are written once', async () => {
    // Past every check, straight into the batcher in front of the real database: the batcher's own defence.
    const repository = t.app.get(AttemptRepository);
    const before = log.length;
    const batcher = new WriteBatcher<AnswerWrite, Date | null>({
      write: (answers) => repository.upsertAnswers(answers),
      name: 'answer saves',
      maxBatch: 100,
      maxInFlight: 1,
    });
    const write = (p: Participant, question: number, text: string): AnswerWrite => ({
      attemptId: p.attemptId,
      userId: p.user.id,
      questionId: p.questionIds[question]!,
      value: { text },
      fraction: 0,
      correct: false,
    });
    const writes = [
      ...innocents.map((p, i) => write(p, 9, `cuối cùng ${i} của người ngay`)),
      write(attacker, 1, 'x\u0000'),
      write(attacker, 2, 'y\uD800'),
    ];
    const outcomes = await Promise.allSettled(writes.map((w) => batcher.push(w)));
    expect(outcomes.map((o) => o.status)).toEqual([...innocents.map(() => 'fulfilled'), 'rejected', 'rejected']);
    for (const o of outcomes.slice(0, innocents.length))
      expect((o as PromiseFulfilledResult<Date | null>).value).toBeInstanceOf(Date);
    const stored = await storedAnswers(
      t,
      innocents.map((p) => p.attemptId),
    );
    innocents.forEach((p, i) =>
      expect(stored.texts.get(`${p.attemptId}/${p.questionIds[9]}`)).toBe(`cuối cùng ${i} của người ngay`),
    );
    expect((await storedAnswers(t, [attacker.attemptId])).texts.size).toBe(0);
    await new Promise((r) => setImmediate(r));
    const lines = log.slice(before).join('');
    expect(lines).toMatch(
      /answer saves: a statement of 6 failed \([0-9A-Z]{5}\); 4 written in smaller statements, 2 refused/,
    );
    for (const id of [...innocentIds(), attacker.attemptId]) expect(lines).not.toContain(id);
    expect(lines).not.toContain('người ngay');
  });
});
