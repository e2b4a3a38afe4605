/**
 * `npm run db:generate -- Name`: migrates a scratch database, asks TypeORM what the entities still need, and writes
 * that SQL as the next migration (and registers it). Read the SQL before committing it.
 * `npm run db:check`: fails when entities and migrations disagree (CI).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '#core';
import { migrate, pendingSchemaChanges } from '../apps/api/src/database.js';
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
  const label = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!check && !label) throw new Error('usage: db:generate -- MigrationName | db:check');
  const changes = await withScratchDatabase(async (url) => {
    await migrate(url);
    return pendingSchemaChanges(url);
  });
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
  const indexPath = path.join(MIGRATIONS_DIR, 'index.ts');
  let index = await readFile(indexPath, 'utf8');
  index = `import { ${className} } from './${file.replace(/\.ts$/, '.js')}';\n` + index;
  index = index.replace(
    /\[([^\]]*)\];/s,
    (_m, inner: string) =>
      `[${inner.trim() ? inner.trimEnd() + (inner.trimEnd().endsWith(',') ? '' : ',') + ' ' : ''}${className}];`,
  );
  await writeFile(indexPath, index);
  console.log(`Wrote ${file} (${changes.up.length} statements). Read it, then commit it with the entity change.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
