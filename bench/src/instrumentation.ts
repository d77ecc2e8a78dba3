// Benchmark 6, the cost of instrumentation: the dispatch burst (dispatch.ts, zero-work agent) and the REST API's
// latency with tracing and metrics off, then on, alternating rounds so a change in the machine's load hits both.
// On = every process traces (OTEL_EXPORTER_OTLP_ENDPOINT to a receiver here that counts the spans, sampling 1), the
// worker and the agent serve METRICS_PORT / AGENT_METRICS_PORT, and a scraper reads the three /metrics every 5 s
// (three times as often as infra/prometheus). Off = no exporter, no metrics ports, nobody scrapes. The counters and
// histograms themselves are recorded in both (there is no switch for them): their cost per call is measured apart.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRegistry, httpMetrics, workerMetrics } from '@mad/telemetry';
import { freePort } from '@mad/test-utils';
import type { Benchmark, BenchContext } from './context.js';
import { runWithAgents, type RunResult } from './dispatch.js';
import type { Measurement } from './report.js';
import { summarize, type LatencySummary } from './stats.js';

const NAME = 'instrumentation cost';
const SCRAPE_EVERY_MS = 5_000;

type Mode = 'off' | 'on';

interface Round {
  mode: Mode;
  run: RunResult;
  api: LatencySummary;
  spans: number;
  scrapes: number;
  scrapeFailures: number;
}

/** An OTLP/HTTP (JSON) receiver that counts the spans it is sent. */
async function spanReceiver(): Promise<{ url: string; spans: () => number; close: () => Promise<void> }> {
  let spans = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as {
          resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[];
        };
        for (const resource of body.resourceSpans ?? [])
          for (const scope of resource.scopeSpans ?? []) spans += scope.spans?.length ?? 0;
      } catch {
        // Not JSON (a protobuf exporter would be): the count stays as it is and the note says 0 spans.
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans: () => spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Reads every endpoint's /metrics every few seconds, as Prometheus would; counts the scrapes. */
function scraper(urls: () => string[]) {
  let scrapes = 0;
  let failures = 0;
  const timer = setInterval(() => {
    for (const url of urls())
      void fetch(url)
        .then(async (response) => {
          await response.text();
          if (response.ok) scrapes += 1;
          else failures += 1;
        })
        .catch(() => (failures += 1));
  }, SCRAPE_EVERY_MS);
  return { stop: () => clearInterval(timer), scrapes: () => scrapes, failures: () => failures };
}

async function round(context: BenchContext, mode: Mode, tasks: number, requests: number): Promise<Round> {
  const receiver = mode === 'on' ? await spanReceiver() : null;
  const ports = mode === 'on' ? { worker: await freePort(), agent: await freePort() } : null;
  const env: Record<string, string> =
    receiver && ports
      ? {
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_TRACES_SAMPLE_RATIO: '1',
          METRICS_PORT: String(ports.worker),
          AGENT_METRICS_PORT: String(ports.agent),
          AGENT_METRICS_HOST: '127.0.0.1',
        }
      : {};
  let baseUrl = '';
  const scrapes =
    mode === 'on' && ports
      ? scraper(() =>
          baseUrl
            ? [
                `${baseUrl}/metrics`,
                `http://127.0.0.1:${ports.worker}/metrics`,
                `http://127.0.0.1:${ports.agent}/metrics`,
              ]
            : [],
        )
      : null;
  let api: LatencySummary = summarize([]);
  try {
    const run = await runWithAgents(context, 1, tasks, {
      env,
      unloadedJobs: 5,
      beforeBurst: async (stack, client, jobId) => {
        baseUrl = stack.baseUrl;
        // REST → tRPC procedure → Postgres: the route every script polls. 20 unmeasured calls warm it up.
        const samples: number[] = [];
        for (let i = 0; i < requests + 20; i++) {
          const started = performance.now();
          await client.get(`/v1/jobs/${jobId}/status`);
          if (i >= 20) samples.push(performance.now() - started);
        }
        api = summarize(samples);
      },
    });
    // Let the last batch of spans leave (the batch processor exports every 5 s at most).
    if (receiver) await new Promise((r) => setTimeout(r, 1_000));
    return {
      mode,
      run,
      api,
      spans: receiver?.spans() ?? 0,
      scrapes: scrapes?.scrapes() ?? 0,
      scrapeFailures: scrapes?.failures() ?? 0,
    };
  } finally {
    scrapes?.stop();
    await receiver?.close();
  }
}

/** The always-on part: recording one request (histogram observe with its labels) and one counter increment. */
function recordingCostNs(): { observeNs: number; incNs: number } {
  const registry = createRegistry({ processMetrics: false });
  const http = httpMetrics(registry);
  const worker = workerMetrics(registry);
  const calls = 1_000_000;
  const routes = ['/api/v1/jobs/{jobId}/status', '/trpc', '/api/v1/jobs', '(dashboard)'];
  let started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++)
    http.requestDuration.observe({ method: 'GET', route: routes[i & 3]!, status: '200' }, (i % 100) / 1_000);
  const observeNs = Number(process.hrtime.bigint() - started) / calls;
  started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) worker.tasksFinished.inc({ pipeline: 'vina', status: 'succeeded' });
  const incNs = Number(process.hrtime.bigint() - started) / calls;
  return { observeNs, incNs };
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
const change = (on: number, off: number) => `${(((on - off) / off) * 100).toFixed(1)} %`;

export const instrumentationCost: Benchmark = async (context) => {
  const full = context.env.BENCH_PROFILE === 'full';
  const tasks = full ? 2_000 : 200;
  const requests = full ? 500 : 100;
  const order: Mode[] = full ? ['off', 'on', 'off', 'on'] : ['off', 'on'];
  const parameters = {
    tasks,
    ligandsPerTask: 1,
    agents: 1,
    engine: 'zero-work (bench only)',
    apiRequests: `${requests} sequential GET /api/v1/jobs/{jobId}/status`,
    rounds: order.join(', '),
    on: `tracing to an OTLP/HTTP receiver (sampling 1) in every process, worker and agent metrics ports, /metrics of all three scraped every ${SCRAPE_EVERY_MS / 1_000} s`,
  };
  const rounds: Round[] = [];
  for (const mode of order) {
    context.log(`instrumentation: ${mode}: ${tasks} tasks, ${requests} API requests`);
    rounds.push(await round(context, mode, tasks, requests));
  }
  const of = (mode: Mode) => rounds.filter((r) => r.mode === mode);
  const throughput = (mode: Mode) => mean(of(mode).map((r) => r.run.tasksPerSecond));
  const apiP50 = (mode: Mode) => mean(of(mode).map((r) => r.api.p50Ms));
  const apiP99 = (mode: Mode) => mean(of(mode).map((r) => r.api.p99Ms));
  const cpuPerTask = (mode: Mode) => mean(of(mode).map((r) => (r.run.cpuSeconds * 1_000) / tasks));
  const recording = recordingCostNs();

  const measurements: Measurement[] = [
    { metric: 'dispatch throughput, instrumentation off', value: throughput('off'), unit: 'tasks/s' },
    {
      metric: 'dispatch throughput, instrumentation on',
      value: throughput('on'),
      unit: 'tasks/s',
      note: `${change(throughput('on'), throughput('off'))} vs off`,
    },
    { metric: 'platform CPU per task, off', value: cpuPerTask('off'), unit: 'ms' },
    {
      metric: 'platform CPU per task, on',
      value: cpuPerTask('on'),
      unit: 'ms',
      note: `${change(cpuPerTask('on'), cpuPerTask('off'))} vs off (server, worker, agent, Postgres backends)`,
    },
    { metric: 'API latency p50, off', value: apiP50('off'), unit: 'ms', note: 'GET /api/v1/jobs/{jobId}/status' },
    {
      metric: 'API latency p50, on',
      value: apiP50('on'),
      unit: 'ms',
      note: `${change(apiP50('on'), apiP50('off'))} vs off`,
    },
    { metric: 'API latency p99, off', value: apiP99('off'), unit: 'ms' },
    {
      metric: 'API latency p99, on',
      value: apiP99('on'),
      unit: 'ms',
      note: `${change(apiP99('on'), apiP99('off'))} vs off`,
    },
    {
      metric: 'recording one request (histogram observe)',
      value: recording.observeNs,
      unit: 'ns',
      note: 'always on, in both modes',
    },
    { metric: 'recording one counter increment', value: recording.incNs, unit: 'ns', note: 'always on' },
  ];
  const notes = rounds.map(
    (r, i) =>
      `round ${i + 1} (${r.mode}): ${r.run.tasksPerSecond.toFixed(1)} tasks/s over ${r.run.wallSeconds.toFixed(1)} s, ${r.run.unfinished} unfinished, ${r.run.failed} not succeeded; API p50/p99 ${r.api.p50Ms.toFixed(2)}/${r.api.p99Ms.toFixed(2)} ms; platform CPU ${r.run.cpuSeconds.toFixed(1)} s` +
      (r.mode === 'on' ? `; ${r.spans} spans received, ${r.scrapes} scrapes (${r.scrapeFailures} failed)` : ''),
  );
  return { name: NAME, status: 'ran', parameters, measurements, notes };
};
