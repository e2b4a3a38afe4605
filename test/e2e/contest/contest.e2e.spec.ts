import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { AttemptService } from '../../../libs/quiz-engine/src/index.js';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { iso, rightOption, roundBody, seedPublishedBank, wrongOption, type ContestWorld } from './contest-fixture.js';

type Question = { id: string; type: string; text: string; options?: { id: string; text: string }[] };

describe('timed online contests', () => {
  let t: TestApp;
  let units: UnitIds;
  let world: ContestWorld;
  let contestId: string;
  let n = 0;

  const auth = (u: SeededUser) => ({ Authorization: `Bearer ${u.token}` });
  const person = (unit = 'd1/w1', over: { fullName?: string; birthDate?: string } = {}) =>
    createUser(t, {
      username: `ts${++n}x${Date.now() % 100000}`,
      roles: ['participant'],
      unitId: units[unit]!,
      ...over,
    });
  const newRound = async (over: Record<string, unknown> = {}) =>
    (
      await t.http
        .post(`/api/v1/contests/${contestId}/rounds`)
        .set(auth(world.admin))
        .send(roundBody(world.bankId, over))
        .expect(201)
    ).body.id as string;
  const start = (u: SeededUser, roundId: string) =>
    t.http.post(`/api/v1/rounds/${roundId}/attempts`).set(auth(u)).send({});
  const save = (u: SeededUser, attemptId: string, questionId: string, body: unknown) =>
    t.http
      .put(`/api/v1/attempts/${attemptId}/answers/${questionId}`)
      .set(auth(u))
      .send(body as object);
  const submit = (u: SeededUser, attemptId: string, body: object = {}) =>
    t.http.post(`/api/v1/attempts/${attemptId}/submit`).set(auth(u)).send(body);
  /** Plays a whole attempt: `right` questions answered right, the rest wrong. */
  const play = async (u: SeededUser, roundId: string, right: number) => {
    const s = await start(u, roundId).expect(201);
    const qs = s.body.questions as Question[];
    for (const [i, q] of qs.entries())
      await save(u, s.body.attemptId, q.id, { optionIds: [i < right ? rightOption(q) : wrongOption(q)] }).expect(200);
    return { attemptId: s.body.attemptId as string, questions: qs };
  };

  beforeAll(async () => {
    t = await startTestApp();
    units = await seedSmallTree(t);
    world = await seedPublishedBank(t, units.city!, 12);
    contestId = (
      await t.http
        .post('/api/v1/contests')
        .set(auth(world.admin))
        .send({ title: 'Cuộc thi tìm hiểu pháp luật thử nghiệm' })
        .expect(201)
    ).body.id;
  });
  afterAll(async () => t?.close());

  describe('creating rounds', () => {
    it.each([
      ['a close time before the open time', { closesAt: iso(Date.now() - 120_000) }, 'VALIDATION_FAILED'],
      ['a time without an offset', { opensAt: '2026-03-02T08:00:00' }, 'VALIDATION_FAILED'],
      ['an unknown counted attempt', { countedAttempt: 'average' }, 'VALIDATION_FAILED'],
      ['an unknown ranking key', { ranking: ['score', 'luck'] }, 'VALIDATION_FAILED'],
      ['zero attempts', { maxAttempts: 0 }, 'VALIDATION_FAILED'],
      [
        'more questions than the bank has',
        { blueprint: [{ category: 'Thử nghiệm', count: 13 }] },
        'BLUEPRINT_UNSATISFIABLE',
      ],
      ['a category with no questions', { blueprint: [{ category: 'Không có', count: 1 }] }, 'BLUEPRINT_UNSATISFIABLE'],
      ['an unknown review level', { review: { afterSubmit: 'score', afterClose: 'everything' } }, 'VALIDATION_FAILED'],
      [
        'a review after close that hides what was shown after submitting',
        { review: { afterSubmit: 'answers', afterClose: 'score' } },
        'VALIDATION_FAILED',
      ],
    ])('refuses %s and creates nothing', async (_l, over, code) => {
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM contest_round');
      const res = await t.http
        .post(`/api/v1/contests/${contestId}/rounds`)
        .set(auth(world.admin))
        .send(roundBody(world.bankId, over));
      expect(res.body.code).toBe(code);
      expect(await t.dataSource.query('SELECT count(*)::int AS n FROM contest_round')).toEqual(before);
    });

    it('lets only organizers create contests', async () => {
      const p = await person();
      expect((await t.http.post('/api/v1/contests').set(auth(p)).send({ title: 'Cuộc thi lạ' })).body.code).toBe(
        'FORBIDDEN',
      );
    });
  });

  describe('an attempt', () => {
    let roundId: string;
    beforeAll(async () => {
      roundId = await newRound();
    });

    it('draws a paper without keys and resumes the same attempt with the same deadline', async () => {
      const p = await person();
      const first = await start(p, roundId).expect(201);
      expect(first.body.questions).toHaveLength(5);
      expect(JSON.stringify(first.body)).not.toMatch(/fraction|"correct"|feedback/);
      expect(new Date(first.body.deadline).getTime() - Date.now()).toBeGreaterThan(590_000);
      const again = await start(p, roundId).expect(201);
      expect(again.body).toMatchObject({
        attemptId: first.body.attemptId,
        deadline: first.body.deadline,
        resumed: true,
      });
      expect(again.body.questions.map((q: Question) => q.id)).toEqual(first.body.questions.map((q: Question) => q.id));
    });

    it('keeps saved answers across a reload', async () => {
      const p = await person();
      const s = await start(p, roundId).expect(201);
      const q = s.body.questions[0] as Question;
      await save(p, s.body.attemptId, q.id, { optionIds: [wrongOption(q)] }).expect(200);
      await save(p, s.body.attemptId, q.id, { optionIds: [rightOption(q)] }).expect(200);
      const again = await start(p, roundId).expect(201);
      expect(again.body.answers).toEqual({ [q.id]: { optionIds: [rightOption(q)] } });
    });

    it('refuses a question not in the paper, an option of another question and malformed values', async () => {
      const p = await person();
      const s = await start(p, roundId).expect(201);
      const [q1, q2] = s.body.questions as Question[];
      const inPaper = new Set((s.body.questions as Question[]).map((q) => q.id));
      const [other] = (await t.dataSource.query('SELECT id FROM question'))
        .map((r: { id: string }) => r.id)
        .filter((id: string) => !inPaper.has(id));
      const cases: [string, unknown][] = [
        [other, { optionIds: [] }],
        [q1!.id, { optionIds: [rightOption(q2!)] }],
        [q1!.id, { optionIds: 'a' }],
        [q1!.id, { optionIds: [rightOption(q1!), wrongOption(q1!)] }],
        [q1!.id, { text: 'Đúng' }],
        [q1!.id, {}],
      ];
      for (const [qid, body] of cases) {
        const res = await save(p, s.body.attemptId, qid, body);
        expect([res.status, res.body.code]).toEqual([400, 'ANSWER_INVALID']);
      }
      // The body's own shape is checked before the question is looked at: unknown fields, not an object.
      for (const body of [{ optionIds: [rightOption(q1!)], points: 10 }, [rightOption(q1!)], { pairs: ['a'] }]) {
        const res = await save(p, s.body.attemptId, q1!.id, body);
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(res.body.message).toEqual(expect.any(String));
      }
      expect(await t.dataSource.query('SELECT * FROM quiz_answer WHERE attempt_id = $1', [s.body.attemptId])).toEqual(
        [],
      );
    });

    it('does not let one person answer in another person’s attempt', async () => {
      const a = await person();
      const b = await person();
      const s = await start(a, roundId).expect(201);
      const q = s.body.questions[0] as Question;
      expect((await save(b, s.body.attemptId, q.id, { optionIds: [rightOption(q)] })).body.code).toBe(
        'ATTEMPT_NOT_FOUND',
      );
      expect((await submit(b, s.body.attemptId)).body.code).toBe('ATTEMPT_NOT_FOUND');
    });

    it.each([[-1], [1.5], [1e12], ['12'], [true]])(
      'refuses the prediction %p and leaves the attempt open',
      async (prediction) => {
        const p = await person();
        const s = await start(p, roundId).expect(201);
        const res = await submit(p, s.body.attemptId, { prediction });
        expect(res.body.code).toBe('PREDICTION_INVALID');
        const [row] = await t.dataSource.query('SELECT status FROM quiz_attempt WHERE id = $1', [s.body.attemptId]);
        expect(row.status).toBe('in_progress');
      },
    );

    it('scores a submission, returns the same result on a second submit, and refuses answers afterwards', async () => {
      const p = await person();
      const { attemptId, questions } = await play(p, roundId, 3);
      const first = await submit(p, attemptId, { prediction: 42 }).expect(200);
      expect(first.body).toMatchObject({ score: 6, maxScore: 10, correctCount: 3, prediction: 42 });
      const second = await submit(p, attemptId, { prediction: 7 }).expect(200);
      expect(second.body).toEqual(first.body);
      const late = await save(p, attemptId, questions[4]!.id, { optionIds: [rightOption(questions[4]!)] });
      expect([late.status, late.body.code]).toEqual([409, 'ATTEMPT_CLOSED']);
    });

    it('scores a submission without answers as zero', async () => {
      const p = await person();
      const s = await start(p, roundId).expect(201);
      expect((await submit(p, s.body.attemptId).expect(200)).body).toMatchObject({
        score: 0,
        maxScore: 10,
        correctCount: 0,
      });
    });

    it('refuses an answer after the deadline whatever time the client claims', async () => {
      const p = await person();
      const s = await start(p, roundId).expect(201);
      const q = s.body.questions[0] as Question;
      await t.dataSource.query("UPDATE quiz_attempt SET deadline = now() - interval '3 seconds' WHERE id = $1", [
        s.body.attemptId,
      ]);
      const res = await save(p, s.body.attemptId, q.id, { optionIds: [rightOption(q)] }).set(
        'Date',
        new Date(Date.now() - 3_600_000).toUTCString(),
      );
      expect([res.status, res.body.code]).toEqual([409, 'ATTEMPT_CLOSED']);
      const lying = await save(p, s.body.attemptId, q.id, {
        optionIds: [rightOption(q)],
        clientTime: Date.now() - 3_600_000,
      });
      expect(lying.status).toBe(400);
    });

    it('takes an answer within the small grace after the deadline', async () => {
      const p = await person();
      const s = await start(p, roundId).expect(201);
      const q = s.body.questions[0] as Question;
      await t.dataSource.query("UPDATE quiz_attempt SET deadline = now() - interval '500 milliseconds' WHERE id = $1", [
        s.body.attemptId,
      ]);
      await save(p, s.body.attemptId, q.id, { optionIds: [rightOption(q)] }).expect(200);
    });

    it('finishes an abandoned attempt at its deadline with what was saved', async () => {
      const p = await person();
      const { attemptId } = await play(p, roundId, 4);
      const [[{ deadline }]] = await t.dataSource.query(
        "UPDATE quiz_attempt SET deadline = now() - interval '3 seconds' WHERE id = $1 RETURNING deadline",
        [attemptId],
      );
      await t.app.get(AttemptService).sweepExpired();
      const [row] = await t.dataSource.query('SELECT * FROM quiz_attempt WHERE id = $1', [attemptId]);
      expect(row).toMatchObject({ status: 'submitted', finished_by: 'deadline', score: 8, correct_count: 4 });
      expect(new Date(row.submitted_at).getTime()).toBe(new Date(deadline).getTime());
      const again = await submit(p, attemptId, { prediction: 3 }).expect(200);
      expect(again.body).toMatchObject({ score: 8, prediction: null });
    });

    it('starts exactly the allowed number of attempts when starts are fired concurrently', async () => {
      const p = await person();
      const ids = new Set<string>();
      for (let round = 0; round < 3; round++) {
        const results = await Promise.all(Array.from({ length: 6 }, () => start(p, roundId)));
        const ok = results.filter((r) => r.status === 201);
        for (const r of ok) ids.add(r.body.attemptId);
        if (round < 2) {
          expect(new Set(ok.map((r) => r.body.attemptId)).size).toBe(1);
          expect(ok).toHaveLength(6);
          await submit(p, ok[0]!.body.attemptId).expect(200);
        } else {
          expect(results.map((r) => r.body.code)).toEqual(Array(6).fill('ATTEMPT_LIMIT_REACHED'));
        }
      }
      expect(ids.size).toBe(2);
      const [{ n: count }] = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM quiz_attempt WHERE user_id = $1 AND context_id = $2',
        [p.id, roundId],
      );
      expect(count).toBe(2);
    });

    it('keeps every person’s own attempt and every answer when many start and answer at the same moment', async () => {
      // Starts and answer saves arriving together are written in shared statements: nothing may cross between people.
      const round = await newRound();
      const people = await Promise.all(Array.from({ length: 12 }, () => person()));
      const started = await Promise.all(people.map((p) => start(p, round).expect(201)));
      expect(new Set(started.map((s) => s.body.attemptId)).size).toBe(people.length);
      const saves = started.flatMap((s, i) =>
        (s.body.questions as Question[]).map((q, j) =>
          save(people[i]!, s.body.attemptId, q.id, { optionIds: [j <= i ? rightOption(q) : wrongOption(q)] }),
        ),
      );
      const acks = await Promise.all(saves);
      expect(acks.every((r) => r.status === 200)).toBe(true);
      const results = await Promise.all(started.map((s, i) => submit(people[i]!, s.body.attemptId).expect(200)));
      const perQuestion = started[0]!.body.questions.length as number;
      results.forEach((r, i) => expect(r.body.correctCount).toBe(Math.min(i + 1, perQuestion)));
      const owners = await t.dataSource.query('SELECT user_id AS "userId" FROM quiz_attempt WHERE context_id = $1', [
        round,
      ]);
      expect(owners.map((o: { userId: string }) => o.userId).sort()).toEqual(people.map((p) => p.id).sort());
    });

    it('draws questions not seen in an earlier attempt first', async () => {
      const round = await newRound({ blueprint: [{ category: 'Thử nghiệm', count: 6 }] });
      const p = await person();
      const a = await start(p, round).expect(201);
      await submit(p, a.body.attemptId).expect(200);
      const b = await start(p, round).expect(201);
      const firstIds = new Set((a.body.questions as Question[]).map((q) => q.id));
      expect((b.body.questions as Question[]).filter((q) => firstIds.has(q.id))).toHaveLength(0);
    });

    it('refuses starts before the round opens and after it closes', async () => {
      const early = await newRound({ opensAt: iso(Date.now() + 3_600_000), closesAt: iso(Date.now() + 7_200_000) });
      const p = await person();
      expect((await start(p, early)).body.code).toBe('ROUND_NOT_OPEN');
      const closed = await newRound();
      await t.http.post(`/api/v1/rounds/${closed}/close`).set(auth(world.admin)).expect(200);
      expect((await start(p, closed)).body.code).toBe('ROUND_NOT_OPEN');
    });
  });

  describe('closing a round', () => {
    let roundId: string;
    const people: Record<string, SeededUser> = {};

    beforeAll(async () => {
      roundId = await newRound({ maxAttempts: 2 });
      // Three perfect papers: the true value of "how many answer everything right" is 3.
      people.exact = await person('d1/w1');
      people.exactSlow = await person('d1/w2');
      people.far = await person('d2/w1', { fullName: 'Trần Thị Bình', birthDate: '2012-04-01' });
      people.low = await person('d2/s1', { fullName: '=HYPERLINK("http://x","bấm")' });
      people.open = await person('d1/w1');
      const durations: Record<string, number> = { exact: 60, exactSlow: 90, far: 30, low: 20 };
      for (const [key, right, prediction] of [
        ['exact', 5, 3],
        ['exactSlow', 5, 3],
        ['far', 5, 10],
        ['low', 2, 3],
      ] as const) {
        const { attemptId } = await play(people[key]!, roundId, right);
        await t.dataSource.query(
          `UPDATE quiz_attempt SET started_at = now() - make_interval(secs => $2) WHERE id = $1`,
          [attemptId, durations[key]],
        );
        await submit(people[key]!, attemptId, { prediction }).expect(200);
      }
      // A second, worse attempt does not replace the best one.
      const second = await play(people.exact!, roundId, 1);
      await submit(people.exact!, second.attemptId, { prediction: 3 }).expect(200);
      await play(people.open!, roundId, 5);
    });

    it('refuses the leaderboard before the round closes', async () => {
      expect((await t.http.get(`/api/v1/rounds/${roundId}/leaderboard`).set(auth(people.exact!))).body.code).toBe(
        'ROUND_NOT_CLOSED',
      );
    });

    it('lets only organizers close a round', async () => {
      expect((await t.http.post(`/api/v1/rounds/${roundId}/close`).set(auth(people.exact!))).body.code).toBe(
        'FORBIDDEN',
      );
    });

    it('auto-submits open attempts, computes the prediction once and freezes the ranking', async () => {
      const closed = await t.http.post(`/api/v1/rounds/${roundId}/close`).set(auth(world.admin)).expect(200);
      // open: 5 right, auto-submitted at close → four perfect scorers
      expect(closed.body).toMatchObject({ predictionValue: 4, participants: 5, autoSubmitted: 1 });
      const again = await t.http.post(`/api/v1/rounds/${roundId}/close`).set(auth(world.admin)).expect(200);
      expect(again.body).toMatchObject({ predictionValue: 4, autoSubmitted: 0 });
    });

    it('ranks ties on score by prediction distance, then by time used', async () => {
      const board = await t.http
        .get(`/api/v1/rounds/${roundId}/leaderboard?limit=10`)
        .set(auth(people.low!))
        .expect(200);
      const order = board.body.map(
        (r: { userId: string }) => Object.entries(people).find(([, u]) => u.id === r.userId)![0],
      );
      // exact and exactSlow predicted 3 (distance 1), far predicted 10 (6), open made no prediction.
      expect(order).toEqual(['exact', 'exactSlow', 'far', 'open', 'low']);
      expect(board.body.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3, 4, 5]);
      expect(board.body[0]).toMatchObject({ score: 10, prediction: 3, unitId: units['d1/w1'] });
      expect(Object.keys(board.body[0]).sort()).toEqual(
        ['displayName', 'durationMs', 'prediction', 'rank', 'score', 'submittedAt', 'unitId', 'userId'].sort(),
      );
    });

    it('shows a minor without consent by initials', async () => {
      const board = await t.http.get(`/api/v1/rounds/${roundId}/leaderboard`).set(auth(people.low!)).expect(200);
      expect(board.body.find((r: { userId: string }) => r.userId === people.far!.id).displayName).toBe('T. T. Bình');
    });

    it('returns the same frozen ranking on every read, even after later changes to attempts', async () => {
      const a = await t.http.get(`/api/v1/rounds/${roundId}/leaderboard`).set(auth(people.low!)).expect(200);
      await t.dataSource.query('UPDATE quiz_attempt SET score = 0 WHERE context_id = $1', [roundId]);
      const b = await t.http.get(`/api/v1/rounds/${roundId}/leaderboard`).set(auth(people.low!)).expect(200);
      expect(b.body).toEqual(a.body);
      await t.dataSource.query(
        'UPDATE quiz_attempt a SET score = r.score FROM round_ranking r WHERE r.attempt_id = a.id AND r.round_id = $1',
        [roundId],
      );
    });

    it('tells a participant their rank and why', async () => {
      const me = await t.http.get(`/api/v1/rounds/${roundId}/my-rank`).set(auth(people.exactSlow!)).expect(200);
      expect(me.body).toMatchObject({
        rank: 2,
        score: 10,
        maxScore: 10,
        prediction: 3,
        predictionValue: 4,
        predictionDistance: 1,
        participants: 5,
      });
      expect(me.body.explanation).toMatch(/^Hạng 2: 10\/10 điểm, dự đoán 3, lệch 1/);
    });

    it('counts participants and attempts per unit over the whole subtree', async () => {
      const stats = await t.http.get(`/api/v1/rounds/${roundId}/unit-stats`).set(auth(world.admin)).expect(200);
      const by = (code: string) => stats.body.find((s: { unitId: string }) => s.unitId === units[code]);
      expect(by('city')).toMatchObject({ participants: 5, attempts: 6 });
      expect(by('d1')).toMatchObject({ participants: 3, attempts: 4, members: 100 + 300 + 200 + 50 + 150 + 100 });
      expect(by('d1').rate).toBeCloseTo(3 / 900);
      expect(by('d2')).toMatchObject({ participants: 2, rankByCount: 2 });
      expect(by('d1').rankByCount).toBe(1);
      expect(by('d1/w1')).toMatchObject({ participants: 2 });
      const sub = await t.http
        .get(`/api/v1/rounds/${roundId}/unit-stats?unitId=${units.d2}`)
        .set(auth(world.admin))
        .expect(200);
      expect(sub.body.map((s: { unitId: string }) => s.unitId).sort()).toEqual(
        [units.d2, units['d2/w1'], units['d2/s1']].sort(),
      );
    });

    it('lists prizes from the frozen ranking', async () => {
      await t.http
        .post(`/api/v1/rounds/${roundId}/prizes`)
        .set(auth(world.admin))
        .send({ first: 1, second: 1, third: 1, consolation: 1 })
        .expect(200);
      const prizes = await t.http.get(`/api/v1/rounds/${roundId}/prizes`).set(auth(people.low!)).expect(200);
      expect(prizes.body.winners.map((w: { prizeLabel: string; userId: string }) => [w.prizeLabel, w.userId])).toEqual([
        ['Giải Nhất', people.exact!.id],
        ['Giải Nhì', people.exactSlow!.id],
        ['Giải Ba', people.far!.id],
        ['Giải Khuyến khích', people.open!.id],
      ]);
      const bad = await t.http
        .post(`/api/v1/rounds/${roundId}/prizes`)
        .set(auth(world.admin))
        .send({ first: -1, second: 1, third: 1, consolation: 1 });
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });

    it('exports results to XLSX with Vietnamese headers, dd/mm/yyyy dates and formulas neutralized, and logs it', async () => {
      const res = await t.http
        .get(`/api/v1/rounds/${roundId}/results.xlsx`)
        .set(auth(world.admin))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as never);
      const ws = wb.worksheets[0]!;
      expect(ws.getRow(1).getCell(1).value).toBe('Hạng');
      expect(ws.getRow(1).getCell(2).value).toBe('Họ và tên');
      expect(String(ws.getRow(2).getCell(9).value)).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
      const names = Array.from({ length: 5 }, (_, i) => ws.getRow(i + 2).getCell(2).value);
      expect(names).toContain(`'=HYPERLINK("http://x","bấm")`);
      const audit = await t.dataSource.query(
        "SELECT * FROM audit_event WHERE action = 'round.export.results' AND target = $1",
        [roundId],
      );
      expect(audit).toHaveLength(1);
      const stats = await t.http.get(`/api/v1/rounds/${roundId}/unit-stats.xlsx`).set(auth(world.admin)).expect(200);
      expect(stats.headers['content-type']).toContain('spreadsheetml');
    });

    it('refuses exports to participants', async () => {
      expect((await t.http.get(`/api/v1/rounds/${roundId}/results.xlsx`).set(auth(people.low!))).body.code).toBe(
        'FORBIDDEN',
      );
    });

    it('gives item analysis per question drawn', async () => {
      const res = await t.http.get(`/api/v1/rounds/${roundId}/item-analysis`).set(auth(world.admin)).expect(200);
      expect(res.body.length).toBeGreaterThan(0);
      for (const item of res.body) {
        expect(item.facility).toBeGreaterThanOrEqual(0);
        expect(item.facility).toBeLessThanOrEqual(1);
      }
    });

    it('lists suspicious attempts for review without changing any result', async () => {
      const before = await t.http.get(`/api/v1/rounds/${roundId}/leaderboard`).set(auth(people.low!)).expect(200);
      const flags = await t.http.get(`/api/v1/rounds/${roundId}/flags`).set(auth(world.admin)).expect(200);
      // The attempt finished by the close had five right answers within a second or two: impossibly fast.
      const fast = flags.body.filter((f: { kind: string }) => f.kind === 'too_fast');
      expect(fast.map((f: { userIds: string[] }) => f.userIds[0])).toEqual([people.open!.id]);
      const after = await t.http.get(`/api/v1/rounds/${roundId}/leaderboard`).set(auth(people.low!)).expect(200);
      expect(after.body).toEqual(before.body);
    });
  });

  describe('reviewing one’s own attempt', () => {
    const LEVELS = ['none', 'score', 'answers', 'solutions'];
    const at = (level: string, least: string) => LEVELS.indexOf(level) >= LEVELS.indexOf(least);
    type Review = Record<string, unknown> & { questions?: (Question & Record<string, unknown>)[] };

    /** Three right, one wrong, one left unanswered; submitted. */
    const takePart = async (roundId: string) => {
      const p = await person();
      const s = await start(p, roundId).expect(201);
      const questions = s.body.questions as Question[];
      const given = new Map<string, string>();
      for (const [i, q] of questions.slice(0, 4).entries()) {
        given.set(q.id, i < 3 ? rightOption(q) : wrongOption(q));
        await save(p, s.body.attemptId, q.id, { optionIds: [given.get(q.id)] }).expect(200);
      }
      return { p, attemptId: s.body.attemptId as string, questions, given };
    };
    const review = (u: SeededUser, attemptId: string) =>
      t.http.get(`/api/v1/attempts/${attemptId}/review`).set(auth(u));

    /** Exactly what `level` allows, nothing more. */
    const expectShown = (body: Review, level: string, taken: Awaited<ReturnType<typeof takePart>>) => {
      expect(body.level).toBe(level);
      if (at(level, 'score'))
        expect(body).toMatchObject({ score: 6, maxScore: 10, correctCount: 3, finishedBy: 'participant' });
      else for (const key of ['score', 'maxScore', 'correctCount', 'durationMs']) expect(body).not.toHaveProperty(key);
      if (!at(level, 'answers')) return expect(body).not.toHaveProperty('questions');
      // The paper as drawn, in the same order, with each saved answer marked.
      expect(body.questions!.map((q) => q.id)).toEqual(taken.questions.map((q) => q.id));
      for (const [i, q] of body.questions!.entries()) {
        const mine = taken.given.get(q.id);
        expect(q.options!.map((o) => o.id)).toEqual(taken.questions[i]!.options!.map((o) => o.id));
        expect(q).toMatchObject({
          answer: mine ? { optionIds: [mine] } : null,
          correct: i < 3,
          points: i < 3 ? 2 : 0,
          maxPoints: 2,
        });
        if (at(level, 'solutions')) expect(q.correctAnswer).toEqual({ optionIds: [rightOption(taken.questions[i]!)] });
      }
      if (!at(level, 'solutions')) expect(JSON.stringify(body)).not.toMatch(/correctAnswer|fraction|feedback/);
    };

    it.each([
      ['none', 'score'],
      ['score', 'answers'],
      ['answers', 'solutions'],
      ['solutions', 'solutions'],
      ['none', 'none'],
    ])('shows %s after submitting and %s once the round is closed', async (afterSubmit, afterClose) => {
      const roundId = await newRound({ review: { afterSubmit, afterClose } });
      const taken = await takePart(roundId);
      const submitted = await submit(taken.p, taken.attemptId).expect(200);
      // The submission's own answer shows the score only where the review options do.
      if (at(afterSubmit, 'score')) expect(submitted.body).toMatchObject({ score: 6, maxScore: 10, correctCount: 3 });
      else expect(submitted.body).toMatchObject({ score: null, maxScore: null, correctCount: null });

      const open = await review(taken.p, taken.attemptId).expect(200);
      expectShown(open.body as Review, afterSubmit, taken);
      expect(open.body).toMatchObject({ roundClosed: false, attemptId: taken.attemptId, roundId });
      if (afterClose !== afterSubmit) expect(open.body.moreAfterClose).toBe(afterClose);
      else expect(open.body).not.toHaveProperty('moreAfterClose');

      await t.http.post(`/api/v1/rounds/${roundId}/close`).set(auth(world.admin)).expect(200);
      const closed = await review(taken.p, taken.attemptId).expect(200);
      expectShown(closed.body as Review, afterClose, taken);
      expect(closed.body.roundClosed).toBe(true);
      expect(closed.body).not.toHaveProperty('moreAfterClose');
    });

    it('shows nothing of an attempt still in progress, even when the round shows the key after submitting', async () => {
      const roundId = await newRound({ review: { afterSubmit: 'solutions', afterClose: 'solutions' } });
      const taken = await takePart(roundId);
      const res = await review(taken.p, taken.attemptId);
      expect([res.status, res.body.code]).toEqual([409, 'ATTEMPT_IN_PROGRESS']);
      expect(res.body.message).toBe('Lượt thi chưa nộp bài nên chưa thể xem lại.');
      expect(JSON.stringify(res.body)).not.toMatch(/correctAnswer|optionIds|Đúng/);
    });

    it('reviews an attempt finished by the close with what was saved', async () => {
      const roundId = await newRound({ review: { afterSubmit: 'score', afterClose: 'answers' } });
      const taken = await takePart(roundId);
      expect((await review(taken.p, taken.attemptId)).body.code).toBe('ATTEMPT_IN_PROGRESS');
      await t.http.post(`/api/v1/rounds/${roundId}/close`).set(auth(world.admin)).expect(200);
      const res = await review(taken.p, taken.attemptId).expect(200);
      expect(res.body).toMatchObject({ level: 'answers', finishedBy: 'close', score: 6, correctCount: 3 });
      expect(res.body.questions.filter((q: { answer: unknown }) => q.answer !== null)).toHaveLength(4);
    });

    it('does not show one person’s attempt to another', async () => {
      const roundId = await newRound({ review: { afterSubmit: 'solutions', afterClose: 'solutions' } });
      const taken = await takePart(roundId);
      await submit(taken.p, taken.attemptId).expect(200);
      const other = await person();
      const res = await review(other, taken.attemptId);
      expect([res.status, res.body.code]).toEqual([404, 'ATTEMPT_NOT_FOUND']);
      expect((await review(world.admin, taken.attemptId)).body.code).toBe('ATTEMPT_NOT_FOUND');
    });
  });

  describe('regrading after a key correction', () => {
    it('rescores with the corrected version, re-freezes the ranking and records what changed', async () => {
      const roundId = await newRound({ blueprint: [{ category: 'Thử nghiệm', count: 12 }], maxAttempts: 1 });
      const a = await person();
      const b = await person();
      const pa = await play(a, roundId, 12);
      await submit(a, pa.attemptId).expect(200);
      const pb = await play(b, roundId, 11);
      await submit(b, pb.attemptId).expect(200);
      await t.http.post(`/api/v1/rounds/${roundId}/close`).set(auth(world.admin)).expect(200);
      // b answered one question "wrong" with a distractor: correct the key so that distractor is the right answer.
      const [wrongQ, wrongOptId] = await t.dataSource
        .query(
          `SELECT question_id, value->'optionIds'->>0 AS opt FROM quiz_answer WHERE attempt_id = $1 AND NOT correct`,
          [pb.attemptId],
        )
        .then((r: { question_id: string; opt: string }[]) => [r[0]!.question_id, r[0]!.opt]);
      const author = await createUser(t, { username: `tacgia${Date.now()}`, roles: ['author'], unitId: units.city! });
      const current = await t.http.get(`/api/v1/questions/${wrongQ}`).set(auth(world.admin)).expect(200);
      const c = current.body.content;
      const options = c.options.map((o: { id: string; text: string; fraction: number }) => ({
        text: o.text,
        fraction: o.id === wrongOptId ? 1 : 0,
      }));
      const edited = await t.http
        .put(`/api/v1/questions/${wrongQ}`)
        .set(auth(author))
        .send({
          type: 'single',
          text: c.text,
          category: current.body.category,
          options,
          baseVersion: current.body.version,
        })
        .expect(200);
      await t.http.post(`/api/v1/questions/${wrongQ}/submit`).set(auth(author)).send({}).expect(200);
      await t.http
        .post(`/api/v1/questions/${wrongQ}/approve`)
        .set(auth(world.admin))
        .send({ version: edited.body.version })
        .expect(200);

      const before = await t.http.get(`/api/v1/rounds/${roundId}/leaderboard`).set(auth(a)).expect(200);
      expect(before.body.map((r: { userId: string }) => r.userId)).toEqual([a.id, b.id]);
      const regrade = await t.http.post(`/api/v1/rounds/${roundId}/regrade`).set(auth(world.admin)).expect(200);
      expect(regrade.body).toMatchObject({
        questionsChanged: 1,
        answersRescored: 2,
        attemptsChanged: 2,
        ranksChanged: 2,
      });
      const after = await t.http.get(`/api/v1/rounds/${roundId}/leaderboard`).set(auth(a)).expect(200);
      expect(after.body.map((r: { userId: string; score: number }) => [r.userId, r.score])).toEqual([
        [b.id, 24],
        [a.id, 22],
      ]);
      const [record] = await t.dataSource.query('SELECT changes FROM round_regrade WHERE round_id = $1', [roundId]);
      expect(record.changes.questions[0].questionId).toBe(wrongQ);
      const again = await t.http.post(`/api/v1/rounds/${roundId}/regrade`).set(auth(world.admin)).expect(200);
      expect(again.body).toMatchObject({ answersRescored: 0, ranksChanged: 0 });
      // Each freeze builds a new partition and drops the one it replaces: one table per round, whatever the history.
      const partitions = await t.dataSource.query(
        `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'round_ranking'::regclass AND c.relname LIKE $1`,
        [`round_ranking_${roundId.replaceAll('-', '')}%`],
      );
      expect(partitions).toHaveLength(1);
      const stale = await t.http.get(`/api/v1/rounds/${roundId}/leaderboard`).set(auth(a)).expect(200);
      expect(stale.body).toEqual(after.body);
    });
  });
});
