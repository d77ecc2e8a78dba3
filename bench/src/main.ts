// `npm run bench`: runs the benchmarks on isolated stacks, prints the table, and writes bench/results/<name>.md and
// .json (name: latest for the full profile, smoke otherwise). BENCH_ONLY=engine,dispatch,scale,dashboard,redock,instrumentation,load,soak,cache picks some.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnvOrExit } from '@mad/env';
import { sharedDataDir } from '@mad/test-utils';
import { notRun, type Benchmark, type BenchContext } from './context.js';
import { dashboardLoad } from './dashboard.js';
import { dataScale } from './scale.js';
import { dispatchThroughput } from './dispatch.js';
import { engineOverhead } from './engine.js';
import { redock } from './redock.js';
import { instrumentationCost } from './instrumentation.js';
import { apiLoad } from './load.js';
import { soak } from './soak.js';
import { resultCache } from './cache.js';
import { BENCHMARKS, benchEnvSchema, sizesFor, type BenchmarkName } from './env.js';
import { loadAverage1m, machineInfo, versions } from './machine.js';
import {
  consoleTable,
  jsonReport,
  markdownReport,
  mergeReports,
  type BenchReport,
  type SectionResult,
} from './report.js';
import { MissingPieceError } from './stack.js';

const env = loadEnvOrExit(benchEnvSchema, 'bench');
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sizes = sizesFor(env);
const selected = env.BENCH_ONLY ?? [...BENCHMARKS];
const benchmarks: Record<BenchmarkName, { title: string; run: Benchmark }> = {
  engine: { title: 'engine overhead', run: engineOverhead },
  dispatch: { title: 'dispatch throughput', run: dispatchThroughput },
  scale: { title: 'data scale', run: dataScale },
  dashboard: { title: 'dashboard', run: dashboardLoad },
  redock: { title: 'redock', run: redock },
  instrumentation: { title: 'instrumentation cost', run: instrumentationCost },
  load: { title: 'API load (baseline)', run: apiLoad },
  soak: { title: 'faults under load (soak)', run: soak },
  cache: { title: 'result cache', run: resultCache },
};

const context: BenchContext = {
  repoRoot,
  sharedDataDir,
  env,
  sizes,
  log: (message) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`),
};

const startedAt = new Date().toISOString();
const loadBefore = loadAverage1m();
let loadMax = loadBefore;
let loadMaxSection = loadBefore;
const loadTimer = setInterval(() => {
  loadMax = Math.max(loadMax, loadAverage1m());
  loadMaxSection = Math.max(loadMaxSection, loadAverage1m());
}, 5_000);

const sections: SectionResult[] = [];
for (const name of selected) {
  const { title, run } = benchmarks[name];
  context.log(`${title}: start`);
  const ranAt = new Date().toISOString();
  const sectionLoadBefore = loadAverage1m();
  loadMaxSection = sectionLoadBefore;
  let section: SectionResult;
  try {
    section = await run(context);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    context.log(`${title}: ${error instanceof MissingPieceError ? 'skipped' : 'failed'}: ${reason}`);
    section = notRun(title, error instanceof MissingPieceError ? 'skipped' : 'failed', reason);
  }
  sections.push({ ...section, ranAt, load: { before: sectionLoadBefore, maxDuring: loadMaxSection } });
}
clearInterval(loadTimer);

const thisRun: BenchReport = {
  command: `BENCH_PROFILE=${env.BENCH_PROFILE}${env.BENCH_ONLY ? ` BENCH_ONLY=${env.BENCH_ONLY.join(',')}` : ''} npm run bench`,
  startedAt,
  finishedAt: new Date().toISOString(),
  machine: machineInfo(),
  versions: await versions({
    databaseUrl: env.TEST_DATABASE_URL,
    natsServerBin: env.NATS_SERVER_BIN,
    chromiumPath: env.CHROMIUM_PATH,
    python: env.RDKIT_PYTHON,
  }),
  load: { before: loadBefore, maxDuring: loadMax },
  sections,
};

const resultsDir = env.BENCH_RESULTS_DIR ?? join(repoRoot, 'bench/results');
const baseName = env.BENCH_PROFILE === 'full' ? 'latest' : 'smoke';
await mkdir(resultsDir, { recursive: true });
// A run of some benchmarks updates their sections of the earlier report of the same profile.
const earlier = env.BENCH_ONLY
  ? await readFile(join(resultsDir, `${baseName}.json`), 'utf8').then(
      (text) => JSON.parse(text) as BenchReport,
      () => null,
    )
  : null;
const report = earlier
  ? mergeReports(
      earlier,
      thisRun,
      BENCHMARKS.map((name) => benchmarks[name].title),
    )
  : thisRun;
await writeFile(join(resultsDir, `${baseName}.md`), markdownReport(report));
await writeFile(join(resultsDir, `${baseName}.json`), jsonReport(report));
console.log(`\n${consoleTable(thisRun)}\n\nwritten: ${join(resultsDir, baseName)}.md and .json`);
process.exit(sections.some((s) => s.status === 'failed') ? 1 : 0);
