#!/usr/bin/env node
// Prints the test counts of the last `npm test`, summed over the vitest summaries turbo keeps in each package's
// .turbo/turbo-test.log (npm test shows only errors, so the counts are read back from the logs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const outcomes = ['passed', 'failed', 'skipped', 'todo'];

/** Counts from one vitest summary line ("Tests  3 failed | 40 passed | 1 skipped (44)"). */
export function parseSummaryLine(line) {
  const counts = {};
  for (const outcome of outcomes) {
    const match = new RegExp(`(\\d+) ${outcome}`).exec(line);
    if (match) counts[outcome] = Number(match[1]);
  }
  return counts;
}

/** { files, tests } counts summed over every vitest summary in `log`. */
export function countsInLog(log) {
  const plain = log.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex -- ANSI colours
  const total = { files: {}, tests: {} };
  for (const line of plain.split('\n')) {
    const kind = /^\s*(?:\S+:\s*)?Test Files\s/.test(line)
      ? 'files'
      : /^\s*(?:\S+:\s*)?Tests\s/.test(line)
        ? 'tests'
        : null;
    if (!kind) continue;
    for (const [outcome, count] of Object.entries(parseSummaryLine(line)))
      total[kind][outcome] = (total[kind][outcome] ?? 0) + count;
  }
  return total;
}

function testLogs() {
  const logs = [];
  for (const group of ['apps', 'packages', 'agents']) {
    const folder = join(repoRoot, group);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      const log = join(folder, name, '.turbo', 'turbo-test.log');
      if (existsSync(log)) logs.push({ pkg: `${group}/${name}`, text: readFileSync(log, 'utf8') });
    }
  }
  // bench/ is a package of its own at the top level.
  const benchLog = join(repoRoot, 'bench', '.turbo', 'turbo-test.log');
  if (existsSync(benchLog)) logs.push({ pkg: 'bench', text: readFileSync(benchLog, 'utf8') });
  return logs;
}

const format = (counts) =>
  outcomes
    .filter((o) => counts[o])
    .map((o) => `${counts[o]} ${o}`)
    .join(', ') || 'none';

const logs = testLogs();
const grand = { files: {}, tests: {} };
for (const { pkg, text } of logs) {
  const counts = countsInLog(text);
  for (const kind of ['files', 'tests']) {
    for (const [outcome, count] of Object.entries(counts[kind]))
      grand[kind][outcome] = (grand[kind][outcome] ?? 0) + count;
  }
  // A run that died before vitest's summary (a crash, a killed worker) has no counts but did fail.
  const died = !Object.keys(counts.tests).length && /ELIFECYCLE|ERR_/.test(text);
  console.log(
    `${pkg.padEnd(28)} tests: ${died ? 'FAILED before its summary (see the log above)' : format(counts.tests)}`,
  );
}
console.log(`TOTAL test files: ${format(grand.files)}; tests: ${format(grand.tests)} (${logs.length} packages)`);
// The plain closing line CI readers look for: "N passed, N failed" (skipped after).
console.log(
  `tests: ${grand.tests.passed ?? 0} passed, ${grand.tests.failed ?? 0} failed, ${grand.tests.skipped ?? 0} skipped`,
);
