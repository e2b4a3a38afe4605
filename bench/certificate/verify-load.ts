// The load generator, in its own process: GET /api/v1/certificates/verify/:code at a fixed rate (open loop: a request
// leaves every 1/rate s whatever the answers do) for `durationMs`, codes drawn from the file, client addresses
// rotated over `addresses` (the endpoint limits each address; X-Forwarded-For is believed from loopback, as from the
// compose file's nginx). The first `warmupMs` run at the same rate and are not counted (connections opened, code
// optimized); then every answer's latency for `durationMs`, and the p99 of each second (where a tail comes from).
// Prints JSON. Args: baseUrl codesFile rate durationMs addresses [warmupMs=0]
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';

const [baseUrl, codesFile, rateArg, durationArg, addressesArg] = process.argv.slice(2);
const codes: string[] = JSON.parse(readFileSync(codesFile!, 'utf8'));
const rate = Number(rateArg);
const durationMs = Number(durationArg);
const addresses = Number(addressesArg);
const warmupMs = Number(process.argv[7] ?? 0);
const pool = new Pool(baseUrl!, { connections: 128, pipelining: 1, keepAliveTimeout: 65_000 });
const latencies: number[] = [];
const bySecond: number[][] = [];
const errors: Record<string, number> = {};
const pending: Promise<void>[] = [];
const t0 = performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function one(i: number) {
  const code = codes[i % codes.length]!;
  const started = performance.now();
  try {
    const res = await pool.request({
      method: 'GET',
      path: `/api/v1/certificates/verify/${code}`,
      headers: { 'x-forwarded-for': `10.${(i % addresses) >> 8}.${(i % addresses) & 255}.7` },
    });
    await res.body.dump();
    const at = started - t0 - warmupMs;
    if (at < 0) return;
    if (res.statusCode === 200) {
      latencies.push(performance.now() - started);
      (bySecond[Math.floor(at / 1000)] ??= []).push(performance.now() - started);
    } else errors[res.statusCode] = (errors[res.statusCode] ?? 0) + 1;
  } catch {
    if (started - t0 >= warmupMs) errors.network = (errors.network ?? 0) + 1;
  }
}

for (let i = 0; performance.now() - t0 < warmupMs + durationMs; i++) {
  pending.push(one(i));
  await sleep(Math.max(0, t0 + ((i + 1) * 1000) / rate - performance.now()));
}
await Promise.all(pending);
await pool.close();
const p99 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return +(s[Math.max(0, Math.ceil(0.99 * s.length) - 1)] ?? NaN).toFixed(1);
};
process.stdout.write(
  JSON.stringify({
    latencies,
    errors,
    p99BySecond: bySecond.map((xs) => p99(xs ?? [])),
    elapsedMs: performance.now() - t0,
  }),
);
