// Diagnostic (not a figure): renders n certificate PDFs one after another in this process, no database, and prints the
// peak of each part of its memory. `node bench/certificate/pdf-memory-probe.mjs [n] [mode=render|bare]` after build:api.
import { renderCertificatePdf } from '../../dist/libs/certificate/src/pdf/certificate-pdf.js';

const n = Number(process.argv[2] ?? 5000);
const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const sample = () => {
  const m = process.memoryUsage();
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
};
const timer = setInterval(sample, 50);
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  await renderCertificatePdf({
    orientation: 'landscape',
    issuerName: 'Ban Thường vụ Thành đoàn',
    title: 'Giấy chứng nhận',
    holderName: `Nguyễn Thị Thuỳ Dương ${i}`,
    body: 'Sinh ngày 01/01/2000 — Thành đoàn đo hiệu năng\nĐã đạt Giải Nhất Cuộc thi đo hiệu năng — Vòng 1',
    dateLine: 'Hải Phòng, ngày 04 tháng 12 năm 2026',
    signerName: 'Trần Văn Hưởng',
    signerTitle: 'Bí thư Thành đoàn',
    code: `ABCD-EFGH-${String(i).padStart(4, '0')}-XY`,
    verifyUrl: `https://haidang.example/verify/ABCD-EFGH-${String(i).padStart(4, '0')}-XY`,
    emblem: null,
    background: null,
  });
  if (i % 1000 === 999) {
    sample();
    console.log(
      JSON.stringify({
        i: i + 1,
        ms: Math.round(performance.now() - t0),
        peakMB: Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, Math.round(v / 2 ** 20)])),
      }),
    );
  }
}
clearInterval(timer);
