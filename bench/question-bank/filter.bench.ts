/**
 * Filtering a bank of 50,000 questions through QuestionService.list (scope, normalization, page + total) by category,
 * tag and diacritic-free text: p50/p95/p99 over many queries, beside the same SQL sent raw in the same run.
 * Usage: npm run build:api && node dist/bench/question-bank/filter.bench.js [questions=50000] [queries=300]
 */
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { UnitRepository } from '../../libs/identity/src/units/unit.repository.js';
import { ImportService, searchNormalize } from '#question-bank';
import { QuestionService } from '../../libs/question-bank/src/questions/question.service.js';
import { machineInfo, startBenchApp } from '../support/bench-app.js';
import { generateGift } from './generate-gift.js';

const total = Number(process.argv[2] ?? 50_000);
const queries = Number(process.argv[3] ?? 300);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!.toFixed(1);
};
const stats = (xs: number[]) => ({ p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99) });

const bench = await startBenchApp({ prefix: 'qb' });
try {
  const dataSource = bench.app.get(DataSource);
  const unit = await bench.app.get(UnitRepository).create(null, { code: 'bench', name: 'Đơn vị đo', kind: 'city' });
  const [{ id: bankId }] = (await dataSource.query(
    'INSERT INTO question_bank (name, owner_unit_id) VALUES ($1, $2) RETURNING id',
    ['Đo lọc', unit.id],
  )) as { id: string }[];
  const imports = bench.app.get(ImportService);
  const s0 = performance.now();
  const categories = new Set<string>();
  let tags: string[] = [];
  // Seeded through the real importer from the same mixed-type GIFT as the import bench (a different seed per file).
  for (let seed = 1; seed * 10_000 <= total; seed++) {
    const corpus = generateGift(10_000, seed);
    for (const c of corpus.categories) categories.add(c);
    tags = corpus.tags;
    await imports.importBytes(null, bankId!, Buffer.from(corpus.text), 'bench.gift', { duplicates: 'keep' });
  }
  await dataSource.query('ANALYZE question');
  const seedMs = performance.now() - s0;
  const [{ n }] = (await dataSource.query('SELECT count(*)::int AS n FROM question WHERE bank_id = $1', [bankId])) as {
    n: number;
  }[];

  const service = bench.app.get(QuestionService);
  const admin = {
    userId: '00000000-0000-4000-8000-000000000000',
    username: 'bench',
    roles: ['admin' as const],
    unitId: null,
  };
  // Diacritic-free words from the generator's vocabulary (it writes them with diacritics).
  const texts = ['khong gian mang', 'thanh nien', 'doan vien', 'du lieu ca nhan', 'quoc hoi', 'hai phong'];
  const categoryList = [...categories];
  const topics = [...new Set(categoryList.map((c) => c.split('/')[0]!))];
  const cases = Array.from({ length: queries }, (_, i) => {
    const kind = i % 4;
    return {
      category: kind === 0 ? topics[i % topics.length] : kind === 3 ? categoryList[i % categoryList.length] : undefined,
      tag: kind === 1 || kind === 3 ? tags[i % tags.length] : undefined,
      q: kind === 2 || kind === 3 ? texts[i % texts.length] : undefined,
      page: 1 + (i % 5),
    };
  });

  // Raw: the same statements the repository sends (page + count), without Nest, scope or mapping.
  const raw = async (c: (typeof cases)[number]) => {
    const where = ['q.bank_id = $1'];
    const params: unknown[] = [bankId];
    if (c.category) {
      params.push(c.category, c.category);
      where.push(`(q.category_path = $${params.length - 1} OR q.category_path LIKE $${params.length} || '/%')`);
    }
    if (c.tag) {
      params.push(c.tag);
      where.push(`q.tags @> ARRAY[$${params.length}::text]`);
    }
    for (const w of c.q ? searchNormalize(c.q).split(' ') : []) {
      params.push(w);
      where.push(`q.search_text LIKE '%' || $${params.length} || '%'`);
    }
    const sql = where.join(' AND ');
    await Promise.all([
      dataSource.query(
        `SELECT q.* FROM question q WHERE ${sql} ORDER BY q.seq LIMIT 20 OFFSET ${(c.page - 1) * 20}`,
        params,
      ),
      dataSource.query(`SELECT count(*)::int FROM question q WHERE ${sql}`, params),
    ]);
  };

  for (const c of cases.slice(0, 20)) {
    await service.list(admin, bankId!, { ...c, pageSize: 20 });
    await raw(c);
  }
  const viaService: number[] = [];
  const viaRaw: number[] = [];
  const byKind: Record<string, number[]> = { category: [], tag: [], text: [], combined: [] };
  const kinds = ['category', 'tag', 'text', 'combined'];
  let matched = 0;
  for (const [i, c] of cases.entries()) {
    const t0 = performance.now();
    const page = await service.list(admin, bankId!, { ...c, pageSize: 20 });
    const ms = performance.now() - t0;
    viaService.push(ms);
    byKind[kinds[i % 4]!]!.push(ms);
    matched += page.total;
    const r0 = performance.now();
    await raw(c);
    viaRaw.push(performance.now() - r0);
  }
  const service95 = pct(viaService, 95);
  const raw95 = pct(viaRaw, 95);
  console.log(
    JSON.stringify(
      {
        machine: machineInfo(),
        questions: n,
        seedImportMs: Math.round(seedMs),
        queries,
        averageMatches: Math.round(matched / queries),
        service: stats(viaService),
        byKind: Object.fromEntries(Object.entries(byKind).map(([k, xs]) => [k, stats(xs)])),
        rawSql: stats(viaRaw),
        p95OverRaw: +(service95 / raw95).toFixed(2),
        goal: { p95Under50ms: service95 < 50 },
      },
      null,
      2,
    ),
  );
} finally {
  await bench.close();
}
