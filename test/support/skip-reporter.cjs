// Lists, at the end of a run, every skipped test with the reason: test/support/requirements.ts puts what the machine
// lacks (Redis, nginx) in the title. `npm test` says what it did not test and why instead of staying silent.
const MARK = '[skipped: needs';

class SkipReporter {
  onRunComplete(_contexts, results) {
    const lines = new Map();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status !== 'pending') continue;
        const titles = [...test.ancestorTitles, test.title];
        const title = titles.find((t) => t.includes(MARK)) ?? `${titles.join(' › ')} [skipped: no reason given]`;
        const where = `${file.testFilePath.replace(`${process.cwd()}/`, '')}: ${title}`;
        lines.set(where, (lines.get(where) ?? 0) + 1);
      }
    }
    if (!lines.size) return;
    process.stderr.write(`\nSkipped tests (CI has what they need and runs them):\n`);
    for (const [where, count] of lines) process.stderr.write(`  ${where} (${count} test${count > 1 ? 's' : ''})\n`);
  }
}

module.exports = SkipReporter;
