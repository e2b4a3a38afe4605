// Cold `npm start` to healthy on the embedded PostgreSQL (fresh DATA_DIR: initdb, migrations, demo data), and a warm
// restart on the same data, beside the raw floor measured in the same run: the embedded PostgreSQL alone (initdb +
// start) and a bare Node process. Usage: node bench/startup/startup.bench.mjs [runs=3]
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import path from 'node:path';
import { machineInfo } from '../machine.mjs';
import { startFresh } from '../../scripts/smoke-embedded.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const runs = Number(process.argv[2] ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

execFileSync('npm', ['run', '-s', 'build:api'], { cwd: root, stdio: 'inherit' });
const { startEmbeddedPostgres } = await import(path.join(root, 'dist/libs/core/src/database/embedded-postgres.js'));

await (await import('node:fs/promises')).mkdir(path.join(root, 'data'), { recursive: true });
const cold = [];
const warm = [];
const rawPostgres = [];
const bareNode = [];
for (let i = 0; i < runs; i++) {
  const app = await startFresh({ keep: true });
  cold.push(app.healthyMs);
  await app.stop();
  const again = await startFresh({ dataDir: app.dir });
  warm.push(again.healthyMs);
  await again.stop();

  const dir = await mkdtemp(path.join(root, 'data', 'raw-pg-'));
  await chmod(dir, 0o755);
  const t0 = performance.now();
  const server = await startEmbeddedPostgres({ dataDir: dir });
  rawPostgres.push(performance.now() - t0);
  await server.stop();
  await rm(dir, { recursive: true, force: true });

  const t1 = performance.now();
  execFileSync(process.execPath, ['-e', '0']);
  bareNode.push(performance.now() - t1);
}

const result = {
  machine: machineInfo(),
  runs,
  coldStartToHealthyMs: Math.round(median(cold)),
  warmStartToHealthyMs: Math.round(median(warm)),
  rawEmbeddedPostgresInitAndStartMs: Math.round(median(rawPostgres)),
  bareNodeMs: Math.round(median(bareNode)),
  coldVsRawPostgres: +(median(cold) / median(rawPostgres)).toFixed(2),
  goalColdUnderMs: 15000,
};
console.log(JSON.stringify(result, null, 2));
process.exit(0);
