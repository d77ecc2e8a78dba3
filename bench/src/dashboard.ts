// Benchmark 4, the dashboard: the gzip size of the JavaScript loaded before any lazy chunk (the dashboard's own
// build script measures it), and the time to first render of the jobs page in headless Chromium, cold cache.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '@mad/test-utils';
import type { Benchmark } from './context.js';
import type { Measurement } from './report.js';
import { openJobsApi } from './platform.js';
import { library } from './smiles.js';
import { MissingPieceError, startStack, type Stack } from './stack.js';
import { summarize } from './stats.js';

const NAME = 'dashboard';

/** "initial JavaScript: 123.4 KB gzip (budget 300 KB)" → 123.4, from apps/dashboard/scripts/bundle-size.mjs. */
export function parseInitialJsKb(output: string): number | null {
  const match = /initial JavaScript: ([\d.]+) KB gzip/.exec(output);
  return match ? Number(match[1]) : null;
}

async function initialJsKb(repoRoot: string): Promise<{ kb: number | null; output: string }> {
  const script = join(repoRoot, 'apps/dashboard/scripts/bundle-size.mjs');
  if (!existsSync(script)) throw new MissingPieceError(`${script} does not exist`);
  const output = await new Promise<string>((resolve) => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('exit', () => resolve(text));
  });
  return { kb: parseInitialJsKb(output), output };
}

const SEEDED_JOBS = 25;

/** A jobs page with rows in it: one-ligand jobs submitted over REST (0 when the jobs API is not there yet). */
async function seedJobs(stack: Stack, sharedDataDir: string, count: number): Promise<number> {
  const jobs = await openJobsApi(stack, sharedDataDir, false).catch((error: unknown) => {
    if (error instanceof MissingPieceError) return null;
    throw error;
  });
  if (!jobs) return 0;
  for (const ligand of library(count)) {
    await jobs.api.post('/v1/pipelines/vina/jobs', {
      receptorId: jobs.receptorId,
      ligands: [ligand],
      bindingSite: jobs.bindingSite,
      params: { seed: 1 },
    });
  }
  return count;
}

interface PageTiming {
  firstContentfulPaintMs: number | null;
  jobsHeadingMs: number;
  jobsListMs: number;
}

export const dashboardLoad: Benchmark = async (context) => {
  const distIndex = join(context.repoRoot, 'apps/dashboard/dist/index.html');
  if (!existsSync(distIndex)) throw new MissingPieceError(`${distIndex} is not built`);
  const loads = context.env.BENCH_PROFILE === 'full' ? 10 : 3;
  const parameters = {
    page: '/jobs',
    loads,
    cache: 'cold (new browser context per load)',
    chromiumArgs: CHROMIUM_ARGS.join(' '),
  };
  const bundle = await initialJsKb(context.repoRoot);

  const stack = await startStack({
    repoRoot: context.repoRoot,
    agents: 0,
    worker: false,
    env: { DASHBOARD_DIR: join(context.repoRoot, 'apps/dashboard/dist') },
  });
  const browser = await chromium.launch({ executablePath: context.env.CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    const seeded = await seedJobs(stack, context.sharedDataDir, SEEDED_JOBS);
    const timings: PageTiming[] = [];
    for (let i = 0; i < loads; i++) {
      // A script's API token stands in for the session cookie: the same me.get and jobs queries, no IdP round trip.
      const browserContext = await browser.newContext({
        extraHTTPHeaders: stack.token ? { authorization: `Bearer ${stack.token}` } : {},
      });
      const page = await browserContext.newPage();
      await page.goto(`${stack.baseUrl}/jobs`, { waitUntil: 'commit' });
      await page
        .waitForFunction(
          () => [...document.querySelectorAll('h1')].some((h) => /^Jobs\b/.test(h.textContent?.trim() ?? '')),
          undefined,
          { timeout: 30_000, polling: 'raf' },
        )
        .catch(async (error: unknown) => {
          const shown = (await page.textContent('body').catch(() => null))?.replace(/\s+/g, ' ').trim().slice(0, 300);
          throw new Error(
            `the jobs page did not render in 30 s (the page shows: "${shown ?? ''}"): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
          );
        });
      const jobsHeadingMs = await page.evaluate(() => performance.now());
      await page.waitForFunction(
        () =>
          document.querySelector('table[aria-label="Docking jobs"], main .state[role="status"]:not([aria-live])') !==
          null,
        undefined,
        { timeout: 30_000, polling: 'raf' },
      );
      const jobsListMs = await page.evaluate(() => performance.now());
      const firstContentfulPaintMs = await page.evaluate(
        () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      );
      timings.push({ firstContentfulPaintMs, jobsHeadingMs, jobsListMs });
      await browserContext.close();
    }
    const fcp = summarize(
      timings.flatMap((t) => (t.firstContentfulPaintMs === null ? [] : [t.firstContentfulPaintMs])),
    );
    const heading = summarize(timings.map((t) => t.jobsHeadingMs));
    const list = summarize(timings.map((t) => t.jobsListMs));
    const measurements: Measurement[] = [
      {
        metric: 'initial JavaScript (gzip)',
        value: bundle.kb,
        unit: 'KB',
        note: 'entry scripts + modulepreloads of dist/index.html',
      },
      { metric: 'first contentful paint, median', value: fcp.p50Ms, unit: 'ms' },
      {
        metric: 'jobs page first render, median',
        value: heading.p50Ms,
        unit: 'ms',
        note: 'navigation start → "Jobs" heading',
      },
      { metric: 'jobs page first render, max', value: heading.maxMs, unit: 'ms' },
      {
        metric: 'jobs list shown, median',
        value: list.p50Ms,
        unit: 'ms',
        note: 'navigation start → jobs table or empty state',
      },
    ];
    return {
      name: NAME,
      status: 'ran',
      parameters,
      measurements,
      notes: [
        `the jobs list holds ${seeded} job(s) (one-ligand jobs submitted over REST, left PENDING: no worker runs)`,
        `bundle-size.mjs: ${bundle.output.trim().split('\n').join('; ')}`,
        `per load (heading ms): ${timings.map((t) => t.jobsHeadingMs.toFixed(0)).join(', ')}`,
      ],
    };
  } finally {
    await browser.close();
    await stack.stop();
  }
};
