// The load generator, in its own process: learners save SCORM progress (PUT /lessons/:id/scorm-progress) every
// `periodMs`, starting at random moments of the first period, for `durationMs`; prints every save's latency as JSON.
// Args: baseUrl lessonId tokensFile periodMs durationMs
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';

const [baseUrl, lessonId, tokensFile, periodArg, durationArg] = process.argv.slice(2);
const tokens: string[] = JSON.parse(readFileSync(tokensFile!, 'utf8'));
const periodMs = Number(periodArg);
const durationMs = Number(durationArg);
/** Keep-alive connections as behind the reverse proxy (docker/nginx.conf), as the contest bench does. */
const pool = new Pool(baseUrl!, { connections: 256, pipelining: 1, keepAliveTimeout: 65_000 });
const suspend = 'x'.repeat(1200);
const latencies: number[] = [];
/** When each answered save was sent (ms since the load began), beside its latency. */
const sentAt: number[] = [];
const errors: Record<string, number> = {};
const t0 = performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function learner(token: string, i: number) {
  await sleep(Math.random() * periodMs);
  for (let n = 0; performance.now() - t0 < durationMs; n++) {
    const next = performance.now() + periodMs;
    const body = JSON.stringify({
      lessonStatus: 'incomplete',
      lessonLocation: `slide-${n}`,
      suspendData: `${suspend}${i}:${n}`,
      sessionTime: '0000:00:30.00',
      scoreRaw: n,
      scoreMin: 0,
      scoreMax: 100,
    });
    const started = performance.now();
    try {
      const res = await pool.request({
        method: 'PUT',
        path: `/api/v1/lessons/${lessonId}/scorm-progress`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
      await res.body.dump();
      if (res.statusCode === 200) {
        latencies.push(performance.now() - started);
        sentAt.push(started - t0);
      } else errors[res.statusCode] = (errors[res.statusCode] ?? 0) + 1;
    } catch {
      errors.network = (errors.network ?? 0) + 1;
    }
    await sleep(Math.max(0, next - performance.now()));
  }
}

await Promise.all(tokens.map((t, i) => learner(t, i)));
await pool.close();
process.stdout.write(JSON.stringify({ latencies, sentAt, errors, elapsedMs: performance.now() - t0 }));
