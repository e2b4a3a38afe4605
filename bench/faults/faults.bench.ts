// Faults and load, proven together (#20): the fault tests' scenarios at a larger scale, each ended by the invariant
// checker; prints faults injected, survived, answers acknowledged, lost, duplicates, violations and the machine.
//   npm run build:api && node dist/bench/faults/faults.bench.js [participants=200] [players=100] [scenarios=all]
// scenarios: comma-separated of poisoning, postgres, sigterm, sigkill, redis. The machine's PostgreSQL (DATABASE_URL)
// for the rounds; a private embedded PostgreSQL for the restart and a private redis-server for the Redis restart (the
// machine's ones are shared and never restarted).
import path from 'node:path';
import pg from 'pg';
import { startApiProcess, type ApiProcess } from '../../test/support/api-process.js';
import { liveFixtureFor, startLiveInstances } from '../../test/e2e/live-contest/live-support.js';
import { seedFaultRound, type FaultRound } from '../../test/support/faults/contest-faults.js';
import { runInstanceLoss, runPoisoning, runSubmitBurstRestart } from '../../test/support/faults/contest-scenarios.js';
import { runRedisRestartMidGame } from '../../test/support/faults/live-faults.js';
import { startPrivatePostgres } from '../../test/support/faults/private-postgres.js';
import { startPrivateRedis } from '../../test/support/faults/private-redis.js';
import { report, type FaultReport } from '../../test/support/faults/report.js';
import { summarize } from '../../test/support/invariants.js';
import { startTestApp } from '../../test/support/test-app.js';
import { machineInfo, startBenchApp } from '../support/bench-app.js';

const [participants = 200, players = 100] = process.argv.slice(2, 4).map(Number);
const wanted = new Set((process.argv[4] ?? 'poisoning,postgres,sigterm,sigkill,redis').split(','));
const dataRoot = path.resolve(import.meta.dirname, '../../../data');
const reports: FaultReport[] = [];
const failures: string[] = [];
/** Runs a scenario; one that could not finish (a client left waiting, a step that never went through) did not survive. */
const timed = async (scenario: string, run: () => Promise<FaultReport>) => {
  const started = Date.now();
  let r: FaultReport;
  try {
    r = await run();
  } catch (error) {
    r = report(scenario, 1, 0, [], { failed: 1 }, false);
    failures.push(`${scenario}: ${(error as Error).message}`);
  }
  r.extra.seconds = Math.round((Date.now() - started) / 100) / 10;
  reports.push(r);
  console.error(JSON.stringify({ ...r, violations: r.violations.slice(0, 20) }));
};
/** The in-process app on a fresh database of the machine's PostgreSQL, with a pool for the checker. */
async function onMachineDatabase<T>(
  prefix: string,
  body: (b: Awaited<ReturnType<typeof startBenchApp>>, db: pg.Pool) => Promise<T>,
) {
  const bench = await startBenchApp({ prefix, listen: true });
  const db = new pg.Pool({ connectionString: bench.url, max: 2 });
  // The database is dropped WITH (FORCE) at the end: an idle connection's termination is no failure.
  db.on('error', () => undefined);
  try {
    return await body(bench, db);
  } finally {
    await db.end();
    await bench.close();
  }
}

if (wanted.has('poisoning'))
  await onMachineDatabase('faults_poison', async (bench, db) => {
    const round = await seedFaultRound(bench.app, bench.baseUrl, db, {
      participants: participants + 1,
      prefix: 'p',
      paper: 'short',
    });
    await timed('batch poisoning', () => runPoisoning({ db, baseUrl: bench.baseUrl, round, savesEach: 30 }));
  });

if (wanted.has('postgres')) {
  const server = await startPrivatePostgres(path.join(dataRoot, `bench-faults-pg-${process.pid}`));
  let api: ApiProcess | null = null;
  try {
    // Seeded in-process; the round is then served by the API as its own process (its listener as deployed).
    const seeder = await startTestApp(
      {},
      { database: { url: server.url, name: 'haidang', drop: async () => undefined } },
    );
    let round: FaultRound;
    try {
      round = await seedFaultRound(seeder.app, seeder.baseUrl, await server.connect(), { participants, prefix: 'n' });
    } finally {
      await seeder.close();
    }
    api = await startApiProcess(server.url);
    const baseUrl = api.baseUrl;
    await timed('PostgreSQL restart during the final-submit burst', () =>
      runSubmitBurstRestart({ db: server.connect, baseUrl, round, down: server.down, up: server.up }),
    );
  } finally {
    await api?.kill('SIGKILL');
    await server.stop();
  }
}

for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
  if (!wanted.has(signal.toLowerCase())) continue;
  await onMachineDatabase(`faults_${signal.toLowerCase()}`, async (bench, db) => {
    const round = await seedFaultRound(bench.app, bench.baseUrl, db, { participants, prefix: 's' });
    const instances: ApiProcess[] = [];
    try {
      // The drain's delay is the time the balancer has to notice readiness turn red (5 s in production; the clients'
      // balancer polls every 100 ms, but on a loaded machine a poll can take far longer than the tests' 300 ms).
      for (let i = 0; i < 2; i++) instances.push(await startApiProcess(bench.url, { SHUTDOWN_DELAY_MS: '2000' }));
      await timed(`${signal} of one of two instances mid-round`, () =>
        runInstanceLoss({ db, instances, victim: instances[1]!, signal, round, passes: 3 }),
      );
    } finally {
      await Promise.all(instances.map((p) => p.kill('SIGKILL')));
    }
  });
}

if (wanted.has('redis'))
  await onMachineDatabase('faults_live', async (bench, db) => {
    const redis = await startPrivateRedis(path.join(dataRoot, `bench-faults-redis-${process.pid}`));
    const instances: ApiProcess[] = [];
    try {
      const fixture = await liveFixtureFor({ url: bench.url, name: bench.name, drop: async () => undefined }, 'b');
      instances.push(...(await startLiveInstances(bench.url, redis.url, ['r1', 'r2'])));
      await timed('Redis restart mid live game', () =>
        runRedisRestartMidGame({
          db,
          databaseUrl: bench.url,
          redisUrl: redis.url,
          redisDown: () => redis.down(),
          redisUp: () => redis.up(),
          instances: instances.map((i) => i.baseUrl),
          fixture,
          players,
          questions: 5,
          restartAt: 2,
        }),
      );
    } finally {
      await Promise.all(instances.map((p) => p.kill('SIGKILL')));
      await redis.stop();
    }
  });

console.log(
  '| scenario | faults injected | survived | answers acknowledged | lost | duplicates | violations | details |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of reports)
  console.log(
    `| ${r.scenario} | ${r.faultsInjected} | ${r.survived ? 'yes' : '**no**'} | ${r.acknowledged} | ${r.lost} | ${r.duplicates} | ${r.violations.length} | ${Object.entries(
      r.extra,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} |`,
  );
for (const r of reports)
  if (r.violations.length) console.log(`\n${r.scenario}:\n${summarize(r.violations.slice(0, 10))}`);
for (const f of failures) console.log(`\ndid not finish — ${f}`);
console.log(`\nmachine: ${JSON.stringify(machineInfo())}`);
process.exit(reports.every((r) => r.survived) ? 0 : 1);
