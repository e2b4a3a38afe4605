/**
 * `npm run db:generate -- Name --lib question-bank`: migrates a scratch database, asks TypeORM what that library's
 * entities still need, writes the SQL as its next migration and appends it to the library's migration list
 * (libs/core/src/database/migrations/<lib>.ts). Read the SQL before committing it.
 * `npm run db:check`: fails when entities and migrations disagree (CI).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '#core';
import { migrate, pendingSchemaChanges } from '../apps/api/src/database.js';
import { ENTITIES_BY_LIB, type LibName } from '../apps/api/src/entities.js';
import { withScratchDatabase } from './scratch-database.js';

const MIGRATIONS_DIR = path.join(projectRoot(), 'libs/core/src/database/migrations');

function render(className: string, name: string, up: string[], down: string[]): string {
  const lines = (qs: string[]) => qs.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${name}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const args = process.argv.slice(2);
  const libIndex = args.indexOf('--lib');
  const lib = libIndex >= 0 ? (args[libIndex + 1] as LibName) : undefined;
  const label = args.find((a, i) => !a.startsWith('--') && i !== libIndex + 1);
  if (!check && (!label || !lib || !(lib in ENTITIES_BY_LIB))) {
    throw new Error(`usage: db:generate -- MigrationName --lib <${Object.keys(ENTITIES_BY_LIB).join('|')}> | db:check`);
  }
  const changes = await withScratchDatabase(async (url) => {
    await migrate(url);
    return pendingSchemaChanges(url, check ? undefined : lib);
  });
  if (changes.foreign.length) {
    console.error(
      `These pending changes belong to other libraries; generate their migrations first:\n${changes.foreign.join(';\n')}`,
    );
    process.exit(1);
  }
  if (check) {
    if (changes.up.length) {
      console.error(
        'Entities and migrations disagree; run `npm run db:generate -- Name`. Pending SQL:\n' + changes.up.join(';\n'),
      );
      process.exit(1);
    }
    console.log('db:check: entities and migrations agree');
    return;
  }
  if (!changes.up.length) {
    console.log('No schema changes.');
    return;
  }
  const timestamp = Date.now();
  const className = `${label!.replace(/[^A-Za-z0-9]/g, '')}${timestamp}`;
  const file = `${timestamp}-${label}.ts`;
  await writeFile(path.join(MIGRATIONS_DIR, file), render(className, className, changes.up, changes.down));
  // Each library keeps its own ordered list (migrations/<lib>.ts); core's migrations live in identity's list.
  const listPath = path.join(MIGRATIONS_DIR, `${lib === 'core' ? 'identity' : lib}.ts`);
  const list = await readFile(listPath, 'utf8');
  const declaration = /(export const \w+)(?:: \(new \(\) => object\)\[\])? = \[([^\]]*)\];/s;
  if (!declaration.test(list)) throw new Error(`cannot find the migration list in ${listPath}`);
  const updated =
    `import { ${className} } from './${file.replace(/\.ts$/, '.js')}';\n` +
    list.replace(declaration, (_m, head: string, inner: string) => {
      const items = inner
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      return `${head} = [${[...items, className].join(', ')}];`;
    });
  await writeFile(listPath, updated);
  console.log(`Wrote ${file} (${changes.up.length} statements). Read it, then commit it with the entity change.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
