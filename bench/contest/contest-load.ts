// The load generator, in its own process: plays participants through a round over HTTP (start, answer saves at
// pauses, submit) and prints every request's latency as JSON. Args: baseUrl roundId tokensFile pauseMs [saves=30]
// [submitAt:submitOver] (ms since the load began: every participant submits at a random moment of that window, the
// submit burst, instead of after their saves)
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { KeepAliveClient } from '../support/keep-alive-client.js';

const [baseUrl, roundId, tokensFile, pauseArg, savesArg, submitArg] = process.argv.slice(2);
const submitWindow = submitArg ? (submitArg.split(':').map(Number) as [number, number]) : null;
const saves = Number(savesArg ?? 30);
const tokens: string[] = JSON.parse(readFileSync(tokensFile!, 'utf8'));
const pauseMs = Number(pauseArg ?? 1000);
/**
 * Keep-alive connections shared by the participants, as the API sees them behind a reverse proxy (docker/nginx.conf):
 * at most 256, requests queued here when all are busy (part of the latency measured, never seen by the API: the bench
 * prints the API's own histogram beside it). The bench's own client (keep-alive-client.ts), not undici nor node:http:
 * this process shares the two cores with the API, and per request node:http cost it ≈ 0.2 ms of CPU, undici ≈ 0.1 ms
 * in all (≈ half a core of the two at 5,000 saves a second). Tried before (node:http): one connection per participant
 * (≈ 0.4 ms more API CPU per start: the spike fell to 619 starts/s) and an uncapped pool (more connections opened in
 * bursts, p99 no better).
 */
const connections = Number(process.env.BENCH_CONNECTIONS ?? 256);
const client = new KeepAliveClient(baseUrl!, connections);

/**
 * A request and its answer, and when it was written to a connection: "sent → answered" minus "written → answered" is
 * the time it waited here for one of the connections, a wait no phone has (each has its own connection, and nginx
 * opens upstream connections as they are needed). Printed per second beside the latency as sent.
 */
async function request(method: 'POST' | 'PUT', path: string, token: string, body: string, read: boolean) {
  const res = await client.request(
    method,
    path,
    { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  );
  // Decoded only when asked or failed.
  const text = read || res.status >= 300 ? res.body.toString('utf8') : '';
  return { status: res.status, body: text, onWire: res.writtenAt };
}

type Op = 'start' | 'save' | 'submit';
const samples: Record<Op, number[]> = { start: [], save: [], submit: [] };
/** When each sampled request was sent (ms since the load began), beside its latency in `samples`. */
const sentAt: Record<Op, number[]> = { start: [], save: [], submit: [] };
/** Beside `samples`: from being written to a connection to the answer (see `request`). */
const onWire: Record<Op, number[]> = { start: [], save: [], submit: [] };
const errors: Record<string, number> = {};
/**
 * The connections opened, and this process's request path run, before the clock starts: a phone at the round's
 * opening has had its connection since it opened the rules page (and nginx keeps its upstream connections), while
 * opening 256 connections and compiling the request path here took 0.9 s of this process's CPU in the first second,
 * its event loop late by up to 137 ms — counted in every latency of that second, though no server caused it.
 */
await client.warm('/api/v1/health/live');
const t0 = performance.now();
const window: Record<Op, [number, number]> = { start: [Infinity, 0], save: [Infinity, 0], submit: [Infinity, 0] };

/**
 * One request, timed. The response is parsed only when it failed or the caller reads it: this process shares the
 * machine's two cores with the API, and a paper's JSON costs more to parse than the request costs to send.
 */
async function call(op: Op, method: 'POST' | 'PUT', url: string, token: string, body?: unknown, read = false) {
  const started = performance.now();
  const res = await request(method, url, token, body === undefined ? '{}' : JSON.stringify(body), read).catch(() => ({
    status: 599,
    body: '{"code":"NETWORK"}',
    onWire: undefined,
  }));
  const ended = performance.now();
  const json: Record<string, unknown> = (read || res.status >= 300) && res.body ? JSON.parse(res.body) : {};
  if (res.status >= 300)
    errors[`${op}:${res.status}:${String(json.code)}`] = (errors[`${op}:${res.status}:${String(json.code)}`] ?? 0) + 1;
  else {
    samples[op].push(ended - started);
    sentAt[op].push(started - t0);
    onWire[op].push(ended - (res.onWire ?? started));
  }
  window[op][0] = Math.min(window[op][0], started - t0);
  window[op][1] = Math.max(window[op][1], ended - t0);
  return json;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Arrivals are spread over the first pause, and never faster than the opening spike the issue sets (10,000 starts in
 * 10 s, measured on its own): a sustained run measures saves in steady state, not a second, steeper opening burst.
 */
const arrivalMs = Math.max(pauseMs, tokens.length);

async function participant(token: string) {
  await sleep(Math.random() * arrivalMs);
  const s = (await call(
    'start',
    'POST',
    `/api/v1/rounds/${roundId}/attempts`,
    token,
    undefined,
    saves > 0 || submitWindow !== null,
  )) as {
    attemptId: string;
    questions: { id: string; options: { id: string }[] }[];
  };
  if (!s.attemptId) return;
  // Only what the saves need is kept (the parsed paper, ≈ 5 KB a participant, would be old-generation garbage here).
  const attemptId = s.attemptId;
  const paper = s.questions.slice(0, saves).map((q) => ({ id: q.id, optionIds: q.options.map((o) => o.id) }));
  if (submitWindow) {
    const at = submitWindow[0] + Math.random() * submitWindow[1];
    await sleep(Math.max(0, at - (performance.now() - t0)));
    await call('submit', 'POST', `/api/v1/attempts/${attemptId}/submit`, token, { prediction: 100 });
    return;
  }
  for (const q of paper) {
    await sleep(saves === 30 ? pauseMs * (0.5 + Math.random()) : 0);
    await call('save', 'PUT', `/api/v1/attempts/${attemptId}/answers/${q.id}`, token, {
      optionIds: [q.optionIds[Math.floor(Math.random() * q.optionIds.length)]!],
    });
  }
  // The opening spike measures starts alone: a participant reads the first question for a while before answering.
  if (saves > 0) await call('submit', 'POST', `/api/v1/attempts/${attemptId}/submit`, token, { prediction: 100 });
}

// This process's own event loop: a stall here is counted in every latency it measures, though no server caused it.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
/**
 * The same per second (longest delay, CPU used), so a slow second can be told apart from one where this process was
 * itself short of CPU: it shares the two cores with the API and PostgreSQL, and reads every start's paper.
 */
const bySecond: { loopMaxMs: number; cpuMs: number }[] = [];
const secondDelay = monitorEventLoopDelay({ resolution: 10 });
secondDelay.enable();
let secondCpu = process.cpuUsage();
const perSecond = setInterval(() => {
  const used = process.cpuUsage(secondCpu);
  secondCpu = process.cpuUsage();
  bySecond.push({
    loopMaxMs: +(secondDelay.max / 1e6).toFixed(1),
    cpuMs: Math.round((used.user + used.system) / 1000),
  });
  secondDelay.reset();
}, 1000);
await Promise.all(tokens.map(participant));
clearInterval(perSecond);
secondDelay.disable();
client.close();
loopDelay.disable();
const ms = (ns: number) => +(ns / 1e6).toFixed(1);
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    samples,
    sentAt,
    onWire,
    arrivalMs,
    eventLoopDelayMs: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
    bySecond,
    errors,
    window,
    // The moment `sentAt` counts from, on the wall clock: the bench lines its CPU samples up with it.
    t0Epoch: performance.timeOrigin + t0,
    wallMs: performance.now() - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
  }),
);
