#!/usr/bin/env node
// Prints the test counts of the last `npm test`, summed over the vitest summaries turbo keeps in each package's
// .turbo/turbo-test.log (npm test shows only errors, so the counts are read back from the logs), then where the wall
// time went: each package's vitest duration, the slowest test files, and the longest turbo tasks of the run's
// summary (.turbo/runs/*.json, written by `turbo run --summarize`).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
const plainText = (log) => log.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex -- ANSI colours

export function countsInLog(log) {
  const plain = plainText(log);
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

/** Seconds of a vitest duration ("217786ms", "2.5s"). */
const seconds = (value, unit) => (unit === 'ms' ? Number(value) / 1000 : Number(value));

/**
 * The test files of a log with their durations ("✓ int src/start.int.test.ts (11 tests) 217786ms", a failed one
 * with "❯" or "×"), and the vitest runs' durations ("Duration  400.12s (transform …)"), in seconds.
 */
export function durationsInLog(log) {
  const files = [];
  let total = 0;
  for (const line of plainText(log).split('\n')) {
    const file =
      /^\s*(?:\S+:\s*)?[✓❯×]\s+(?:(\S+)\s+)?(\S+\.test\.[cm]?[jt]sx?)\s+\([^)]*\)\s+(\d+(?:\.\d+)?)(ms|s)\s*$/.exec(
        line,
      );
    if (file) files.push({ project: file[1] ?? '', file: file[2], seconds: seconds(file[3], file[4]) });
    const run = /^\s*(?:\S+:\s*)?Duration\s+(\d+(?:\.\d+)?)(ms|s)\b/.exec(line);
    if (run) total += seconds(run[1], run[2]);
  }
  return { files, total };
}

/** The tasks of the newest turbo run summary (.turbo/runs/*.json), longest first, in seconds. */
export function turboTasks(summary) {
  return (summary.tasks ?? [])
    .filter((task) => task.execution?.startTime && task.execution?.endTime)
    .map((task) => ({
      task: task.taskId,
      seconds: (task.execution.endTime - task.execution.startTime) / 1000,
      start: task.execution.startTime,
    }))
    .sort((a, b) => b.seconds - a.seconds);
}

function newestTurboSummary() {
  const folder = join(repoRoot, '.turbo', 'runs');
  if (!existsSync(folder)) return null;
  const newest = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ name, at: statSync(join(folder, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at)[0];
  return newest ? JSON.parse(readFileSync(join(folder, newest.name), 'utf8')) : null;
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

// Where the wall time went.
const timed = logs.map(({ pkg, text }) => ({ pkg, ...durationsInLog(text) }));
console.log(
  `vitest time per package: ${timed
    .filter((t) => t.total > 0)
    .sort((a, b) => b.total - a.total)
    .map((t) => `${t.pkg} ${Math.round(t.total)} s`)
    .join(', ')}`,
);
const slowest = timed
  .flatMap((t) => t.files.map((f) => ({ ...f, pkg: t.pkg })))
  .sort((a, b) => b.seconds - a.seconds)
  .slice(0, 15);
console.log(`slowest test files: ${slowest.map((f) => `${f.pkg}/${f.file} ${Math.round(f.seconds)} s`).join(', ')}`);
const summary = newestTurboSummary();
if (summary) {
  const tasks = turboTasks(summary);
  const first = Math.min(...tasks.map((t) => t.start));
  const last = Math.max(...tasks.map((t) => t.start + t.seconds * 1000));
  console.log(
    `turbo tasks (${tasks.length}, ${Math.round((last - first) / 1000)} s from the first start to the last end, ` +
      `${Math.round(tasks.reduce((sum, t) => sum + t.seconds, 0))} s summed), longest: ` +
      tasks
        .slice(0, 12)
        .map((t) => `${t.task} ${Math.round(t.seconds)} s (from +${Math.round((t.start - first) / 1000)} s)`)
        .join(', '),
  );
}
