// `npm run bench`: lists the benchmarks (each is run by hand: some take minutes and load the whole machine).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../bench');
const found = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.bench\.(mjs|ts)$/.test(name)) found.push(path.relative(process.cwd(), p));
  }
};
walk(root);
console.log('Benchmarks (run one by hand; results go to bench/RESULTS.md):');
for (const file of found.sort()) {
  console.log(
    file.endsWith('.ts') ? `  npm run build:api && node dist/${file.replace(/\.ts$/, '.js')}` : `  node ${file}`,
  );
}
