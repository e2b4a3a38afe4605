// `npm run build:web`: type-checks and builds each web app present (apps/admin, apps/portal) with Vite into
// apps/<app>/dist, which the API serves (/admin and /). A type error fails the build: the generated API client makes
// an API change show up here.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const apps = ['admin', 'portal'].filter((app) => existsSync(path.join(root, 'apps', app, 'vite.config.ts')));

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build:web: ${path.basename(command)} ${args.join(' ')} failed in ${path.relative(root, cwd)}`);
    process.exit(result.status ?? 1);
  }
}

for (const app of apps) {
  const dir = path.join(root, 'apps', app);
  console.log(`build:web: ${app}`);
  if (!process.argv.includes('--no-typecheck')) run(bin('tsc'), ['-p', 'tsconfig.json'], dir);
  run(bin('vite'), ['build', '--logLevel', 'warn'], dir);
}
if (!apps.length) console.log('build:web: no web app found');
