/**
 * Import of a 10,000-question GIFT file from generate-gift.ts (the whole grammar, every type, a category tree) through ImportService: total time, parse +
 * validate time alone, the write share, peak RSS; beside a raw floor measured in the same run (the same number of
 * version snapshots inserted by one bare `INSERT … SELECT FROM unnest`).
 * Usage: npm run build:api && node dist/bench/question-bank/import.bench.js [count=10000] [runs=3]
 */
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { UnitRepository } from '../../libs/identity/src/units/unit.repository.js';
import { ImportService } from '#question-bank';
import { parseQuestionFile } from '../../libs/question-bank/src/formats/index.js';
import { prepareQuestion } from '../../libs/question-bank/src/questions/prepare-question.js';
import type { QuestionInput } from '#contracts';
import { machineInfo, startBenchApp } from '../support/bench-app.js';
import { generateGift } from './generate-gift.js';

const count = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (kb: number) => Math.round(kb / 1024);

const bench = await startBenchApp({ prefix: 'qb' });
try {
  const dataSource = bench.app.get(DataSource);
  const imports = bench.app.get(ImportService);
  const unit = await bench.app.get(UnitRepository).create(null, { code: 'bench', name: 'Đơn vị đo', kind: 'city' });
  const rssBefore = process.memoryUsage().rss;
  const totals: number[] = [];
  const parses: number[] = [];
  const raws: number[] = [];
  let created = 0;
  let importPeakKiB = 0;
  let bytes = 0;
  let categories = 0;
  for (let r = 0; r < runs; r++) {
    const gift = generateGift(count, r + 1);
    const file = Buffer.from(gift.text, 'utf8');
    categories = gift.categories.length;
    bytes = file.length;
    const [{ id: bankId }] = (await dataSource.query(
      'INSERT INTO question_bank (name, owner_unit_id) VALUES ($1, $2) RETURNING id',
      [`Đo ${r}`, unit.id],
    )) as { id: string }[];

    const t0 = performance.now();
    const result = await imports.importBytes(null, bankId!, file, 'bench.gift', { duplicates: 'keep' });
    totals.push(performance.now() - t0);
    created = result.created;

    if (r === 0) importPeakKiB = process.resourceUsage().maxRSS;

    const p0 = performance.now();
    const parsed = await parseQuestionFile(file, 'bench.gift');
    if (parsed.errors.length) throw new Error(`corpus does not parse: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
    const prepared = parsed.questions.map((q) => prepareQuestion(q as QuestionInput));
    parses.push(performance.now() - p0);

    const contents = prepared.map((p) => JSON.stringify(p.ok ? p.question.content : {}));
    await dataSource.query('CREATE TEMP TABLE IF NOT EXISTS raw_floor (id uuid, text text, content jsonb)');
    await dataSource.query('TRUNCATE raw_floor');
    const w0 = performance.now();
    await dataSource.query(
      "INSERT INTO raw_floor SELECT gen_random_uuid(), t.c->>'text', t.c FROM unnest($1::jsonb[]) AS t(c)",
      [contents],
    );
    raws.push(performance.now() - w0);
  }
  // Peak RSS of the process (Nest app included) up to the end of the first import, before the parse-only pass.
  const peakRssMb = mb(importPeakKiB);
  const total = median(totals);
  const parse = median(parses);
  const raw = median(raws);
  const report = {
    machine: machineInfo(),
    questions: created,
    fileMiB: +(bytes / 2 ** 20).toFixed(2),
    categories,
    runs,
    totalMs: Math.round(total),
    parseValidateMs: Math.round(parse),
    writeMs: Math.round(total - parse),
    writeShare: +((total - parse) / total).toFixed(2),
    rawInsertFloorMs: Math.round(raw),
    writeOverRawFloor: +((total - parse) / raw).toFixed(1),
    peakRssMiB: peakRssMb,
    rssBeforeMiB: Math.round(rssBefore / 2 ** 20),
    goals: { totalUnder10s: total < 10_000, rssUnder300MiB: peakRssMb < 300 },
  };
  console.log(JSON.stringify(report, null, 2));
} finally {
  await bench.close();
}
