// One server for the live-game benchmark, in its own process: `app` (the real API, built in dist/, on its own
// PostgreSQL database, demo data loaded) or `bare` (a minimal socket.io 4.8 server sending the same payloads to the
// same clients). Prints one JSON line {port, ctlPort, pin, gameId, token} when ready; GET ctlPort/mem → memory.
import http from 'node:http';
import { Server } from 'socket.io';

const [mode, dbUrl, redisUrl, instance] = process.argv.slice(2);

function control(extra) {
  const server = http.createServer((req, res) => {
    if (req.url === '/mem') {
      globalThis.gc?.();
      globalThis.gc?.();
      const m = process.memoryUsage();
      res.end(JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, external: m.external, ...extra() }));
    } else res.end('{}');
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server.address().port)));
}

if (mode === 'bare') {
  const io = new Server({ transports: ['websocket'], serveClient: false, maxHttpBufferSize: 16 * 1024 });
  const nsp = io.of('/live');
  const players = new Map(); // id -> { socket, score, nickname }
  let current = null;
  let seq = 0;
  nsp.on('connection', (socket) => {
    socket.on('player:join', (p, ack) => {
      const id = `p${++seq}`;
      players.set(id, { socket, score: 0, nickname: p.nickname, answer: null });
      socket.data.id = id;
      socket.join('game');
      ack({ ok: true, data: { playerId: id, resumeToken: id, state: {} } });
    });
    socket.on('player:answer', (p, ack) => {
      const me = players.get(socket.data.id);
      if (current && me && !me.answer) me.answer = { at: Date.now(), optionIds: p.optionIds };
      ack({ ok: true, data: { questionIndex: p.questionIndex, clientAnswerId: p.clientAnswerId, duplicate: false } });
    });
    socket.on('host:open', (_p, ack) => ack({ ok: true, data: {} }));
    socket.on('host:start', (_p, ack) => ack({ ok: true, data: show(0) }));
    socket.on('host:next', (_p, ack) => ack({ ok: true, data: show(current.index + 1) }));
    socket.on('disconnect', () => players.delete(socket.data.id));
  });
  function show(index) {
    const now = Date.now();
    current = { index, shownAt: now, deadline: now + 5000 };
    for (const p of players.values()) p.answer = null;
    nsp.to('game').emit('question:show', {
      index,
      total: 3,
      text: 'Luật An ninh mạng năm 2018 có hiệu lực thi hành từ ngày nào? '.repeat(2),
      type: 'single',
      options: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: `Phương án ${id} — 01/01/2019` })),
      deadline: current.deadline,
      serverNow: now,
      timeLimitMs: 5000,
    });
    setTimeout(() => results(index), current.deadline + 400 - Date.now());
    return { status: 'question' };
  }
  function results(index) {
    const all = [...players.values()];
    for (const p of all)
      if (p.answer?.optionIds?.[0] === 'a') p.score += 1000 - Math.round((p.answer.at - current.shownAt) / 10);
    all.sort((x, y) => y.score - x.score);
    all.forEach((p, i) =>
      p.socket.emit('question:result', {
        index,
        answered: !!p.answer,
        correct: p.answer?.optionIds?.[0] === 'a',
        points: 0,
        total: p.score,
        rank: i + 1,
        streak: 0,
      }),
    );
    nsp.to('game').emit('leaderboard:update', {
      index,
      top: all.slice(0, 10).map((p, i) => ({ rank: i + 1, playerId: '', nickname: p.nickname, score: p.score })),
      answer: { optionIds: ['a'] },
      answeredCount: 0,
      playerCount: all.length,
    });
  }
  const httpServer = http.createServer();
  io.attach(httpServer);
  await new Promise((r) => httpServer.listen(0, '127.0.0.1', r));
  const ctlPort = await control(() => ({ sockets: nsp.sockets.size }));
  console.log(
    JSON.stringify({
      port: httpServer.address().port,
      ctlPort,
      pin: '000000',
      gameId: 'bare',
      token: '',
      correct: ['a'],
    }),
  );
} else {
  const root = new URL('../../', import.meta.url);
  const { createApp, listen } = await import(new URL('dist/apps/api/src/create-app.js', root));
  const { seedOnFirstStart } = await import(new URL('dist/apps/api/src/seed.js', root));
  const { migrate } = await import(new URL('dist/apps/api/src/database.js', root));
  const core = await import(new URL('dist/libs/core/src/index.js', root));
  const live = await import(new URL('dist/libs/live-contest/src/index.js', root));
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    // Required in production; both instances on this database must open the same certificate signing keys.
    CERTIFICATE_KEY_SECRET: process.env.CERTIFICATE_KEY_SECRET || `bench-live-signing-keys:${dbUrl}`,
    LOAD_DEMO_DATA: 'true',
    LOG_LEVEL: 'warn',
    INSTANCE_ID: instance ?? 'bench',
    ADMIN_PASSWORD: 'bench-password-123',
  };
  if (redisUrl && redisUrl !== '-') env.REDIS_URL = redisUrl;
  const config = core.loadConfig(env);
  const logger = core.createRootLogger('warn');
  if (instance !== 'b') await migrate(dbUrl, logger);
  const app = await createApp(config, dbUrl, logger);
  const settings = app.get(live.LiveSettings);
  Object.assign(settings, { joinBurst: 1e9, joinPerSecond: 1e9, maxPlayers: 50_000, hostGraceMs: 3_600_000 });
  app.enableShutdownHooks();
  await listen(app, { port: 0, host: '127.0.0.1' });
  if (instance !== 'b') await seedOnFirstStart(app, config, logger);
  const ds = app.get((await import('typeorm')).DataSource);
  let rows = [];
  if (instance === 'b') {
    // The second instance serves the game the first one created (the orchestrator passes no id: newest game).
    rows = await ds.query(
      "SELECT id, pin, question_version_ids FROM live_game WHERE title = 'Bench' ORDER BY created_at DESC LIMIT 1",
    );
  } else {
    const bank = await ds.query('SELECT id FROM question_bank ORDER BY created_at LIMIT 1');
    const created = await app
      .get(live.LiveGameService)
      .create(
        null,
        { title: 'Bench', bankId: bank[0].id, questionCount: 3, questionTimeSeconds: 5, questionIds: undefined },
        '',
      );
    rows = await ds.query('SELECT id, pin, question_version_ids FROM live_game WHERE id = $1', [created.gameId]);
  }
  const admin = await ds.query("SELECT id, username FROM app_user WHERE 'admin' = ANY(roles) LIMIT 1");
  const { accessToken } = await app
    .get(core.TokenService)
    .issue({ userId: admin[0].id, username: admin[0].username, roles: ['admin'], unitId: null });
  // The right option of each question, for the load generator to answer right (what a fast class would do).
  const reader = app.get((await import(new URL('dist/libs/question-bank/src/index.js', root))).QuestionBankReader);
  const versions = await reader.getVersions(rows[0].question_version_ids);
  const correct = rows[0].question_version_ids.map((id) => {
    const q = versions.get(id);
    if (q.type === 'truefalse') return String(q.correct === true);
    return (q.options ?? []).find((o) => o.fraction >= 1)?.id ?? (q.options ?? [])[0]?.id ?? 'x';
  });
  const out = app.get(live.LiveBroadcaster);
  const ctlPort = await control(() => ({ sockets: out.connectionCount }));
  console.log(
    JSON.stringify({
      port: app.getHttpServer().address().port,
      ctlPort,
      pin: rows[0].pin,
      gameId: rows[0].id,
      token: accessToken,
      correct,
    }),
  );
  // Profiling: exit at once so the profile is written (closing 10,000 sockets can outlast the orchestrator's 5 s).
  process.on('SIGTERM', () => (process.env.LIVE_CPU_PROF ? process.exit(0) : app.close().then(() => process.exit(0))));
}
