// bench/admin/bundle-size: what the admin app's first load costs in gzipped JavaScript (goal: under 300 KB), and what
// each route adds when first visited. Reads apps/admin/dist (run `npm run build:web` first, or pass --build).
// The ceiling compared against is the budget (300 KB) and the raw (uncompressed) size of the same files.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'apps/admin/dist');
const BUDGET = 300 * 1024;
if (process.argv.includes('--build') || !existsSync(path.join(dist, '.vite/manifest.json'))) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-web.mjs'), '--no-typecheck'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(1);
}
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8'));
const sizes = new Map();
const size = (file) => {
  if (!sizes.has(file)) {
    const bytes = readFileSync(path.join(dist, file));
    sizes.set(file, { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length });
  }
  return sizes.get(file);
};
/** A chunk and every chunk it imports statically: what the browser must fetch before running it. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key].imports ?? []) closure(dep, seen);
  return seen;
}
const files = (keys) => [...keys].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
const sum = (list) =>
  list.reduce((acc, f) => ({ raw: acc.raw + size(f).raw, gz: acc.gz + size(f).gz }), { raw: 0, gz: 0 });
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const entry = closure(entryKey);
// The first screen anyone sees is sign-in; the first screen after it is the banks list inside the shell.
const routeKey = (name) => Object.keys(manifest).find((k) => k.endsWith(`/${name}.tsx`));
const firstLoad = new Set([...entry, ...closure(routeKey('SignInPage'))]);
const first = sum(files(firstLoad));

console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model}, node ${process.version}`);
try {
  console.log(`commit: ${execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim()}`);
} catch {
  /* not a git checkout */
}
console.log(
  `first load (entry + sign-in): ${kb(first.gz)} gzipped (${kb(first.raw)} raw) — ${((first.gz / BUDGET) * 100).toFixed(0)}% of the 300 KB budget, gzip ratio ${(first.gz / first.raw).toFixed(2)}`,
);
console.log('route                      adds (gzipped, beyond what is already loaded)');
for (const name of [
  'Shell',
  'BanksPage',
  'BankQuestionsPage',
  'QuestionDetailPage',
  'QuestionEditorPage',
  'ImportPage',
  'LiveGamesPage',
  'LiveGameNewPage',
  'LiveHostPage',
  'UnitsPage',
  'UnitImportPage',
  'MemberImportPage',
  'PeoplePage',
  'ContestsPage',
  'RoundEditorPage',
  'RoundPage',
  'RoundReport',
]) {
  const key = routeKey(name);
  if (!key) continue;
  const base = name === 'Shell' ? firstLoad : new Set([...firstLoad, ...closure(routeKey('Shell'))]);
  const extra = files([...closure(key)].filter((k) => !base.has(k)));
  console.log(`${name.padEnd(26)} ${kb(sum(extra).gz).padStart(9)}`);
}
const all = sum(files(Object.keys(manifest)));
console.log(
  `all JavaScript: ${kb(all.gz)} gzipped (${kb(all.raw)} raw) in ${files(Object.keys(manifest)).length} chunks`,
);
if (first.gz >= BUDGET) {
  console.error('over budget');
  process.exit(1);
}
