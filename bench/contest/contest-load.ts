// The load generator, in its own process: plays participants through a round over HTTP (start, answer saves at
// pauses, submit) and prints every request's latency as JSON. Args: baseUrl roundId tokensFile pauseMs [saves=30]
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [baseUrl, roundId, tokensFile, pauseArg, savesArg] = process.argv.slice(2);
const saves = Number(savesArg ?? 30);
const tokens: string[] = JSON.parse(readFileSync(tokensFile!, 'utf8'));
const pauseMs = Number(pauseArg ?? 1000);
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const base = new URL(baseUrl!);

function request(
  method: string,
  path: string,
  token: string,
  body: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: data ? JSON.parse(data) : {} }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

type Op = 'start' | 'save' | 'submit';
const samples: Record<Op, number[]> = { start: [], save: [], submit: [] };
const errors: Record<string, number> = {};
const t0 = performance.now();
const window: Record<Op, [number, number]> = { start: [Infinity, 0], save: [Infinity, 0], submit: [Infinity, 0] };

async function call(op: Op, method: string, url: string, token: string, body?: unknown) {
  const started = performance.now();
  const res = await request(method, url, token, body === undefined ? '{}' : JSON.stringify(body)).catch(() => ({
    status: 599,
    json: { code: 'NETWORK' } as Record<string, unknown>,
  }));
  const json = res.json;
  const ended = performance.now();
  if (res.status >= 300)
    errors[`${op}:${res.status}:${String(json.code)}`] = (errors[`${op}:${res.status}:${String(json.code)}`] ?? 0) + 1;
  else samples[op].push(ended - started);
  window[op][0] = Math.min(window[op][0], started - t0);
  window[op][1] = Math.max(window[op][1], ended - t0);
  return json;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function participant(token: string) {
  // Spread arrivals over the first pause so the run is sustained, not one synchronized burst.
  await sleep(Math.random() * pauseMs);
  const s = (await call('start', 'POST', `/api/v1/rounds/${roundId}/attempts`, token)) as {
    attemptId: string;
    questions: { id: string; options: { id: string }[] }[];
  };
  if (!s.attemptId) return;
  for (const q of s.questions.slice(0, saves)) {
    await sleep(saves === 30 ? pauseMs * (0.5 + Math.random()) : 0);
    await call('save', 'PUT', `/api/v1/attempts/${s.attemptId}/answers/${q.id}`, token, {
      optionIds: [q.options[Math.floor(Math.random() * q.options.length)]!.id],
    });
  }
  // The opening spike measures starts alone: a participant reads the first question for a while before answering.
  if (saves > 0) await call('submit', 'POST', `/api/v1/attempts/${s.attemptId}/submit`, token, { prediction: 100 });
}

await Promise.all(tokens.map(participant));
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({ samples, errors, window, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 }),
);
