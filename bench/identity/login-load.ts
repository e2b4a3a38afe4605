// The load generator of login.bench: a separate process, so its HTTP client work does not share the event loop of the
// server it measures. Usage (spawned by login.bench): node login-load.js <baseUrl> <mode> <arg> <users> <password>
//   mode "steady": <arg> = "concurrency:seconds"; mode "burst": <arg> = number of requests sent at once.

const [baseUrl, mode, arg, users, password] = process.argv.slice(2) as [string, string, string, string, string];
const userCount = Number(users);

interface Sample {
  ms: number;
  status: number;
  code?: string;
}

async function login(i: number): Promise<Sample> {
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `bench${i % userCount}`, password }),
    });
    const body = (await res.json()) as { code?: string };
    return { ms: performance.now() - started, status: res.status, code: body.code };
  } catch {
    return { ms: performance.now() - started, status: 0, code: 'NETWORK' };
  }
}

async function steady(concurrency: number, seconds: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  const until = performance.now() + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) samples.push(await login(next++));
    }),
  );
  return samples;
}

/** The burst, then (once it has filled the queue) probes one at a time: how long a refused caller waits. */
async function burst(count: number): Promise<{ samples: Sample[]; probes: Sample[] }> {
  const all = Promise.all(Array.from({ length: count }, (_, i) => login(i)));
  await new Promise((r) => setTimeout(r, 1500));
  const probes: Sample[] = [];
  for (let i = 0; i < 20; i++) probes.push(await login(i));
  return { samples: await all, probes };
}

const began = performance.now();
const result =
  mode === 'steady'
    ? { samples: await steady(Number(arg.split(':')[0]), Number(arg.split(':')[1])), probes: [] }
    : await burst(Number(arg));
process.stdout.write(JSON.stringify({ wallMs: performance.now() - began, ...result }));
