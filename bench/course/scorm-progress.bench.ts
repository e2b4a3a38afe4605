// SCORM progress saves: N learners each saving every `periodMs` (the issue: 2,000 learners every 30 s, p99 under
// 100 ms) against one API instance (load generator in its own process), then the same saves straight through `pg`
// (one upsert per save, a pool of 10: the raw ceiling) at the same rate in the same run. Faster periods find the
// headroom. npm run build:api && node dist/bench/course/scorm-progress.bench.js [learners=2000] [durationMs=65000]
// [periods=30000,3000,1000,500]
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { TokenService } from '#core';
import { machineInfo, startBenchApp, writeBenchCity } from '../support/bench-app.js';

const [learners = 2000, durationMs = 65_000] = process.argv.slice(2, 4).map(Number);
const periods = (process.argv[4] ?? '30000,3000,1000,500').split(',').map(Number);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? +s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!.toFixed(1) : NaN;
};

console.log(JSON.stringify({ machineBefore: machineInfo() }));
const bench = await startBenchApp({ prefix: 'scorm', listen: true, nodeEnv: 'production' });
const { app, baseUrl } = bench;
const db = new pg.Pool({ connectionString: bench.url, max: 10 });
try {
  const unitId = await writeBenchCity(bench, db);
  const course: string = (
    await db.query(
      "INSERT INTO course (title, unit_id, status) VALUES ('Khóa đo hiệu năng', $1, 'published') RETURNING id",
      [unitId],
    )
  ).rows[0].id;
  const section: string = (
    await db.query("INSERT INTO course_section (course_id, title, position) VALUES ($1, 'P1', 0) RETURNING id", [
      course,
    ])
  ).rows[0].id;
  const pkg: string = (
    await db.query(
      `INSERT INTO scorm_package (course_id, title, launch_href, file_count, total_bytes)
       VALUES ($1, 'Gói', 'index.html', 1, 1) RETURNING id`,
      [course],
    )
  ).rows[0].id;
  // Two SCORM lessons: the API run saves into one, the raw run into the other (same table, same row count).
  const lessons: string[] = [];
  for (const position of [0, 1])
    lessons.push(
      (
        await db.query(
          `INSERT INTO course_lesson (course_id, section_id, position, title, kind, scorm_package_id)
           VALUES ($1, $2, $3, 'SCORM', 'scorm', $4) RETURNING id`,
          [course, section, position, pkg],
        )
      ).rows[0].id,
    );
  const users: string[] = (
    await db.query(
      `INSERT INTO app_user (username, password_hash, full_name, unit_id, population)
       SELECT 'hv' || g, 'x', 'Học viên ' || g, $1, 'youth' FROM generate_series(1, $2) g RETURNING id`,
      [unitId, learners],
    )
  ).rows.map((r: { id: string }) => r.id);
  await db.query('INSERT INTO course_enrolment (course_id, user_id) SELECT $1, unnest($2::uuid[])', [course, users]);
  const tokenService = app.get(TokenService);
  const tokens = await Promise.all(
    users.map(
      async (id, i) =>
        (await tokenService.issue({ userId: id, username: `hv${i}`, roles: ['participant'], unitId })).accessToken,
    ),
  );
  const tokensFile = path.join(os.tmpdir(), `scorm-tokens-${process.pid}.json`);
  writeFileSync(tokensFile, JSON.stringify(tokens));

  const runApi = (periodMs: number) =>
    new Promise<{ latencies: number[]; sentAt: number[]; errors: Record<string, number> }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          path.resolve(import.meta.dirname, 'scorm-load.js'),
          baseUrl,
          lessons[0]!,
          tokensFile,
          String(periodMs),
          String(durationMs),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load exited ${code}`))));
    });

  /** The ceiling: each save as one upsert of the same row shape through pg, at the same times. */
  const runRaw = async (periodMs: number) => {
    const latencies: number[] = [];
    const suspend = 'x'.repeat(1200);
    const t0 = performance.now();
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await Promise.all(
      users.map(async (userId, i) => {
        await sleep(Math.random() * periodMs);
        for (let n = 0; performance.now() - t0 < durationMs; n++) {
          const next = performance.now() + periodMs;
          const started = performance.now();
          await db.query(
            `INSERT INTO scorm_progress AS s (lesson_id, user_id, lesson_status, score_raw, score_min, score_max,
               suspend_data, lesson_location, session_time, total_seconds, updated_at)
             VALUES ($1, $2, 'incomplete', $3, 0, 100, $4, $5, '0000:00:30.00', 30, now())
             ON CONFLICT (lesson_id, user_id) DO UPDATE SET lesson_status = EXCLUDED.lesson_status,
               score_raw = EXCLUDED.score_raw, suspend_data = EXCLUDED.suspend_data,
               lesson_location = EXCLUDED.lesson_location, session_time = EXCLUDED.session_time,
               total_seconds = s.total_seconds + EXCLUDED.total_seconds, updated_at = EXCLUDED.updated_at`,
            [lessons[1], userId, n, `${suspend}${i}:${n}`, `slide-${n}`],
          );
          latencies.push(performance.now() - started);
          await sleep(Math.max(0, next - performance.now()));
        }
      }),
    );
    return latencies;
  };

  const rows = [];
  for (const periodMs of periods) {
    const api = await runApi(periodMs);
    const raw = await runRaw(periodMs);
    // After the first period every learner has saved once (the cold part: tokens verified, connections opened).
    const steady = api.latencies.filter((_, i) => api.sentAt[i]! >= periodMs);
    const cold = api.latencies.filter((_, i) => api.sentAt[i]! < periodMs);
    // The slowest saves and when they were sent (s since the load began), to tell a cold start from a stall.
    const slowest = api.latencies
      .map((ms, i) => [+(api.sentAt[i]! / 1000).toFixed(2), +ms.toFixed(1)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8);
    const row = {
      learners,
      periodMs,
      offeredPerSecond: +((learners / periodMs) * 1000).toFixed(1),
      apiSaves: api.latencies.length,
      apiErrors: api.errors,
      apiP50: pct(api.latencies, 50),
      apiP99: pct(api.latencies, 99),
      apiMax: pct(api.latencies, 100),
      apiColdP50: pct(cold, 50),
      apiColdP99: pct(cold, 99),
      apiColdMax: pct(cold, 100),
      apiSteadyP50: pct(steady, 50),
      apiSteadyP99: pct(steady, 99),
      apiSteadyMax: pct(steady, 100),
      apiSlowest: slowest,
      rawSaves: raw.length,
      rawP50: pct(raw, 50),
      rawP99: pct(raw, 99),
      p99Ratio: +(pct(api.latencies, 99) / pct(raw, 99)).toFixed(2),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  console.log(JSON.stringify({ machine: machineInfo(), durationMs }));
  // Started before the runs too, so the load the machine was under is on record at both ends.
} finally {
  await db.end();
  await bench.close();
}
