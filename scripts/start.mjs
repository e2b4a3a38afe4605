// `npm start`: builds what is missing or stale (normally already done by `npm install`), then runs the platform (embedded PostgreSQL unless DATABASE_URL).
import { execSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const newest = (dir) => {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};
const main = path.join(root, 'dist/apps/api/src/main.js');
const sources = Math.max(newest(path.join(root, 'apps/api/src')), newest(path.join(root, 'libs')));
if (!existsSync(main) || statSync(main).mtimeMs < sources) {
  execSync('npm run -s build:api', { cwd: root, stdio: 'inherit' });
}
for (const web of ['admin', 'portal']) {
  const dir = path.join(root, 'apps', web);
  if (existsSync(path.join(dir, 'index.html')) && !existsSync(path.join(dir, 'dist', 'index.html'))) {
    execSync('npm run -s build:web', { cwd: root, stdio: 'inherit' });
    break;
  }
}
// `npm install` runs this with --build-only (the "prepare" script) so the first `npm start` does not wait for builds.
if (process.argv.includes('--build-only')) process.exit(0);
const child = spawn(process.execPath, ['--enable-source-maps', main], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
