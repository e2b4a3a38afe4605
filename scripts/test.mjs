// `npm test`: builds the API with swc (jest's global setup uses the build to start PostgreSQL and migrate the
// template database), then runs jest in ESM mode (Nest 12 is ESM-only). Extra arguments go to jest.
import { spawnSync } from 'node:child_process';

const run = (args) =>
  spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
const build = spawnSync('npm', ['run', '-s', 'build:api'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const jest = [
  '--experimental-vm-modules',
  'node_modules/jest/bin/jest.js',
  '-c',
  'jest.config.cjs',
  ...process.argv.slice(2),
];
process.exit(run(jest).status ?? 1);
