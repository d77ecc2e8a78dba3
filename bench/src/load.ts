// Baseline API load: concurrent API users (autocannon, each connection one user with the organisation's API token)
// against the platform's own processes while the fleet works (zero-work agents docking a large background job and
// the small jobs the load submits). One route at a time, then all of them together: listing jobs, reading a status,
// result pages, a job's events, uploading a small ligand file and submitting a one-ligand job. Per route: throughput,
// p50/p95/p99 of the response times autocannon measured for every request, and the error rate (non-2xx or failed).
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import type { Benchmark, BenchContext } from './context.js';
import { openJobsApi } from './platform.js';
import type { Measurement } from './report.js';
import { library } from './smiles.js';
import { describeRss, serverRssMeasurements, startStack, watchRss, type RssReading, type Stack } from './stack.js';
import { summarize } from './stats.js';

const NAME = 'API load (baseline)';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  /** Ligands of the finished job whose result pages are read. */
  resultLigands: number;
  /** Jobs in the list. */
  listedJobs: number;
  /** Ligands of the job the fleet works on during the load (zero-work, BENCH_ZERO_WORK_MS each). */
  backgroundLigands: number;
  log(message: string): void;
}

export interface RouteLoad {
  route: string;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Requests answered other than 2xx, or that failed (connection error, timeout), over all sent. */
  errorRate: number;
  statuses: Record<string, number>;
}

interface RouteSpec {
  route: string;
  method: 'GET' | 'POST';
  /** The request of the n-th call (path, and body for POST). */
  request(n: number): { path: string; body?: string | Buffer; headers?: Record<string, string> };
}

const BOUNDARY = 'mad-bench-load-boundary';

/** A small SDF (ethanol, heavy atoms), unique per call through its title line: each upload stores a new molecule. */
function ligandUpload(n: number): Buffer {
  const sdf = [
    `load-ligand-${process.pid}-${n}`,
    '  bench',
    '',
    '  3  2  0  0  0  0  0  0  0  0999 V2000',
    '    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0',
    '    1.5000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0',
    '    2.0000    1.4000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0',
    '  1  2  1  0',
    '  2  3  1  0',
    'M  END',
    '$$$$',
    '',
  ].join('\n');
  return Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nligand\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="ligand-${n}.sdf"\r\nContent-Type: chemical/x-mdl-sdfile\r\n\r\n${sdf}\r\n` +
      `--${BOUNDARY}--\r\n`,
  );
}

/** Runs autocannon on the routes at once (each with `connections` users) and summarises each route. */
async function hammer(stack: Stack, specs: RouteSpec[], connections: number, seconds: number): Promise<RouteLoad[]> {
  const runs = specs.map(async (spec) => {
    let calls = 0;
    const samples: number[] = [];
    const statuses: Record<string, number> = {};
    let finish: (result: autocannon.Result) => void = () => undefined;
    let fail: (error: unknown) => void = () => undefined;
    const done = new Promise<autocannon.Result>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    const instance = autocannon(
      {
        url: stack.baseUrl,
        connections,
        duration: seconds,
        method: spec.method,
        headers: { authorization: `Bearer ${stack.token}` },
        timeout: 30,
        requests: [
          {
            setupRequest: (request) => {
              const next = spec.request(calls++);
              return {
                ...request,
                method: spec.method,
                path: next.path,
                headers: { ...request.headers, ...next.headers },
                ...(next.body !== undefined ? { body: next.body } : {}),
              };
            },
          },
        ],
      },
      (error, result) => (error ? fail(error) : finish(result)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      samples.push(responseTime);
      statuses[String(statusCode)] = (statuses[String(statusCode)] ?? 0) + 1;
    });
    const result = await done;
    const latency = summarize(samples);
    const failed = result.errors + result.non2xx;
    return {
      route: spec.route,
      requests: samples.length,
      requestsPerSecond: samples.length / result.duration,
      p50Ms: latency.p50Ms,
      p95Ms: latency.p95Ms,
      p99Ms: latency.p99Ms,
      errorRate: failed / Math.max(1, samples.length + result.errors),
      statuses: { ...statuses, ...(result.errors ? { failed: result.errors } : {}) },
    };
  });
  return Promise.all(runs);
}

async function waitForLigands(databaseUrl: string, jobIds: string[], timeoutMs: number) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ results_schema: string }>('select results_schema from organizations limit 1');
    const schema = rows[0]!.results_schema;
    for (const deadline = Date.now() + timeoutMs; ;) {
      const answer = await client.query<{ open: number }>(
        `select count(*)::int as open from "${schema}".job_inputs where job_id = any($1::uuid[]) and status not in ('SUCCEEDED', 'FAILED', 'CANCELLED')`,
        [jobIds],
      );
      if (answer.rows[0]?.open === 0) return;
      if (Date.now() > deadline) throw new Error(`${answer.rows[0]?.open} ligands still open after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await client.end();
  }
}

export async function runLoad(
  context: Pick<BenchContext, 'repoRoot' | 'sharedDataDir'>,
  options: LoadOptions,
): Promise<{ single: RouteLoad[]; mixed: RouteLoad[]; serverRss: RssReading }> {
  const stack = await startStack({
    repoRoot: context.repoRoot,
    agents: 2,
    agentScript: join(context.repoRoot, 'bench/dist/zero-agent.js'),
    env: { AGENT_SLOTS: '4', AGENT_ENGINES: 'vina', BENCH_ZERO_WORK_MS: '50', LIGANDS_PER_TASK: '8' },
  });
  try {
    const { api, receptorId, bindingSite } = await openJobsApi(stack, context.sharedDataDir);
    const rss = await watchRss(() => stack.server.pid);
    const submit = async (ligands: { smiles: string; name: string }[]) =>
      (
        await api.post<{ jobId: string }>('/v1/pipelines/vina/jobs', {
          receptorId,
          ligands,
          bindingSite,
          params: { exhaustiveness: 1, seed: 1 },
        })
      ).jobId;
    const ligands = library(options.resultLigands + options.listedJobs + options.backgroundLigands);
    const resultJob = await submit(ligands.slice(0, options.resultLigands));
    const listed = [resultJob];
    for (let j = 1; j < options.listedJobs; j++) listed.push(await submit([ligands[options.resultLigands + j]!]));
    await waitForLigands(stack.databaseUrl, listed, 10 * 60_000);
    options.log(
      `load: ${listed.length} finished jobs (${options.resultLigands} results in one); the fleet starts work`,
    );
    await submit(ligands.slice(options.resultLigands + options.listedJobs));

    const pages = Math.max(1, Math.floor(options.resultLigands / 50));
    const smiles = library(1)[0]!.smiles;
    const specs: RouteSpec[] = [
      { route: 'GET /api/v1/jobs', method: 'GET', request: () => ({ path: '/api/v1/jobs?limit=50' }) },
      {
        route: 'GET /api/v1/jobs/{jobId}/status',
        method: 'GET',
        request: (n) => ({ path: `/api/v1/jobs/${listed[n % listed.length]}/status` }),
      },
      {
        route: 'GET /api/v1/jobs/{jobId}/results (pages of 50)',
        method: 'GET',
        request: (n) => ({
          path: `/api/v1/jobs/${resultJob}/results?limit=50&offset=${(n % pages) * 50}&sort=affinity`,
        }),
      },
      {
        route: 'GET /api/v1/jobs/{jobId}/events',
        method: 'GET',
        request: () => ({ path: `/api/v1/jobs/${resultJob}/events?afterId=0&limit=200` }),
      },
      {
        route: 'POST /api/v1/molecules/upload (one small SDF)',
        method: 'POST',
        request: (n) => ({
          path: '/api/v1/molecules/upload',
          body: ligandUpload(n),
          headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        }),
      },
      {
        route: 'POST /api/v1/pipelines/vina/jobs (one SMILES)',
        method: 'POST',
        request: (n) => ({
          path: '/api/v1/pipelines/vina/jobs',
          body: JSON.stringify({
            receptorId,
            bindingSite,
            ligands: [{ smiles, name: `load-${n}` }],
            params: { exhaustiveness: 1, seed: 1 },
          }),
          headers: { 'content-type': 'application/json' },
        }),
      },
    ];
    const single: RouteLoad[] = [];
    for (const spec of specs) {
      const [result] = await hammer(stack, [spec], options.connections, options.durationSeconds);
      single.push(result!);
      options.log(
        `load: ${spec.route}: ${result!.requestsPerSecond.toFixed(0)} req/s, p95 ${result!.p95Ms.toFixed(0)} ms, errors ${(result!.errorRate * 100).toFixed(2)} %`,
      );
    }
    // Everything at once: the users split over the routes (at least one connection each).
    const mixed = await hammer(
      stack,
      specs,
      Math.max(1, Math.round(options.connections / specs.length)),
      options.durationSeconds,
    );
    // The server's memory once the load has stopped: the lowest RSS over the next 10 s (issue 13, bounded memory).
    const serverRss = await rss.stop(10_000);
    options.log(`load: server RSS ${describeRss(serverRss)}`);
    return { single, mixed, serverRss };
  } finally {
    await stack.stop();
  }
}

export function loadOptions(context: BenchContext): LoadOptions {
  const full = context.env.BENCH_PROFILE === 'full';
  return {
    connections: 10,
    durationSeconds: full ? 20 : 5,
    resultLigands: full ? 1_000 : 200,
    listedJobs: full ? 60 : 10,
    backgroundLigands: full ? 20_000 : 2_000,
    log: context.log,
  };
}

export const apiLoad: Benchmark = async (context) => {
  const options = loadOptions(context);
  const { single, mixed, serverRss } = await runLoad(context, options);
  const memory = serverRssMeasurements(serverRss);
  const rows = (loads: RouteLoad[], label: string): Measurement[] =>
    loads.flatMap((load) => [
      {
        metric: `${load.route}${label}: throughput`,
        value: load.requestsPerSecond,
        unit: 'req/s',
        note: `${load.requests} requests; statuses ${JSON.stringify(load.statuses)}`,
      },
      { metric: `${load.route}${label}: p50`, value: load.p50Ms, unit: 'ms' },
      { metric: `${load.route}${label}: p95`, value: load.p95Ms, unit: 'ms' },
      { metric: `${load.route}${label}: p99`, value: load.p99Ms, unit: 'ms' },
      {
        metric: `${load.route}${label}: errors`,
        value: load.errorRate * 100,
        unit: '%',
        target: { op: '<=', value: 0 },
      },
    ]);
  return {
    name: NAME,
    status: 'ran',
    parameters: {
      users: options.connections,
      secondsPerRun: options.durationSeconds,
      resultLigands: options.resultLigands,
      listedJobs: options.listedJobs,
      backgroundLigands: options.backgroundLigands,
      fleet: '2 zero-work agents × 4 slots, 50 ms per ligand',
    },
    measurements: [...rows(single, ''), ...rows(mixed, ' (all routes at once)'), ...memory],
    notes: [
      `one route at a time with ${options.connections} users, then all ${single.length} routes at once with ${Math.max(1, Math.round(options.connections / single.length))} user(s) each; response times as autocannon measured them for every request`,
    ],
  };
};
