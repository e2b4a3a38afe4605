// Load generator for the live-game benchmark (its own process). N players join with the PIN, the host starts,
// every player answers question 2 at a random moment within the same 2 seconds, and every player but one answers
// question 3 (so its close waits out the grace for the one who might still be answering); prints one JSON line of
// figures.
import { io } from 'socket.io-client';
import { LeanSocket } from './lean-client.mjs';

const [urlsArg, nArg, pin, token, correctArg] = process.argv.slice(2);
const urls = urlsArg.split(',');
const N = Number(nArg);
const correct = JSON.parse(correctArg);
const pct = (xs, p) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const players = [];
const shows = new Map(); // question index -> latencies
const results = new Map(); // question index -> [receive time]
const deadlines = new Map();
const answerLatency = [];
let answerOk = 0;
let answerFail = 0;
/** Question 3's answers (every player but the first), counted apart from question 2's figures. */
let silentRoundOk = 0;
const failCodes = {};

function emitAck(socket, event, payload) {
  return new Promise((resolve) => socket.emit(event, payload, resolve));
}

const joinStart = performance.now();
let joinFailed = 0;
const CONCURRENCY = 400;
let nextIndex = 0;
/** Players speak socket.io over bare `ws` (lean-client.mjs) unless LIVE_CLIENT=socket.io; the host always uses socket.io-client. */
const leanPlayers = process.env.LIVE_CLIENT !== 'socket.io';
async function connectPlayer(url) {
  if (leanPlayers) {
    const socket = new LeanSocket(url, '/live');
    await socket.connect();
    return socket;
  }
  const socket = io(`${url}/live`, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

async function joinOne(i) {
  const socket = await connectPlayer(urls[i % urls.length]);
  const ack = await emitAck(socket, 'player:join', { pin, nickname: `Người chơi ${i}` });
  if (!ack.ok) {
    joinFailed++;
    failCodes[ack.error.code] = (failCodes[ack.error.code] ?? 0) + 1;
    return;
  }
  const me = { socket, id: ack.data.playerId };
  players.push(me);
  socket.on('question:show', (q) => {
    const at = Date.now();
    if (!shows.has(q.index)) shows.set(q.index, []);
    shows.get(q.index).push(at - q.serverNow);
    deadlines.set(q.index, q.deadline);
    if (q.index === 1 || (q.index === 2 && i > 0)) {
      setTimeout(async () => {
        const sent = performance.now();
        const a = await emitAck(socket, 'player:answer', {
          questionIndex: q.index,
          optionIds: [correct[q.index] ?? 'a'],
          clientAnswerId: `${me.id}-${q.index}`,
        });
        if (q.index === 2) {
          if (a.ok) silentRoundOk++;
          return;
        }
        answerLatency.push(performance.now() - sent);
        if (a.ok) answerOk++;
        else {
          answerFail++;
          failCodes[a.error.code] = (failCodes[a.error.code] ?? 0) + 1;
        }
      }, Math.random() * 2000);
    }
  });
  socket.on('question:result', (r) => {
    if (!results.has(r.index)) results.set(r.index, []);
    results.get(r.index).push(Date.now());
  });
}
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (nextIndex < N) {
      const i = nextIndex++;
      await joinOne(i).catch(() => joinFailed++);
    }
  }),
);
const joinMs = performance.now() - joinStart;
process.stdout.write(JSON.stringify({ phase: 'joined', players: players.length }) + '\n');
// The orchestrator reads the server's memory now, then tells us to go on.
await new Promise((r) => process.stdin.once('data', r));

const host = io(`${urls[0]}/live`, { transports: ['websocket'], reconnection: false, auth: token ? { token } : {} });
await new Promise((r) => host.once('connect', r));
const gameId = process.env.GAME_ID;
await emitAck(host, 'host:open', { gameId });

async function waitFor(cond, maxMs) {
  const end = Date.now() + maxMs;
  while (!cond() && Date.now() < end) await sleep(20);
}
for (let q = 0; q < 3; q++) {
  const ack = await emitAck(host, q === 0 ? 'host:start' : 'host:next', {});
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  await waitFor(() => (results.get(q)?.length ?? 0) >= players.length, 30_000);
  await sleep(300);
}
const show = shows.get(1) ?? [];
const res = (results.get(1) ?? []).map((t) => t - deadlines.get(1));
const oneSilent = (results.get(2) ?? []).map((t) => t - deadlines.get(2));
console.log(
  JSON.stringify({
    players: players.length,
    joinFailed,
    joinsPerSec: Math.round((players.length / joinMs) * 1000),
    joinMs: Math.round(joinMs),
    broadcastP50: pct(show, 50),
    broadcastP99: pct(show, 99),
    broadcastMax: pct(show, 100),
    showReceived: show.length,
    answerOk,
    answerFail,
    answerAckP50: Math.round(pct(answerLatency, 50) ?? -1),
    answerAckP99: Math.round(pct(answerLatency, 99) ?? -1),
    answersPerSecWindow: Math.round(answerOk / 2),
    resultReceived: res.length,
    deadlineToLastResultMs: res.length ? Math.max(...res) : null,
    deadlineToResultP50: pct(res, 50),
    // Question 3: one player did not answer, so the close waits out the grace (every player answered question 2).
    oneSilentAnswered: silentRoundOk,
    oneSilentResultReceived: oneSilent.length,
    oneSilentDeadlineToLastResultMs: oneSilent.length ? Math.max(...oneSilent) : null,
    oneSilentDeadlineToResultP50: pct(oneSilent, 50),
    failCodes,
  }),
);
for (const p of players) p.socket.close();
host.close();
process.exit(0);
