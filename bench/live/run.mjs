// Live-game benchmark: for each player count, bare socket.io 4.8 and the real app on the same machine, same run,
// load generator in a separate process. `node bench/live/run.mjs 1000 5000 10000 [--two]` (run.sh raises ulimit -n).
import { spawn } from 'node:child_process';
import os from 'node:os';
import pg from 'pg';

const args = process.argv.slice(2);
const counts = args.filter((a) => /^\d+$/.test(a)).map(Number);
const two = args.includes('--two');
const modes = args.includes('--app-only') ? ['app'] : ['bare', 'app'];
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const here = new URL('.', import.meta.url).pathname;

function lines(child, onLine) {
  let buf = '';
  child.stdout.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      onLine(line);
    }
  });
}

function startServer(mode, db, redis, instance) {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      // LIVE_CPU_PROF=<dir>: a CPU profile of each server process (open it in Chrome DevTools).
      ...(process.env.LIVE_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.LIVE_CPU_PROF] : []),
      `${here}server.mjs`,
      mode,
      db ?? '-',
      redis ?? '-',
      instance ?? 'a',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    lines(child, (line) => {
      if (line.startsWith('{"port"')) resolve({ child, ...JSON.parse(line) });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

const mem = async (ctlPort) => (await fetch(`http://127.0.0.1:${ctlPort}/mem`)).json();

async function withDatabase(fn) {
  const name = `bench_live_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

async function measure(servers, n) {
  const before = await Promise.all(servers.map((s) => mem(s.ctlPort)));
  const load = spawn(
    process.execPath,
    [
      `${here}load.mjs`,
      servers.map((s) => `http://127.0.0.1:${s.port}`).join(','),
      String(n),
      servers[0].pin,
      servers[0].token,
      JSON.stringify(servers[0].correct),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, GAME_ID: servers[0].gameId } },
  );
  let memory;
  const result = await new Promise((resolve, reject) => {
    lines(load, async (line) => {
      const msg = JSON.parse(line);
      if (msg.phase === 'joined') {
        const after = await Promise.all(servers.map((s) => mem(s.ctlPort)));
        const rss = after.reduce((t, m, i) => t + m.rss - before[i].rss, 0);
        const heap = after.reduce((t, m, i) => t + m.heapUsed - before[i].heapUsed, 0);
        memory = {
          rssPerPlayerKB: +(rss / msg.players / 1024).toFixed(1),
          heapPerPlayerKB: +(heap / msg.players / 1024).toFixed(1),
        };
        load.stdin.write('go\n');
      } else resolve(msg);
    });
    load.once('exit', (code) => code && reject(new Error(`load exited ${code}`)));
  });
  return { ...result, ...memory };
}

const stop = (s) =>
  new Promise(
    (r) => (s.child.once('exit', r), s.child.kill('SIGTERM'), setTimeout(() => s.child.kill('SIGKILL'), 5000)),
  );

const machine = {
  nproc: os.cpus().length,
  cpu: os.cpus()[0].model,
  node: process.version,
  loadavg: os.loadavg().map((x) => +x.toFixed(2)),
};
console.log(JSON.stringify({ machine }));
for (const n of counts) {
  for (const mode of modes) {
    const row =
      mode === 'bare'
        ? await (async () => {
            const s = await startServer('bare');
            try {
              return await measure([s], n);
            } finally {
              await stop(s);
            }
          })()
        : await withDatabase(async (db) => {
            const a = await startServer('app', db, two ? redisUrl : '-', 'a');
            const servers = [a];
            try {
              if (two) servers.push(await startServer('app', db, redisUrl, 'b'));
              return await measure(servers, n);
            } finally {
              for (const s of servers) await stop(s);
            }
          });
    console.log(JSON.stringify({ n, mode: two && mode === 'app' ? 'app×2+redis' : mode, ...row }));
  }
}
