/**
 * Parse-only cost of a question import: the generated 10,000-question GIFT file (every type, categories; see
 * generate-gift.ts) through parseQuestionFile, then validateQuestion on every question; the same questions exported to
 * Moodle XML and XLSX and parsed back. Ceiling in the same run: JSON.parse of the same questions serialized as JSON
 * (V8's native parser on the same content), and the floor any text parser pays (UTF-8 decode + NFC + split in lines).
 * Peak RSS is the process's maximum resident set (getrusage), read after the GIFT parse and again at the end.
 * Usage: npm run build:api && node dist/bench/question-bank/parse.bench.js [count=10000] [runs=5]
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { exportQuestions, parseQuestionFile, validationIssues } from '../../libs/question-bank/src/formats/index.js';
import { generateGift } from './generate-gift.js';

const count = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const peakRss = () => process.resourceUsage().maxRSS * 1024;

async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ median: number; value: T }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const r = await time(fn);
    times.push(r.ms);
    value = r.value;
  }
  return { median: median(times), value };
}

// As bench/machine.mjs prints it (an .mjs is outside the swc build this file runs from).
console.log('machine', {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  loadAverage: os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' '),
});
const rssStart = process.memoryUsage().rss;
const generated = await time(() => generateGift(count));
const gift = Buffer.from(generated.value.text, 'utf8');
console.log(
  `generated ${count} questions, ${generated.value.categories.length} categories, ${mib(gift.length)} in ${ms(generated.ms)}`,
);

const floor = await timed(() => new TextDecoder().decode(gift).normalize('NFC').split('\n').length);
const parsed = await timed(() => parseQuestionFile(gift, 'bank.gift'));
const result = parsed.value;
if (result.errors.length) throw new Error(`parse errors: ${JSON.stringify(result.errors.slice(0, 3))}`);
if (result.questions.length !== count) throw new Error(`expected ${count} questions, got ${result.questions.length}`);
const validated = await timed(() => validationIssues(result));
if (validated.value.length) throw new Error(`invalid: ${JSON.stringify(validated.value.slice(0, 3))}`);
const peakAfterGift = peakRss();
const json = Buffer.from(JSON.stringify(result.questions), 'utf8');
const jsonParse = await timed(() => JSON.parse(json.toString('utf8')) as unknown[]);
const byType = result.questions.reduce<Record<string, number>>(
  (acc, q) => ({ ...acc, [q.type]: (acc[q.type] ?? 0) + 1 }),
  {},
);

const xml = await exportQuestions(result.questions, 'moodlexml');
const xmlParse = await timed(() => parseQuestionFile(xml, 'bank.xml'));
const xlsxExport = await time(() => exportQuestions(result.questions, 'xlsx'));
const xlsxParse = await timed(() => parseQuestionFile(xlsxExport.value, 'bank.xlsx'));
for (const [name, r] of [
  ['moodlexml', xmlParse.value],
  ['xlsx', xlsxParse.value],
] as const) {
  if (r.errors.length || r.questions.length !== count)
    throw new Error(`${name}: ${JSON.stringify(r.errors.slice(0, 3))}`);
}

console.log(`by type ${JSON.stringify(byType)}; warnings ${result.warnings.length} (decimal commas)`);
console.log(`median of ${runs} runs:`);
console.log(
  `  GIFT parse (decode, parse, normalize)  ${ms(parsed.median)}   ${((count / parsed.median) * 1000).toFixed(0)} questions/s`,
);
console.log(`  validateQuestion × ${count}            ${ms(validated.median)}`);
console.log(
  `  floor: decode + NFC + split lines       ${ms(floor.median)}   parse ÷ floor ${(parsed.median / floor.median).toFixed(1)}×`,
);
console.log(
  `  ceiling: JSON.parse same questions      ${ms(jsonParse.median)} (${mib(json.length)})   parse ÷ JSON.parse ${(parsed.median / jsonParse.median).toFixed(1)}×`,
);
console.log(`  Moodle XML parse (${mib(xml.length)})          ${ms(xmlParse.median)}`);
console.log(`  XLSX export ${ms(xlsxExport.ms)}, parse (${mib(xlsxExport.value.length)})   ${ms(xlsxParse.median)}`);
console.log(
  `  RSS at start ${mib(rssStart)}, peak after GIFT parse + validate ${mib(peakAfterGift)}, peak at end ${mib(peakRss())}`,
);
