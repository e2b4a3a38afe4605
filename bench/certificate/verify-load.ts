// The load generator, in its own process: GET /api/v1/certificates/verify/:code at a fixed rate (open loop: a request
// leaves every 1/rate s whatever the answers do) for `durationMs`, codes drawn from the file, client addresses
// rotated over `addresses` (the endpoint limits each address; X-Forwarded-For is believed from loopback, as from the
// compose file's nginx). Prints every answer's latency as JSON. Args: baseUrl codesFile rate durationMs addresses
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';

const [baseUrl, codesFile, rateArg, durationArg, addressesArg] = process.argv.slice(2);
const codes: string[] = JSON.parse(readFileSync(codesFile!, 'utf8'));
const rate = Number(rateArg);
const durationMs = Number(durationArg);
const addresses = Number(addressesArg);
const pool = new Pool(baseUrl!, { connections: 128, pipelining: 1, keepAliveTimeout: 65_000 });
const latencies: number[] = [];
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
    if (res.statusCode === 200) latencies.push(performance.now() - started);
    else errors[res.statusCode] = (errors[res.statusCode] ?? 0) + 1;
  } catch {
    errors.network = (errors.network ?? 0) + 1;
  }
}

for (let i = 0; performance.now() - t0 < durationMs; i++) {
  pending.push(one(i));
  await sleep(Math.max(0, t0 + ((i + 1) * 1000) / rate - performance.now()));
}
await Promise.all(pending);
await pool.close();
process.stdout.write(JSON.stringify({ latencies, errors, elapsedMs: performance.now() - t0 }));
