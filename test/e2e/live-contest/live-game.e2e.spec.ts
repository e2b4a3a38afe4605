import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import { WebSocket } from 'ws';
import type {
  HostView,
  LiveGameState,
  PlayerAnswerResult,
  PlayerJoinResult,
  QuestionSnapshot,
} from '../../../libs/contracts/src/index.js';
import { Clock } from '../../../libs/core/src/index.js';
import {
  LiveBroadcaster,
  LiveGameEngine,
  LiveGameService,
  LiveSettings,
  LiveStateStore,
} from '../../../libs/live-contest/src/index.js';
import { UnitRepository } from '../../../libs/identity/src/units/unit.repository.js';
import { QuestionBankReader } from '../../../libs/question-bank/src/index.js';
import { createUser, type SeededUser, startTestApp, type TestApp } from '../../support/test-app.js';
import {
  answerFor,
  call,
  connected,
  errorCode,
  liveFixture,
  type LiveClient,
  type LiveFixture,
  next,
  ok,
  Sockets,
} from './live-support.js';

describe('live games: one instance', () => {
  let t: TestApp;
  let f: LiveFixture;
  let settings: LiveSettings;
  const defaults = new LiveSettings();

  beforeAll(async () => {
    t = await startTestApp();
    f = await liveFixture(t, 'lg');
    settings = t.app.get(LiveSettings);
  });
  afterAll(async () => t?.close());

  const singles = () => [...f.questions.values()].filter((q) => q.type === 'single');

  async function createGame(overrides: Record<string, unknown> = {}, token = f.organizer.token) {
    const picked = singles().slice(0, 3);
    const res = await t.http
      .post('/api/v1/live-games')
      .set('Authorization', `Bearer ${token}`)
      .send({
        title: 'Đố vui thử nghiệm',
        bankId: f.bankId,
        questionCount: 3,
        questionTimeSeconds: 20,
        questionIds: picked.map((q) => q.questionId),
        ...overrides,
      });
    return { res, questions: picked as QuestionSnapshot[] };
  }

  async function hostAndPlayers(sockets: Sockets, nicknames: string[], overrides: Record<string, unknown> = {}) {
    const { res, questions } = await createGame(overrides);
    expect(res.status).toBe(201);
    const { gameId, pin } = res.body as { gameId: string; pin: string };
    const host = sockets.connect(t.baseUrl, f.organizer.token);
    await connected(host);
    await ok(call<HostView>(host, 'host:open', { gameId }));
    const players: { socket: LiveClient; join: PlayerJoinResult }[] = [];
    for (const nickname of nicknames) {
      const socket = sockets.connect(t.baseUrl);
      await connected(socket);
      players.push({ socket, join: await ok(call<PlayerJoinResult>(socket, 'player:join', { pin, nickname })) });
    }
    return { gameId, pin, host, players, questions };
  }

  describe('creating a game over HTTP', () => {
    it('gives a 6-digit PIN, a join link and its QR code, and shows the game to its host', async () => {
      const { res } = await createGame();
      expect(res.status).toBe(201);
      expect(res.body.pin).toMatch(/^\d{6}$/);
      expect(res.body.joinUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/play\\?pin=${res.body.pin}$`));
      expect(res.body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(Buffer.from(res.body.qrCode.split(',')[1], 'base64').toString()).toContain('<svg');
      const view = await t.http
        .get(`/api/v1/live-games/${res.body.gameId}`)
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .expect(200);
      expect(view.body).toMatchObject({ pin: res.body.pin, status: 'lobby', questionCount: 3, playerCount: 0 });
      expect(view.body.settings).toMatchObject({ scoring: 'speed', streaks: true, handPicked: true });
    });

    it('draws from the bank by count when no questions are picked, and refuses more than it has', async () => {
      const { res } = await createGame({
        questionIds: undefined,
        questionCount: 5,
        scoring: 'accuracy',
        streaks: false,
      });
      expect(res.status).toBe(201);
      const tooMany = await createGame({ questionIds: undefined, questionCount: 100 });
      expect(tooMany.res.status).toBe(422);
      expect(tooMany.res.body.code).toBe('BLUEPRINT_UNSATISFIABLE');
    });

    it.each([
      ['a participant', () => f.participant.token, 403, 'FORBIDDEN'],
      ['nobody signed in', () => '', 401, 'UNAUTHENTICATED'],
    ])('refuses %s', async (_label, token, status, code) => {
      const res = await t.http.post('/api/v1/live-games').set('Authorization', `Bearer ${token()}`).send({});
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
    });

    it.each([
      ['an unknown field', { isAdmin: true }],
      ['a time of 1 second', { questionTimeSeconds: 1 }],
      ['an unknown scoring', { scoring: 'luck' }],
      ['a malformed bank id', { bankId: 'x' }],
    ])('refuses %s with VALIDATION_FAILED and creates nothing', async (_label, patch) => {
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM live_game');
      const { res } = await createGame(patch);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const after = await t.dataSource.query('SELECT count(*)::int AS n FROM live_game');
      expect(after[0].n).toBe(before[0].n);
    });

    describe('bank scope: a host plays only banks their unit can read', () => {
      let districtHost: SeededUser;
      let ownBankId: string;
      let ownQuestionIds: string[];

      beforeAll(async () => {
        // A district organizer (and reviewer, to publish at import): the demo bank belongs to the city, above them.
        const district = (await t.app.get(UnitRepository).findByCode('d1'))!;
        districtHost = await createUser(t, {
          username: 'lgdistrict',
          roles: ['organizer', 'reviewer'],
          unitId: district.id,
        });
        const bank = await t.http
          .post('/api/v1/question-banks')
          .set('Authorization', `Bearer ${districtHost.token}`)
          .send({ name: 'Ngân hàng của quận' })
          .expect(201);
        ownBankId = bank.body.id as string;
        const gift = '::Q1:: Thủ đô của Việt Nam là? {=Hà Nội ~Huế ~Đà Nẵng}\n\n::Q2:: 2 + 2 = 4 {T}\n';
        await t.http
          .post(`/api/v1/question-banks/${ownBankId}/imports?publish=true`)
          .set('Authorization', `Bearer ${districtHost.token}`)
          .attach('file', Buffer.from(gift), 'quan.gift')
          .expect(201);
        ownQuestionIds = (await t.app.get(QuestionBankReader).publishedPool({ bankId: ownBankId })).map(
          (q) => q.questionId,
        );
        expect(ownQuestionIds).toHaveLength(2);
      });

      const gameCount = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM live_game'))[0].n;

      it('lets the district host play their own bank', async () => {
        const drawn = await createGame(
          { bankId: ownBankId, questionIds: undefined, questionCount: 2 },
          districtHost.token,
        );
        expect(drawn.res.status).toBe(201);
        const picked = await createGame({ bankId: ownBankId, questionIds: ownQuestionIds }, districtHost.token);
        expect(picked.res.status).toBe(201);
      });

      it('refuses a bank above their unit with 403 OUT_OF_SCOPE and creates nothing', async () => {
        const before = await gameCount();
        const drawn = await createGame({ questionIds: undefined, questionCount: 2 }, districtHost.token);
        expect(drawn.res.status).toBe(403);
        expect(drawn.res.body.code).toBe('OUT_OF_SCOPE');
        expect(drawn.res.body.message).toMatch(/phạm vi/);
        const picked = await createGame({}, districtHost.token);
        expect(picked.res.status).toBe(403);
        expect(picked.res.body.code).toBe('OUT_OF_SCOPE');
        expect(await gameCount()).toBe(before);
      });

      it('refuses hand-picked questions of an out-of-scope bank even under their own bank id', async () => {
        const before = await gameCount();
        const cityQuestion = singles()[0]!.questionId;
        const { res } = await createGame(
          { bankId: ownBankId, questionIds: [ownQuestionIds[0], cityQuestion] },
          districtHost.token,
        );
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('OUT_OF_SCOPE');
        expect(await gameCount()).toBe(before);
      });

      it('lets the city host use the district bank below them (scope is the subtree)', async () => {
        const { res } = await createGame({ bankId: ownBankId, questionIds: ownQuestionIds });
        expect(res.status).toBe(201);
      });
    });

    it('refuses a question from outside the bank or not yet published', async () => {
      const { res } = await createGame({ questionIds: ['00000000-0000-4000-8000-000000000000'] });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('QUESTION_NOT_FOUND');
    });
  });

  it('plays a whole game: lobby, kick, questions without keys, own results, top 10, podium, ranking, export', async () => {
    const sockets = new Sockets();
    try {
      const { gameId, host, players, questions } = await hostAndPlayers(sockets, ['An', 'Bình', 'Châu', '=1+2']);
      const [an, binh, chau, formula] = players as [
        (typeof players)[0],
        (typeof players)[0],
        (typeof players)[0],
        (typeof players)[0],
      ];

      const kicked = next(chau.socket, 'player:kicked');
      const gone = new Promise((r) => chau.socket.once('disconnect', r));
      await ok(call(host, 'host:kick', { playerId: chau.join.playerId }));
      expect((await kicked).code).toBe('PLAYER_KICKED');
      await gone;
      const back = sockets.connect(t.baseUrl);
      await connected(back);
      const resumeKicked = call(back, 'player:join', {
        pin: an.join.state.gameId && (await pinOf(gameId)),
        nickname: 'x',
        resumeToken: chau.join.resumeToken,
      });
      expect(await errorCode(resumeKicked)).toBe('PLAYER_KICKED');

      // Question 1: An right and fast, Bình wrong, the formula player does not answer.
      const shown = next(an.socket, 'question:show');
      const shownToBinh = next(binh.socket, 'question:show');
      const started = await ok(call<LiveGameState>(host, 'host:start', {}));
      expect(started.status).toBe('question');
      const q0 = await shown;
      await shownToBinh;
      expect(q0).toMatchObject({ index: 0, total: 3, text: questions[0]!.text, type: 'single' });
      expect(q0.deadline).toBeGreaterThan(q0.serverNow);
      expect(JSON.stringify(q0)).not.toMatch(/fraction|feedback|correct/);
      expect(q0.options.map((o) => Object.keys(o).sort())).toEqual(q0.options.map(() => ['id', 'text']));

      const right = { questionIndex: 0, ...answerFor(questions[0]!, true), clientAnswerId: 'an-0' };
      const first = await ok(call<PlayerAnswerResult>(an.socket, 'player:answer', right));
      expect(first.duplicate).toBe(false);
      expect((await ok(call<PlayerAnswerResult>(an.socket, 'player:answer', right))).duplicate).toBe(true);
      expect(await errorCode(call(an.socket, 'player:answer', { ...right, clientAnswerId: 'an-0b' }))).toBe(
        'ALREADY_ANSWERED',
      );
      expect(await errorCode(call(an.socket, 'player:answer', { ...right, questionIndex: 1 }))).toBe(
        'QUESTION_NOT_ACTIVE',
      );
      await ok(
        call(binh.socket, 'player:answer', {
          questionIndex: 0,
          ...answerFor(questions[0]!, false),
          clientAnswerId: 'b-0',
        }),
      );
      expect(
        await errorCode(
          call(binh.socket, 'player:answer', {
            questionIndex: 0,
            optionIds: ['not-an-option'],
            clientAnswerId: 'b-0x',
          }),
        ),
      ).toBe('ANSWER_INVALID');
      expect(
        await errorCode(
          call(binh.socket, 'player:answer', {
            questionIndex: 0,
            ...answerFor(questions[0]!, true),
            clientAnswerId: 'b-0y',
          }),
        ),
      ).toBe('ALREADY_ANSWERED');

      const anResult = next(an.socket, 'question:result');
      const binhResult = next(binh.socket, 'question:result');
      const formulaResult = next(formula.socket, 'question:result');
      const board = next(binh.socket, 'leaderboard:update');
      const hostBoard = next(host, 'leaderboard:update');
      const hostState = next(host, 'game:state', (s) => s.status === 'result');
      const binhEvents: string[] = [];
      binh.socket.onAny((event: string) => binhEvents.push(event));
      await ok(call(host, 'host:next', {}));
      const [ra, rb, rf, lb] = await Promise.all([anResult, binhResult, formulaResult, board, hostBoard, hostState]);
      // A player's close: their own result, then the top 10; the new state goes to the host only.
      await errorCode(
        call(binh.socket, 'player:answer', { questionIndex: 0, optionIds: ['x'], clientAnswerId: 'b-z' }),
      );
      expect(binhEvents).toEqual(['question:result', 'leaderboard:update']);
      binh.socket.offAny();
      // The host's state counts the players as the store does (the removed one included), as a fresh view does.
      const view = await ok(call<HostView>(host, 'host:open', { gameId }));
      expect((await hostState).playerCount).toBe(view.state.playerCount);
      expect(view.state.playerCount).toBe(4);
      expect(ra).toMatchObject({ index: 0, answered: true, correct: true, rank: 1, streak: 1 });
      expect(ra.points).toBeGreaterThan(500);
      expect(ra.points).toBeLessThanOrEqual(1000);
      expect(ra.total).toBe(ra.points);
      expect(rb).toMatchObject({ answered: true, correct: false, points: 0, total: 0, rank: 2 });
      expect(rf).toMatchObject({ answered: false, correct: false, points: 0, rank: 2 });
      expect(lb.top[0]).toMatchObject({ rank: 1, playerId: an.join.playerId, nickname: 'An', score: ra.total });
      expect(lb.top.map((r) => r.nickname)).not.toContain('Châu');
      expect(lb).toMatchObject({ index: 0, answeredCount: 2, playerCount: 3 });
      expect(lb.answer.optionIds).toEqual(answerFor(questions[0]!, true).optionIds);

      // A past question is closed; the counted answer's resend is still acknowledged as a duplicate.
      expect(
        await errorCode(
          call(binh.socket, 'player:answer', { questionIndex: 0, optionIds: ['x'], clientAnswerId: 'b-late' }),
        ),
      ).toBe('QUESTION_NOT_ACTIVE');
      expect((await ok(call<PlayerAnswerResult>(an.socket, 'player:answer', right))).duplicate).toBe(true);

      // Question 2: both right; An's streak bonus.
      const q1 = next(an.socket, 'question:show');
      await ok(call(host, 'host:next', {}));
      expect((await q1).index).toBe(1);
      await ok(
        call(an.socket, 'player:answer', {
          questionIndex: 1,
          ...answerFor(questions[1]!, true),
          clientAnswerId: 'an-1',
        }),
      );
      await ok(
        call(binh.socket, 'player:answer', {
          questionIndex: 1,
          ...answerFor(questions[1]!, true),
          clientAnswerId: 'b-1',
        }),
      );
      const ra1 = next(an.socket, 'question:result');
      const rb1 = next(binh.socket, 'question:result');
      await ok(call(host, 'host:next', {}));
      const [a1, b1] = await Promise.all([ra1, rb1]);
      expect(a1.streak).toBe(2);
      expect(b1.streak).toBe(1);
      expect(a1.points).toBeGreaterThanOrEqual(600); // ≥ 500 for a right answer, + 100 streak bonus
      expect(a1.total).toBe(ra.total + a1.points);

      const ended = next(binh.socket, 'game:ended');
      await ok(call(host, 'host:end', {}));
      const podium = (await ended).podium;
      expect(podium[0]).toMatchObject({ rank: 1, nickname: 'An', score: a1.total });
      expect(podium.map((r) => r.nickname)).toEqual(['An', 'Bình', '=1+2']);

      const results = await t.http
        .get(`/api/v1/live-games/${gameId}/results`)
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .expect(200);
      expect(results.body.players.map((p: { nickname: string; rank: number }) => [p.nickname, p.rank])).toEqual([
        ['An', 1],
        ['Bình', 2],
        ['=1+2', 3],
        ['Châu', 0],
      ]);
      expect(results.body.players[0].score).toBe(a1.total);
      expect(results.body.players[3].kicked).toBe(true);

      const xlsx = await t.http
        .get(`/api/v1/live-games/${gameId}/results.xlsx`)
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      expect(sheet.getRow(1).values).toEqual([
        undefined,
        'Hạng',
        'Biệt danh',
        'Điểm',
        'Số câu đúng',
        'Thời gian trả lời đúng (giây)',
        'Ghi chú',
      ]);
      expect(sheet.getRow(4).getCell(2).value).toBe("'=1+2");
      expect(sheet.getRow(4).getCell(2).formula).toBeUndefined();

      const another = await t.http
        .get(`/api/v1/live-games/${gameId}/results`)
        .set('Authorization', `Bearer ${f.otherOrganizer.token}`);
      expect(another.status).toBe(403);
    } finally {
      sockets.closeAll();
    }
  });

  async function pinOf(gameId: string): Promise<string> {
    const rows: { pin: string }[] = await t.dataSource.query('SELECT pin FROM live_game WHERE id = $1', [gameId]);
    return rows[0]!.pin;
  }

  it('resumes a player who drops mid-question with the same identity, score and a fresh snapshot', async () => {
    const sockets = new Sockets();
    try {
      const { pin, host, players, questions } = await hostAndPlayers(sockets, ['Dũng', 'Giang']);
      const [dung] = players as [(typeof players)[0]];
      await ok(call(host, 'host:start', {}));
      await ok(
        call(dung.socket, 'player:answer', {
          questionIndex: 0,
          ...answerFor(questions[0]!, true),
          clientAnswerId: 'd-0',
        }),
      );
      const r0 = next(dung.socket, 'question:result');
      await ok(call(host, 'host:next', {}));
      const score = (await r0).total;
      await ok(call(host, 'host:next', {}));
      dung.socket.close();

      const again = sockets.connect(t.baseUrl);
      await connected(again);
      const resumed = await ok(
        call<PlayerJoinResult>(again, 'player:join', { pin, nickname: 'ignored', resumeToken: dung.join.resumeToken }),
      );
      expect(resumed.playerId).toBe(dung.join.playerId);
      expect(resumed.state.you).toMatchObject({ nickname: 'Dũng', score, rank: 1, answeredCurrent: false });
      expect(resumed.state.status).toBe('question');
      expect(resumed.state.question).toMatchObject({ index: 1, total: 3 });
      const answer = { questionIndex: 1, ...answerFor(questions[1]!, true), clientAnswerId: 'd-1' };
      await ok(call(again, 'player:answer', answer));
      // The same answer resent after another reconnect counts once.
      expect((await ok(call<PlayerAnswerResult>(again, 'player:answer', answer))).duplicate).toBe(true);
      const r1 = next(again, 'question:result');
      await ok(call(host, 'host:next', {}));
      expect((await r1).total).toBeGreaterThan(score);

      const forged = sockets.connect(t.baseUrl);
      await connected(forged);
      expect(
        await errorCode(
          call(forged, 'player:join', { pin, nickname: 'x', resumeToken: `${dung.join.playerId}.guess` }),
        ),
      ).toBe('TOKEN_INVALID');
    } finally {
      sockets.closeAll();
    }
  });

  it('ranks a player who joins mid-game and drops one kicked mid-game from the next standing, totals exact', async () => {
    // The closer starts each close from the standing it kept: a join or a kick in between must still count.
    const sockets = new Sockets();
    try {
      const { pin, host, players, questions } = await hostAndPlayers(sockets, ['Lan', 'Minh']);
      const [lan, minh] = players as [(typeof players)[0], (typeof players)[0]];
      await ok(call(host, 'host:start', {}));
      const answer = (who: LiveClient, index: number, right: boolean, id: string) =>
        ok(
          call(who, 'player:answer', {
            questionIndex: index,
            ...answerFor(questions[index]!, right),
            clientAnswerId: id,
          }),
        );
      await answer(lan.socket, 0, true, 'l-0');
      await answer(minh.socket, 0, true, 'm-0');
      const lan0 = next(lan.socket, 'question:result');
      await ok(call(host, 'host:next', {}));
      const lanTotal = (await lan0).total;
      await ok(call(host, 'host:next', {}));

      const nam = sockets.connect(t.baseUrl);
      await connected(nam);
      await ok(call<PlayerJoinResult>(nam, 'player:join', { pin, nickname: 'Nam' }));
      await ok(call(host, 'host:kick', { playerId: minh.join.playerId }));
      await answer(lan.socket, 1, false, 'l-1');
      await answer(nam, 1, true, 'n-1');
      const [lan1, nam1, board] = [
        next(lan.socket, 'question:result'),
        next(nam, 'question:result'),
        next(host, 'leaderboard:update'),
      ];
      await ok(call(host, 'host:next', {}));
      const [lr, nr, lb] = await Promise.all([lan1, nam1, board]);
      expect(nr).toMatchObject({ index: 1, answered: true, correct: true, total: nr.points });
      expect(lr).toMatchObject({ index: 1, answered: true, correct: false, points: 0, total: lanTotal });
      expect(lb.playerCount).toBe(2);
      expect(lb.top.map((r: { nickname: string; score: number }) => [r.nickname, r.score])).toEqual(
        [
          ['Lan', lanTotal],
          ['Nam', nr.points],
        ].sort((a, b) => (b[1] as number) - (a[1] as number)),
      );
      expect(lr.rank).toBe(lanTotal >= nr.points ? 1 : 2);

      // Nothing changed the roster since: this close starts from the kept standing, and totals still add up.
      await ok(call(host, 'host:next', {}));
      await answer(lan.socket, 2, true, 'l-2');
      await answer(nam, 2, true, 'n-2');
      const [lan2, nam2] = [next(lan.socket, 'question:result'), next(nam, 'question:result')];
      await ok(call(host, 'host:next', {}));
      const [l2, n2] = await Promise.all([lan2, nam2]);
      expect(l2).toMatchObject({ index: 2, correct: true, total: lanTotal + l2.points, streak: 1 });
      expect(n2).toMatchObject({ index: 2, correct: true, total: nr.points + n2.points, streak: 2 });
      expect([l2.rank, n2.rank].sort()).toEqual(l2.total === n2.total ? [1, 1] : [1, 2]);
    } finally {
      sockets.closeAll();
    }
  });

  it('refuses an answer after the player’s deadline while a player with extra time still answers', async () => {
    const sockets = new Sockets();
    const clock = t.app.get(Clock);
    let offset = 0;
    const spy = jest.spyOn(clock, 'nowMs').mockImplementation(() => Date.now() + offset);
    try {
      const { gameId, host, players, questions } = await hostAndPlayers(sockets, ['Hà', 'Khoa']);
      const [ha, khoa] = players as [(typeof players)[0], (typeof players)[0]];
      const extra = await t.http
        .put(`/api/v1/live-games/${gameId}/players/${khoa.join.playerId}/extra-time`)
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .send({ seconds: 60 })
        .expect(200);
      expect(extra.body).toEqual({ playerId: khoa.join.playerId, extraTimeMs: 60_000 });
      await ok(call(host, 'host:start', {}));
      offset = 20_000 + defaults.graceMs + 1000; // past the common deadline and the grace
      expect(
        await errorCode(
          call(ha.socket, 'player:answer', {
            questionIndex: 0,
            ...answerFor(questions[0]!, true),
            clientAnswerId: 'h-0',
          }),
        ),
      ).toBe('QUESTION_NOT_ACTIVE');
      await ok(
        call(khoa.socket, 'player:answer', {
          questionIndex: 0,
          ...answerFor(questions[0]!, true),
          clientAnswerId: 'k-0',
        }),
      );
      const result = next(khoa.socket, 'question:result');
      await ok(call(host, 'host:next', {}));
      // 21.4 s of 80 s: no speed penalty for the extra time itself.
      expect((await result).points).toBeGreaterThan(800);
    } finally {
      spy.mockRestore();
      sockets.closeAll();
    }
  });

  it('closes at the deadline without waiting out the grace once every player has answered, and waits it out otherwise', async () => {
    const sockets = new Sockets();
    // A grace no test waits out: a result that comes within the test came without it.
    settings.graceMs = 10 * 60_000;
    try {
      const { host, players, questions } = await hostAndPlayers(sockets, ['Lan', 'Minh'], { questionTimeSeconds: 5 });
      const [lan, minh] = players as [(typeof players)[0], (typeof players)[0]];
      const answer = (index: number, clientAnswerId: string) => ({
        questionIndex: index,
        ...answerFor(questions[index]!, true),
        clientAnswerId,
      });
      const shown = next(lan.socket, 'question:show');
      await ok(call(host, 'host:start', {}));
      const first = await shown;
      const results = players.map((p) => next(p.socket, 'question:result'));
      await ok(call(lan.socket, 'player:answer', answer(0, 'l-0')));
      await ok(call(minh.socket, 'player:answer', answer(0, 'm-0')));
      const own = await Promise.all(results);
      // Not before the deadline: the countdown every player sees runs out first.
      expect(Date.now()).toBeGreaterThanOrEqual(first.deadline);
      expect(own.map((r) => [r.index, r.answered, r.correct])).toEqual([
        [0, true, true],
        [0, true, true],
      ]);

      // Minh has not answered at the deadline: the question stays open through the grace, and his late answer counts.
      const shownNext = next(lan.socket, 'question:show');
      await ok(call(host, 'host:next', {}));
      const second = await shownNext;
      await ok(call(lan.socket, 'player:answer', answer(1, 'l-1')));
      await new Promise((resolve) => setTimeout(resolve, second.deadline + 300 - Date.now()));
      expect((await ok(call<PlayerAnswerResult>(minh.socket, 'player:answer', answer(1, 'm-1')))).duplicate).toBe(
        false,
      );
      const late = next(minh.socket, 'question:result');
      await ok(call(host, 'host:next', {}));
      expect(await late).toMatchObject({ index: 1, answered: true, correct: true });
    } finally {
      settings.graceMs = defaults.graceMs;
      sockets.closeAll();
    }
  });

  it('judges an answer by when it arrived: one processed after the deadline and the grace still counts in full', async () => {
    const sockets = new Sockets();
    const clock = t.app.get(Clock);
    const store = t.app.get(LiveStateStore);
    let offset = 0;
    const clockSpy = jest.spyOn(clock, 'nowMs').mockImplementation(() => Date.now() + offset);
    const answerContext = store.answerContext.bind(store);
    // The server falls behind: by the time Hà's answer gets its turn, the clock is past the deadline and the grace.
    const storeSpy = jest.spyOn(store, 'answerContext').mockImplementationOnce(async (gameId, playerId) => {
      offset = 20_000 + defaults.graceMs + 1000;
      return answerContext(gameId, playerId);
    });
    try {
      const { host, players, questions } = await hostAndPlayers(sockets, ['Hà', 'Khoa']);
      const [ha, khoa] = players as [(typeof players)[0], (typeof players)[0]];
      await ok(call(host, 'host:start', {}));
      const answer = { questionIndex: 0, ...answerFor(questions[0]!, true) };
      expect(
        (await ok(call<PlayerAnswerResult>(ha.socket, 'player:answer', { ...answer, clientAnswerId: 'h-0' })))
          .duplicate,
      ).toBe(false);
      expect(storeSpy).toHaveBeenCalled();
      // An answer that arrives after the deadline and the grace is still refused.
      expect(await errorCode(call(khoa.socket, 'player:answer', { ...answer, clientAnswerId: 'k-0' }))).toBe(
        'QUESTION_NOT_ACTIVE',
      );
      const result = next(ha.socket, 'question:result');
      await ok(call(host, 'host:next', {}));
      // Speed points by the arrival time (moments after the question was shown), not by the 21.4 s of processing.
      expect(await result).toMatchObject({ answered: true, correct: true, rank: 1 });
      expect((await result).points).toBeGreaterThan(900);
    } finally {
      storeSpy.mockRestore();
      clockSpy.mockRestore();
      sockets.closeAll();
    }
  });

  describe('refusals', () => {
    it('refuses a wrong PIN and a full game', async () => {
      const sockets = new Sockets();
      try {
        const s = sockets.connect(t.baseUrl);
        await connected(s);
        expect(await errorCode(call(s, 'player:join', { pin: '000000', nickname: 'An' }))).toBe('GAME_NOT_FOUND');
        settings.maxPlayers = 2;
        const { res } = await createGame();
        for (const nickname of ['Một', 'Hai'])
          await ok(call(sockets.connect(t.baseUrl), 'player:join', { pin: res.body.pin, nickname }));
        expect(await errorCode(call(s, 'player:join', { pin: res.body.pin, nickname: 'Ba' }))).toBe('GAME_FULL');
      } finally {
        settings.maxPlayers = defaults.maxPlayers;
        sockets.closeAll();
      }
    });

    it.each([
      ['500 characters', 'a'.repeat(500)],
      // (a NUL is refused before the nickname rules, like any text: VALIDATION_FAILED, see well-formed-text.e2e)
      ['control characters', 'An\u0007\u001b[31m'],
      ['an offensive word', 'Đ.M mày'],
      ['an English offensive word', 'fuck'],
      ['only white space', '   '],
    ])('refuses a nickname of %s with NICKNAME_INVALID', async (_label, nickname) => {
      const sockets = new Sockets();
      try {
        const { res } = await createGame();
        const s = sockets.connect(t.baseUrl);
        expect(await errorCode(call(s, 'player:join', { pin: res.body.pin, nickname }))).toBe('NICKNAME_INVALID');
      } finally {
        sockets.closeAll();
      }
    });

    it('refuses a nickname taken in the same game, in any case', async () => {
      const sockets = new Sockets();
      try {
        const { res } = await createGame();
        await ok(call(sockets.connect(t.baseUrl), 'player:join', { pin: res.body.pin, nickname: 'Minh Anh' }));
        expect(
          await errorCode(
            call(sockets.connect(t.baseUrl), 'player:join', { pin: res.body.pin, nickname: 'minh  ANH' }),
          ),
        ).toBe('NICKNAME_TAKEN');
      } finally {
        sockets.closeAll();
      }
    });

    it('refuses a look-alike of a taken nickname (fullwidth, Cyrillic) and keeps Vietnamese diacritics apart', async () => {
      const sockets = new Sockets();
      try {
        const { res } = await createGame();
        const join = (nickname: string) =>
          call<PlayerJoinResult>(sockets.connect(t.baseUrl), 'player:join', { pin: res.body.pin, nickname });
        await ok(join('Bob'));
        for (const lookAlike of ['Ｂｏｂ', 'Воb']) {
          const refused = (await join(lookAlike)) as { ok: boolean; error?: { code: string; message: string } };
          expect(refused).toMatchObject({ ok: false, error: { code: 'NICKNAME_TAKEN' } });
          expect(refused.error!.message).toBe('Biệt danh đã có người dùng.');
        }
        for (const name of ['Hoa', 'Hòa', 'Hóa']) await ok(join(name));
      } finally {
        sockets.closeAll();
      }
    });

    const hostEvents: [string, unknown][] = [
      ['host:open', { gameId: '00000000-0000-4000-8000-000000000000' }],
      ['host:start', {}],
      ['host:next', {}],
      ['host:kick', { playerId: '00000000-0000-4000-8000-000000000000' }],
      ['host:extra-time', { playerId: '00000000-0000-4000-8000-000000000000', seconds: 5 }],
      ['host:end', {}],
    ];

    it.each(hostEvents)(
      'refuses %s from a socket without a token (UNAUTHENTICATED) and from a participant (FORBIDDEN)',
      async (event, payload) => {
        const sockets = new Sockets();
        try {
          const anonymous = sockets.connect(t.baseUrl);
          await connected(anonymous);
          expect(await errorCode(call(anonymous, event, payload))).toBe('UNAUTHENTICATED');
          const participant = sockets.connect(t.baseUrl, f.participant.token);
          await connected(participant);
          expect(await errorCode(call(participant, event, payload))).toBe('FORBIDDEN');
        } finally {
          sockets.closeAll();
        }
      },
    );

    it('refuses a player sending host commands in their game, and another organizer opening it', async () => {
      const sockets = new Sockets();
      try {
        const { gameId, players } = await hostAndPlayers(sockets, ['Lan']);
        const player = players[0]!.socket;
        for (const [event, payload] of [
          ['host:open', { gameId }],
          ['host:start', {}],
          ['host:end', {}],
        ] as const) {
          expect(await errorCode(call(player, event, payload))).toBe('UNAUTHENTICATED');
        }
        const other = sockets.connect(t.baseUrl, f.otherOrganizer.token);
        await connected(other);
        expect(await errorCode(call(other, 'host:open', { gameId }))).toBe('FORBIDDEN');
        expect(await errorCode(call(other, 'host:start', {}))).toBe('GAME_STATE_INVALID');
      } finally {
        sockets.closeAll();
      }
    });

    it('refuses a handshake with a forged token', async () => {
      const sockets = new Sockets();
      try {
        const forged = sockets.connect(t.baseUrl, `${f.organizer.token.slice(0, -4)}AAAA`);
        const error = await connected(forged).then(
          () => null,
          (e: { data?: { code: string } }) => e,
        );
        expect(error?.data?.code).toBe('TOKEN_INVALID');
      } finally {
        sockets.closeAll();
      }
    });

    const malformed: [string, unknown][] = [
      ['player:join', 'not an object'],
      ['player:join', { pin: '12345', nickname: 'An' }],
      ['player:join', { pin: '123456', nickname: 'An', admin: true }],
      ['player:join', { pin: 123456, nickname: 'An' }],
      ['player:join', null],
      ['player:answer', { questionIndex: -1, optionIds: ['a'], clientAnswerId: 'x' }],
      ['player:answer', { questionIndex: 0, optionIds: 'a', clientAnswerId: 'x' }],
      ['player:answer', { questionIndex: 0, optionIds: ['a'] }],
      ['player:answer', { questionIndex: 0, value: 'NaN', clientAnswerId: 'x' }],
      ['player:answer', [1, 2, 3]],
      ['host:open', { gameId: 'nope' }],
      ['host:start', { gameId: 7 }],
      ['host:next', { extra: 1 }],
      ['host:kick', {}],
      ['host:extra-time', { playerId: '00000000-0000-4000-8000-000000000000', seconds: 9999 }],
      ['host:end', 'x'],
    ];

    it.each(malformed)('validates %s %j: VALIDATION_FAILED', async (event, payload) => {
      const sockets = new Sockets();
      try {
        const s = sockets.connect(t.baseUrl, f.organizer.token);
        await connected(s);
        expect(await errorCode(call(s, event, payload))).toBe('VALIDATION_FAILED');
      } finally {
        sockets.closeAll();
      }
    });

    it('refuses a join with the PIN of a game that has ended, though the PIN was joined through this instance', async () => {
      const sockets = new Sockets();
      try {
        const { pin, host } = await hostAndPlayers(sockets, ['Giang']);
        await ok(call(host, 'host:start', {}));
        await ok(call(host, 'host:end', {}));
        const late = sockets.connect(t.baseUrl);
        await connected(late);
        expect(await errorCode(call(late, 'player:join', { pin, nickname: 'Hải' }))).toBe('GAME_STATE_INVALID');
      } finally {
        sockets.closeAll();
      }
    });

    it('refuses an answer from a socket that never joined', async () => {
      const sockets = new Sockets();
      try {
        const s = sockets.connect(t.baseUrl);
        await connected(s);
        expect(
          await errorCode(call(s, 'player:answer', { questionIndex: 0, optionIds: ['a'], clientAnswerId: 'x' })),
        ).toBe('GAME_STATE_INVALID');
      } finally {
        sockets.closeAll();
      }
    });

    it('cuts a socket that sends a huge payload and keeps serving the others', async () => {
      const sockets = new Sockets();
      try {
        const { res } = await createGame();
        const big = sockets.connect(t.baseUrl);
        await connected(big);
        const cut = new Promise<string>((r) => big.once('disconnect', r));
        big.emit('player:join', { pin: res.body.pin, nickname: 'x'.repeat(1024 * 1024) } as never, () => undefined);
        expect(await cut).toBe('transport close');
        const fine = sockets.connect(t.baseUrl);
        await connected(fine);
        await ok(call(fine, 'player:join', { pin: res.body.pin, nickname: 'Phúc' }));
      } finally {
        sockets.closeAll();
      }
    });

    it('rate-limits a join flood from one address', async () => {
      const sockets = new Sockets();
      settings.joinBurst = 5;
      settings.joinPerSecond = 0.001;
      try {
        const { res } = await createGame();
        const s = sockets.connect(t.baseUrl);
        await connected(s);
        const codes: string[] = [];
        for (let i = 0; i < 12; i++)
          codes.push(await errorCode(call(s, 'player:join', { pin: res.body.pin, nickname: `Flood ${i}` })));
        expect(codes.filter((c) => c === 'ok')).toHaveLength(5);
        expect(codes.slice(5).every((c) => c === 'RATE_LIMITED')).toBe(true);
      } finally {
        settings.joinBurst = defaults.joinBurst;
        settings.joinPerSecond = defaults.joinPerSecond;
        t.app.get(LiveGameEngine).joinLimiter.sweep(Number.POSITIVE_INFINITY);
        sockets.closeAll();
      }
    });
  });

  it('pauses a game whose host is gone too long, and resumes when the host returns', async () => {
    const sockets = new Sockets();
    settings.hostGraceMs = 300;
    settings.tickMs = 100;
    try {
      const { gameId, host, players } = await hostAndPlayers(sockets, ['Quang']);
      host.close();
      const paused = await next(players[0]!.socket, 'game:state', (s) => s.paused);
      expect(paused).toMatchObject({ status: 'lobby', paused: true });
      const back = sockets.connect(t.baseUrl, f.organizer.token);
      await connected(back);
      const resumed = next(players[0]!.socket, 'game:state', (s) => !s.paused);
      const view = await ok(call<HostView>(back, 'host:open', { gameId }));
      expect(view.players.map((p) => p.nickname)).toEqual(['Quang']);
      expect((await resumed).paused).toBe(false);
      await ok(call(back, 'host:start', {}));
    } finally {
      settings.hostGraceMs = defaults.hostGraceMs;
      settings.tickMs = defaults.tickMs;
      sockets.closeAll();
    }
  });
});

describe('live games: backpressure and demo data', () => {
  let t: TestApp;
  let f: LiveFixture;

  beforeAll(async () => {
    t = await startTestApp();
    f = await liveFixture(t, 'bp');
  });
  afterAll(async () => t?.close());

  /** A raw websocket client speaking socket.io's wire format, so the test can stop reading on purpose. */
  function rawPlayer(pin: string): Promise<{ ws: WebSocket; socket: { pause(): void } }> {
    const url = `${t.baseUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.on('error', reject);
      ws.on('message', (data: Buffer) => {
        const text = data.toString();
        if (text.startsWith('0')) ws.send('40/live,');
        else if (text.startsWith('40/live,'))
          ws.send(`42/live,0["player:join",${JSON.stringify({ pin, nickname: 'Chậm' })}]`);
        else if (text.startsWith('43/live,0'))
          resolve({ ws, socket: (ws as unknown as { _socket: { pause(): void } })._socket });
      });
    });
  }

  it('cuts a player who never reads instead of buffering for them without bound, and keeps the others served', async () => {
    const sockets = new Sockets();
    let slow: WebSocket | undefined;
    try {
      const created = await t.http
        .post('/api/v1/live-games')
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .send({ title: 'Chậm', bankId: f.bankId, questionCount: 1, questionTimeSeconds: 20 })
        .expect(201);
      const { gameId, pin } = created.body as { gameId: string; pin: string };
      const reader = sockets.connect(t.baseUrl);
      await connected(reader);
      await ok(call(reader, 'player:join', { pin, nickname: 'Nhanh' }));
      const raw = await rawPlayer(pin);
      slow = raw.ws;
      raw.socket.pause();
      const out = t.app.get(LiveBroadcaster);
      const nsp = (out as unknown as { nsp: { sockets: Map<string, unknown> } }).nsp;
      expect(nsp.sockets.size).toBe(2);
      let received = 0;
      reader.on('leaderboard:update', () => received++);
      const big = { rank: 1, playerId: 'x', nickname: 'x'.repeat(64 * 1024), score: 0 };
      const droppedBefore = out.slowConsumersDropped;
      // 300 × 64 KB in small batches: the reader (in this process) keeps up, the paused one cannot.
      const messages = 300;
      for (let i = 0; i < messages; i++) {
        out.toGame(gameId, 'leaderboard:update', {
          index: i,
          top: [big],
          answer: {},
          answeredCount: 0,
          playerCount: 2,
          distribution: [],
        });
        if (i % 5 === 4) await new Promise((r) => setTimeout(r, 10));
      }
      out.dropSlowConsumers();
      expect(out.slowConsumersDropped - droppedBefore).toBe(1);
      expect(nsp.sockets.size).toBe(1);
      await new Promise<void>((resolve) => {
        const check = () => (received >= messages ? resolve() : setTimeout(check, 20));
        check();
      });
      expect(received).toBe(messages);
    } finally {
      slow?.terminate();
      sockets.closeAll();
    }
  });

  it('seeds a demo game any organizer can host, once', async () => {
    const sockets = new Sockets();
    try {
      const service = t.app.get(LiveGameService);
      const seeded = await service.seedDemoLiveGame(f.bankId);
      expect(seeded?.pin).toMatch(/^\d{6}$/);
      expect(await service.seedDemoLiveGame(f.bankId)).toBeNull();
      const host = sockets.connect(t.baseUrl, f.otherOrganizer.token);
      await connected(host);
      const view = await ok(call<HostView>(host, 'host:open', { gameId: seeded!.gameId }));
      expect(view.state).toMatchObject({ title: 'Đố vui Hải Phòng', status: 'lobby', total: 10 });
      const participant = sockets.connect(t.baseUrl, f.participant.token);
      await connected(participant);
      expect(await errorCode(call(participant, 'host:open', { gameId: seeded!.gameId }))).toBe('FORBIDDEN');
    } finally {
      sockets.closeAll();
    }
  });
});
