// Certificates: (1) a bulk issue of N certificates (credential signed and row written, in the batch job's chunks,
// then every PDF rendered through the batch's streamed zip), against bare pdfkit rendering the same page (same
// fonts, texts and QR code, fixed sizes, no layout) in the same run; peak RSS sampled all along. (2) Public
// verification at a fixed rate against one API instance (load generator in its own process), against the bare
// indexed lookup (SELECT by code through pg) at the same rate in the same run.
// npm run build:api && node dist/bench/certificate/certificate.bench.js [n=10000] [rate=500] [durationMs=20000]
//   [warmupMs=3000] (verification: the first warmupMs at the same rate are not counted, for the API and the bare lookup)
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import pg from 'pg';
import { CertificateBatches, CertificateIssuer } from '#certificate';
import { parsedFonts } from '../../libs/certificate/src/pdf/certificate-fonts.js';
import { machineInfo, startBenchApp, writeBenchCity } from '../support/bench-app.js';

const [n = 10_000, rate = 500, durationMs = 20_000, warmupMs = 3_000] = process.argv.slice(2, 6).map(Number);
const CHUNK = 250;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? +s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!.toFixed(2) : NaN;
};
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

/** The peak of each part of the process's memory (MB), sampled every 50 ms: RSS, the JS heap, memory outside it. */
const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  for (const key of Object.keys(peak) as (keyof typeof peak)[]) peak[key] = Math.max(peak[key], m[key]);
}, 50);
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
/** Memory now, by part: where RSS beyond the JS heap goes (anonymous vs file-backed pages, V8's own malloc). */
const memoryNow = (phase: string) => {
  const m = process.memoryUsage();
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Math.round(Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024);
  const heap = v8.getHeapStatistics();
  // A snapshot is a sample too: the peak is never below it (the 50 ms sampler can miss the last rise of a phase).
  for (const key of Object.keys(peak) as (keyof typeof peak)[]) peak[key] = Math.max(peak[key], m[key]);
  return {
    phase,
    rss: mb(m.rss),
    rssAnon: kb('RssAnon'),
    rssFile: kb('RssFile'),
    heapTotal: mb(m.heapTotal),
    heapUsed: mb(m.heapUsed),
    external: mb(m.external),
    v8Malloced: mb(heap.malloced_memory),
    v8PeakMalloced: mb(heap.peak_malloced_memory),
  };
};
const phases: ReturnType<typeof memoryNow>[] = [];

/** Bare pdfkit: the same page's texts at fixed sizes, the same fonts and QR code, nothing measured or fitted. */
async function barePage(name: string, code: string): Promise<number> {
  const doc = new PDFDocument({ size: [841.89, 595.28], margin: 0, font: parsedFonts().get('400-latin') } as never);
  for (const [font, parsed] of parsedFonts()) doc.registerFont(font, parsed as unknown as Buffer);
  let bytes = 0;
  doc.on('data', (c: Buffer) => (bytes += c.length));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  doc.lineWidth(3).strokeColor('#b3261e').rect(18, 18, 805, 559).stroke();
  doc.font('700-vietnamese').fontSize(14).text('BAN THƯỜNG VỤ THÀNH ĐOÀN', 72, 50, { width: 698, align: 'center' });
  doc.fontSize(32).fillColor('#b3261e').text('GIẤY CHỨNG NHẬN', 72, 90, { width: 698, align: 'center' });
  doc.fontSize(30).fillColor('#1c1b1f').text(name, 72, 150, { width: 698, align: 'center' });
  doc
    .font('400-vietnamese')
    .fontSize(15)
    .text('Đã đạt Giải Nhất cuộc thi đo hiệu năng', 72, 250, { width: 698, align: 'center' });
  const qr = QRCode.create(`https://haidang.example/verify/${code}`, { errorCorrectionLevel: 'M' });
  const cell = 86 / qr.modules.size;
  for (let r = 0; r < qr.modules.size; r++)
    for (let c = 0; c < qr.modules.size; c++)
      if (qr.modules.get(r, c)) doc.rect(72 + c * cell, 440 + r * cell, cell, cell);
  doc.fillColor('#000000').fill();
  doc.font('400-latin').fontSize(9).text(`Ma xac minh: ${code}`, 62, 540, { lineBreak: false });
  doc.end();
  await done;
  return bytes;
}

const bench = await startBenchApp({ prefix: 'cert', listen: true, nodeEnv: 'production' });
const { app, baseUrl } = bench;
const db = new pg.Pool({ connectionString: bench.url, max: 10 });
try {
  const unitId = await writeBenchCity(bench, db);
  const surnames = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
  const given = ['Thị Thuỳ Dương', 'Văn Hưởng', 'Đức Cường', 'Thu Hà', 'Minh Khôi', 'Ngọc Ánh', 'Quốc Việt'];
  const userIds: string[] = (
    await db.query(
      `INSERT INTO app_user (username, password_hash, full_name, unit_id, roles, birth_date)
       SELECT 'bench' || i, 'x', ($2::text[])[(i % 10) + 1] || ' ' || ($3::text[])[(i % 7) + 1], $1, '{participant}', '2000-01-01'
       FROM generate_series(1, $4) i RETURNING id`,
      [unitId, surnames, given, n],
    )
  ).rows.map((r: { id: string }) => r.id);
  const templateId: string = (
    await db.query(
      `INSERT INTO certificate_template (unit_id, title, body, issuer_name, signer_name, signer_title)
       VALUES ($1, 'Giấy chứng nhận', 'Sinh ngày {{birthDate}} — {{unit}}' || chr(10) || 'Đã đạt {{prize}} {{achievement}}',
               'Ban Thường vụ Thành đoàn', 'Trần Văn Hưởng', 'Bí thư Thành đoàn') RETURNING id`,
      [unitId],
    )
  ).rows[0].id;
  const template = (await db.query('SELECT * FROM certificate_template WHERE id = $1', [templateId])).rows[0];
  const batchId: string = (
    await db.query(
      `INSERT INTO certificate_batch (source, source_id, template_id, unit_id, total) VALUES ('round', $1, $2, $3, $4) RETURNING id`,
      [templateId, templateId, unitId, n],
    )
  ).rows[0].id;
  const issuer = app.get(CertificateIssuer);
  const tpl = {
    id: templateId,
    unitId,
    title: template.title,
    body: template.body,
    issuerName: template.issuer_name,
    signerName: template.signer_name,
    signerTitle: template.signer_title,
    orientation: 'landscape' as const,
    emblemImageId: null,
    backgroundImageId: null,
    validMonths: null,
    createdBy: null,
    createdAt: new Date(),
    updatedAt: new Date(),
  };

  // (1a) credentials and rows, in the batch job's chunks
  phases.push(memoryNow('started'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i += CHUNK) {
    await issuer.issue({
      template: tpl,
      source: 'round',
      achievementKey: `round:${templateId}`,
      achievementName: 'Cuộc thi đo hiệu năng — Vòng 1',
      criteria: 'Đo hiệu năng.',
      unitId,
      batchId,
      issuedAt: new Date(),
      recipients: userIds
        .slice(i, i + CHUNK)
        .map((userId, k) => ({ userId, rank: i + k + 1, score: 100, prizeLabel: 'Giải Nhất' })),
    });
  }
  const issueMs = performance.now() - t0;
  phases.push(memoryNow('issued'));
  const issueCpu = cpuSeconds(cpu0);
  // (1b) every PDF, through the batch's streamed zip (read and thrown away, as a slow download would not be)
  const cpu1 = process.cpuUsage();
  const t1 = performance.now();
  const zip = await app
    .get(CertificateBatches)
    .zip({ userId: userIds[0]!, username: 'bench', roles: ['admin'], unitId }, batchId);
  let zipBytes = 0;
  for await (const chunk of zip) zipBytes += (chunk as Buffer).length;
  const pdfMs = performance.now() - t1;
  const pdfCpu = cpuSeconds(cpu1);
  phases.push(memoryNow('zipped'));
  const issuedPeak = Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, mb(v)]));
  // (1c) bare pdfkit, the same number of pages
  const cpu2 = process.cpuUsage();
  const t2 = performance.now();
  let bareBytes = 0;
  const codes: string[] = (await db.query('SELECT code FROM certificate WHERE batch_id = $1', [batchId])).rows.map(
    (r: { code: string }) => r.code,
  );
  for (let i = 0; i < n; i++) bareBytes += await barePage(`Nguyễn Thị Thuỳ Dương ${i}`, codes[i % codes.length]!);
  const bareMs = performance.now() - t2;
  const bareCpu = cpuSeconds(cpu2);
  const totalMs = issueMs + pdfMs;
  console.log(
    JSON.stringify({
      bulkIssue: {
        certificates: codes.length,
        credentialsAndRowsMs: Math.round(issueMs),
        pdfsThroughZipMs: Math.round(pdfMs),
        totalMs: Math.round(totalMs),
        certificatesPerSecond: +((codes.length / totalMs) * 1000).toFixed(1),
        certificatesPerCpuSecond: +(codes.length / (issueCpu + pdfCpu)).toFixed(1),
        zipMB: +(zipBytes / 2 ** 20).toFixed(1),
        bareMs: Math.round(bareMs),
        barePagesPerCpuSecond: +(n / bareCpu).toFixed(1),
        bareMB: +(bareBytes / 2 ** 20).toFixed(1),
        pdfToBareRatio: +(pdfMs / bareMs).toFixed(2),
        totalToBareRatio: +(totalMs / bareMs).toFixed(2),
        peakRssMB: issuedPeak.rss,
        peakMB: issuedPeak,
        memoryByPhaseMB: phases,
      },
    }),
  );

  // (2) verification at `rate` per second: the API, then the bare indexed lookup
  const codesFile = path.join(os.tmpdir(), `cert-codes-${process.pid}.json`);
  writeFileSync(codesFile, JSON.stringify(codes));
  const load = path.join(path.dirname(new URL(import.meta.url).pathname), 'verify-load.js');
  const api = await new Promise<{ latencies: number[]; errors: Record<string, number>; p99BySecond: number[] }>(
    (resolve, reject) => {
      const args = [load, baseUrl, codesFile, String(rate), String(durationMs), '4000', String(warmupMs)];
      const child = spawn(process.execPath, args, {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c));
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load exited ${code}`))));
    },
  );
  const raw: number[] = [];
  const pending: Promise<void>[] = [];
  const r0 = performance.now();
  for (let i = 0; performance.now() - r0 < warmupMs + durationMs; i++) {
    const code = codes[i % codes.length]!;
    pending.push(
      (async () => {
        const started = performance.now();
        const counted = started - r0 >= warmupMs;
        await db.query(
          `SELECT c.*, p.birth_date, p.public_name_consent FROM certificate c JOIN app_user p ON p.id = c.user_id
           WHERE c.code = $1`,
          [code],
        );
        if (counted) raw.push(performance.now() - started);
      })(),
    );
    await new Promise((r) => setTimeout(r, Math.max(0, r0 + ((i + 1) * 1000) / rate - performance.now())));
  }
  await Promise.all(pending);
  console.log(
    JSON.stringify({
      verify: {
        rate,
        durationMs,
        warmupMs,
        apiAnswers: api.latencies.length,
        apiErrors: api.errors,
        apiP50: pct(api.latencies, 50),
        apiP99: pct(api.latencies, 99),
        apiMax: pct(api.latencies, 100),
        rawLookups: raw.length,
        rawP50: pct(raw, 50),
        rawP99: pct(raw, 99),
        p99Ratio: +(pct(api.latencies, 99) / pct(raw, 99)).toFixed(2),
        apiP99BySecond: api.p99BySecond,
      },
    }),
  );
  console.log(JSON.stringify({ machine: machineInfo() }));
} finally {
  clearInterval(sampler);
  await db.end();
  await bench.close();
}
