// Live-game benchmark: for each player count, bare socket.io 4.8 and the real app on the same machine, same run,
// load generator in a separate process. `node bench/live/run.mjs 1000 5000 10000 [--two]` (run.sh raises ulimit -n).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

/** CPU seconds a process has used (user + system), from /proc; 0 once it is gone. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return 0;
  }
}

/** The whole machine's busy and total CPU seconds so far (every core), from /proc/stat. */
function machineSeconds() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy / 100, total: (busy + idle + iowait) / 100 };
}

const redisPid = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .find((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'redis-server';
      } catch {
        return false;
      }
    });

/**
 * Where the CPU went between two readings: each server, the load generator, Redis (when used), and how busy the
 * machine's cores were in all (PostgreSQL and anything else included) — on one 2-core machine they all share it.
 */
function cpuSnapshot(pids) {
  return { at: performance.now(), machine: machineSeconds(), procs: pids.map((pid) => (pid ? cpuSeconds(pid) : 0)) };
}
function cpuBetween(a, b, names) {
  const wall = (b.at - a.at) / 1000;
  return {
    wallS: +wall.toFixed(1),
    machineBusyPct: Math.round((100 * (b.machine.busy - a.machine.busy)) / (b.machine.total - a.machine.total)),
    ...Object.fromEntries(names.map((name, i) => [`${name}CpuS`, +(b.procs[i] - a.procs[i]).toFixed(2)])),
  };
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
  const redis = servers.length > 1 ? redisPid() : undefined;
  const names = [...servers.map((_, i) => `server${i + 1}`), 'loadGenerator', ...(redis ? ['redis'] : [])];
  const pids = [...servers.map((s) => s.child.pid), load.pid, ...(redis ? [redis] : [])];
  const started = cpuSnapshot(pids);
  let joined;
  let memory;
  const result = await new Promise((resolve, reject) => {
    lines(load, async (line) => {
      const msg = JSON.parse(line);
      if (msg.phase === 'joined') {
        joined = cpuSnapshot(pids);
        const after = await Promise.all(servers.map((s) => mem(s.ctlPort)));
        const rss = after.reduce((t, m, i) => t + m.rss - before[i].rss, 0);
        const heap = after.reduce((t, m, i) => t + m.heapUsed - before[i].heapUsed, 0);
        memory = {
          rssPerPlayerKB: +(rss / msg.players / 1024).toFixed(1),
          heapPerPlayerKB: +(heap / msg.players / 1024).toFixed(1),
        };
        load.stdin.write('go\n');
      } else resolve({ ...msg, cpuAfterJoins: cpuBetween(joined, cpuSnapshot(pids), names) });
    });
    load.once('exit', (code) => code && reject(new Error(`load exited ${code}`)));
  });
  return { ...result, ...memory, cpuJoins: cpuBetween(started, joined, names) };
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
