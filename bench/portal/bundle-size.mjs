// bench/portal/bundle-size: the participants' portal's first load in gzipped JavaScript (goal: under 150 KB on a poor
// mobile link) and what each lazy route adds. Reads apps/portal/dist/.vite/manifest.json (run `npm run build:web`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = path.resolve(import.meta.dirname, '../../apps/portal/dist');
const BUDGET = 150 * 1024;
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8'));
const gz = (file) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
/** A chunk with every chunk it imports statically: what must arrive before it runs. */
const needs = (key, seen = new Set()) => {
  if (!seen.has(key)) {
    seen.add(key);
    for (const dep of manifest[key].imports ?? []) needs(dep, seen);
  }
  return seen;
};
const js = (keys) => [...keys].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
const total = (keys) => js(keys).reduce((sum, f) => sum + gz(f), 0);
const route = (name) => Object.keys(manifest).find((k) => k.endsWith(`/${name}.tsx`));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// The first screen: the entry, the shell and the home page (what the link in a class group chat opens).
const entry = Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith('index.html'));
// src/early.ts: index.html loads it beside the entry (the screen's chunks and first API calls, started at once).
const early = Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith('src/early.ts'));
const first = new Set([...needs(entry), ...(early ? needs(early) : []), ...needs(route('HomePage'))]);
console.log(
  `first load (entry with the shell + early start + HomePage): ${kb(total(first))} gzipped, budget ${kb(BUDGET)}`,
);
for (const name of [
  'SignInPage',
  'RegisterPage',
  'RoundRulesPage',
  'AttemptPage',
  'ResultPage',
  'PlayPage',
  'VerifyPage',
  'ChangePasswordPage',
  'MyCoursesPage',
  'CoursePage',
  'LessonPage',
]) {
  const key = route(name);
  if (key) console.log(`  ${name.padEnd(16)} adds ${kb(total([...needs(key)].filter((k) => !first.has(k))))}`);
}
// Loaded only when a SCORM lesson opens (a dynamic import of the lesson page).
const scorm = Object.keys(manifest).find((k) => k.includes('scorm-again'));
if (scorm)
  console.log(`  ${'SCORM runtime'.padEnd(16)} adds ${kb(total([...needs(scorm)].filter((k) => !first.has(k))))}`);
if (total(first) >= BUDGET) {
  console.error('over budget');
  process.exit(1);
}
