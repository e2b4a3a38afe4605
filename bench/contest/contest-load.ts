// The load generator, in its own process: plays participants through a round over HTTP (start, answer saves at
// pauses, submit) and prints every request's latency as JSON. Args: baseUrl roundId tokensFile pauseMs [saves=30]
// [submitAt:submitOver] (ms since the load began: every participant submits at a random moment of that window, the
// submit burst, instead of after their saves)
import diagnosticsChannel from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Pool } from 'undici';

const [baseUrl, roundId, tokensFile, pauseArg, savesArg, submitArg] = process.argv.slice(2);
const submitWindow = submitArg ? (submitArg.split(':').map(Number) as [number, number]) : null;
const saves = Number(savesArg ?? 30);
const tokens: string[] = JSON.parse(readFileSync(tokensFile!, 'utf8'));
const pauseMs = Number(pauseArg ?? 1000);
/**
 * Keep-alive connections shared by the participants, as the API sees them behind a reverse proxy (docker/nginx.conf):
 * undici's pool of at most 256, requests queued here when all are busy (part of the latency measured, never seen by
 * the API: the bench prints the API's own histogram beside it). undici rather than node:http's agent: this process
 * shares the two cores with the API, and node:http cost it ≈ 0.2 ms of CPU per request. Tried before (node:http):
 * one connection per participant (≈ 0.4 ms more API CPU per start: the spike fell to 619 starts/s) and an uncapped
 * pool (more connections opened in bursts, p99 no better).
 */
const connections = Number(process.env.BENCH_CONNECTIONS ?? 256);
const pool = new Pool(baseUrl!, {
  connections,
  pipelining: 1,
  keepAliveTimeout: 65_000,
});

/**
 * When each request left the pool's queue for a connection, by its sequence number: undici creates its Request only
 * then (`undici:request:create`), so "sent → answered" minus "left the queue → answered" is the time a request
 * waited here for one of the pool's connections — a wait no phone has (each has its own connection, and nginx opens
 * upstream connections as they are needed). Printed per second beside the latency as sent.
 */
const leftQueueAt = new Map<string, number>();
const SEQUENCE_HEADER = 'x-bench-sequence';
diagnosticsChannel.subscribe('undici:request:create', (message) => {
  const headers = (message as { request: { headers: string[] } }).request.headers;
  for (let i = 0; i < headers.length; i += 2)
    if (headers[i]!.toLowerCase() === SEQUENCE_HEADER) leftQueueAt.set(headers[i + 1]!, performance.now());
});
let sequence = 0;

async function request(method: 'POST' | 'PUT', path: string, token: string, body: string, read: boolean) {
  const n = String(sequence++);
  const res = await pool.request({
    method,
    path,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', [SEQUENCE_HEADER]: n },
    body,
  });
  // A response is read whole either way (the connection is reused only then); parsed only when asked or failed.
  const text = read || res.statusCode >= 300 ? await res.body.text() : (await res.body.dump(), '');
  const onWire = leftQueueAt.get(n);
  leftQueueAt.delete(n);
  return { status: res.statusCode, body: text, onWire };
}

type Op = 'start' | 'save' | 'submit';
const samples: Record<Op, number[]> = { start: [], save: [], submit: [] };
/** When each sampled request was sent (ms since the load began), beside its latency in `samples`. */
const sentAt: Record<Op, number[]> = { start: [], save: [], submit: [] };
/** Beside `samples`: from leaving the pool's queue to the answer (see `leftQueueAt`). */
const onWire: Record<Op, number[]> = { start: [], save: [], submit: [] };
const errors: Record<string, number> = {};
/**
 * The pool's connections opened, and this process's request path run, before the clock starts: a phone at the round's
 * opening has had its connection since it opened the rules page (and nginx keeps its upstream connections), while
 * opening 256 connections and compiling the request path here took 0.9 s of this process's CPU in the first second,
 * its event loop late by up to 137 ms — counted in every latency of that second, though no server caused it.
 */
await Promise.all(
  Array.from({ length: connections }, () =>
    pool.request({ method: 'GET', path: '/api/v1/health/live' }).then((res) => res.body.dump()),
  ),
);
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
  if (submitWindow) {
    const at = submitWindow[0] + Math.random() * submitWindow[1];
    await sleep(Math.max(0, at - (performance.now() - t0)));
    await call('submit', 'POST', `/api/v1/attempts/${s.attemptId}/submit`, token, { prediction: 100 });
    return;
  }
  for (const q of s.questions.slice(0, saves)) {
    await sleep(saves === 30 ? pauseMs * (0.5 + Math.random()) : 0);
    await call('save', 'PUT', `/api/v1/attempts/${s.attemptId}/answers/${q.id}`, token, {
      optionIds: [q.options[Math.floor(Math.random() * q.options.length)]!.id],
    });
  }
  // The opening spike measures starts alone: a participant reads the first question for a while before answering.
  if (saves > 0) await call('submit', 'POST', `/api/v1/attempts/${s.attemptId}/submit`, token, { prediction: 100 });
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
await pool.close();
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
