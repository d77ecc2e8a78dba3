// Benchmark 2, dispatch throughput: 10,000 one-ligand tasks through the real path (REST → pg-boss → dispatcher →
// JetStream → agent → results consumer → Postgres) with the zero-work agent (zero-agent.ts), with 1 and 4 agents.
import { cpus } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Benchmark } from './context.js';
import { eventProfile, openJobsApi, stackCpuSeconds, type JobsApi } from './platform.js';
import { machineBusySeconds } from './proc.js';
import type { Measurement } from './report.js';
import { library } from './smiles.js';
import { startStack, type Stack } from './stack.js';
import { summarize } from './stats.js';

const NAME = 'dispatch throughput';
const TARGET_TASKS_PER_SECOND = 500;
export const AGENT_SLOTS = 8;

interface JobProgress {
  succeeded: number;
  done: number;
  total: number;
}

async function progressOf(client: pg.Client, schema: string, jobIds: readonly string[]): Promise<JobProgress> {
  const { rows } = await client.query<{ succeeded: string; done: string; total: string }>(
    `select count(*) filter (where status = 'SUCCEEDED') as succeeded, count(*) filter (where status in ('SUCCEEDED', 'FAILED', 'CANCELLED')) as done, count(*) as total
     from "${schema}".job_inputs where job_id = any($1::uuid[])`,
    [jobIds],
  );
  const row = rows[0];
  return { succeeded: Number(row?.succeeded ?? 0), done: Number(row?.done ?? 0), total: Number(row?.total ?? 0) };
}

/** Waits until every ligand of the jobs is finished; with `partialAfterMs`, returns what is done by then instead. */
async function waitForLigands(
  client: pg.Client,
  schema: string,
  jobIds: readonly string[],
  timeoutMs: number,
  partialAfterMs?: number,
): Promise<JobProgress> {
  const deadline = Date.now() + (partialAfterMs ?? timeoutMs);
  for (;;) {
    const progress = await progressOf(client, schema, jobIds);
    if (progress.total > 0 && progress.done === progress.total) return progress;
    if (Date.now() > deadline) {
      if (partialAfterMs !== undefined) return progress;
      throw new Error(`only ${progress.done}/${progress.total} ligands finished after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Median time of a one-row INSERT transaction: the floor under every recorded batch of reports. */
async function commitLatencyMs(client: pg.Client): Promise<number> {
  await client.query('create temporary table bench_commit (id int)');
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await client.query('begin');
    await client.query('insert into bench_commit values ($1)', [i]);
    await client.query('commit');
    samples.push(performance.now() - started);
  }
  await client.query('drop table bench_commit');
  return summarize(samples).p50Ms;
}

export interface RunResult {
  agents: number;
  tasksPerSecond: number;
  latency: ReturnType<typeof summarize>;
  unloaded: ReturnType<typeof summarize>;
  wallSeconds: number;
  cpuSeconds: number;
  machineCpuSeconds: number;
  failed: number;
  /** Tasks still open when the time cap stopped the wait (throughput is then over the finished ones). */
  unfinished: number;
  profile: string;
  eventsPerTask: number;
  commitMs: number;
}

export interface RunOptions {
  /** Extra environment of every process (instrumentation.ts: tracing and metrics ports). */
  env?: Record<string, string>;
  /** One-ligand jobs run one after another before the burst (the first warms up and is not counted). */
  unloadedJobs?: number;
  /** Runs once the stack is warm, before the burst (instrumentation.ts measures API latency here). */
  beforeBurst?: (stack: Stack, api: JobsApi['api'], jobId: string) => Promise<void>;
}

/** The dispatch run: a stack with `agents` zero-work agents, unloaded one-ligand jobs, then a burst of `tasks`. */
export async function runWithAgents(
  context: Parameters<Benchmark>[0],
  agents: number,
  tasks: number,
  options: RunOptions = {},
): Promise<RunResult> {
  const stack: Stack = await startStack({
    repoRoot: context.repoRoot,
    agents,
    agentScript: join(context.repoRoot, 'bench/dist/zero-agent.js'),
    env: { LIGANDS_PER_TASK: '1', AGENT_SLOTS: String(AGENT_SLOTS), AGENT_ENGINES: 'vina', ...options.env },
  });
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    const { api, receptorId, bindingSite } = await openJobsApi(stack, context.sharedDataDir);
    const submit = (ligands: { smiles: string; name: string }[]) =>
      api.post<{ jobId: string }>('/v1/pipelines/vina/jobs', {
        receptorId,
        ligands,
        bindingSite,
        params: { exhaustiveness: 1, seed: 1 },
      });
    const { rows } = await client.query<{ results_schema: string }>('select results_schema from organizations limit 1');
    const schema = rows[0]?.results_schema ?? '';

    // Unloaded latency: one-ligand jobs one after another (this also warms up streams, consumers and agents).
    const unloadedSamples: number[] = [];
    let lastJobId = '';
    for (let i = 0; i < Math.max(1, (options.unloadedJobs ?? 20) + 1); i++) {
      const { jobId } = await submit(library(1));
      lastJobId = jobId;
      await waitForLigands(client, schema, [jobId], 120_000);
      const timing = await client.query<{ ms: number }>(
        `select extract(epoch from (max(t.updated_at) - j.created_at)) * 1000 as ms from "${schema}".jobs j join "${schema}".tasks t on t.job_id = j.id where j.id = $1 group by j.created_at`,
        [jobId],
      );
      if (i > 0) unloadedSamples.push(Number(timing.rows[0]?.ms ?? Number.NaN));
    }

    await options.beforeBurst?.(stack, api, lastJobId);

    // The burst: `tasks` one-ligand tasks in 10 jobs submitted back to back.
    const jobCount = Math.min(10, tasks);
    const perJob = Math.ceil(tasks / jobCount);
    const ligands = library(perJob * jobCount);
    const cpuBefore = await stackCpuSeconds(stack);
    const machineBefore = await machineBusySeconds();
    const submittedAt = Date.now();
    const jobIds: string[] = [];
    for (let j = 0; j < jobCount; j++) jobIds.push((await submit(ligands.slice(j * perJob, (j + 1) * perJob))).jobId);
    context.log(
      `dispatch: ${agents} agent(s): ${jobCount} jobs submitted in ${((Date.now() - submittedAt) / 1000).toFixed(1)} s; waiting for ${perJob * jobCount} tasks`,
    );
    const progress = await waitForLigands(client, schema, jobIds, 60 * 60_000, context.sizes.dispatchCapMs);
    const cpuSeconds = (await stackCpuSeconds(stack)) - cpuBefore;
    const machineCpuSeconds = (await machineBusySeconds()) - machineBefore;
    const recorded = await client.query<{ last_ms: number; latency_ms: number }>(
      `select extract(epoch from t.updated_at) * 1000 as last_ms, extract(epoch from (t.updated_at - j.created_at)) * 1000 as latency_ms
       from "${schema}".tasks t join "${schema}".jobs j on j.id = t.job_id where t.job_id = any($1::uuid[]) and t.status in ('SUCCEEDED', 'FAILED', 'CANCELLED')`,
      [jobIds],
    );
    const lastMs = Math.max(...recorded.rows.map((r) => Number(r.last_ms)));
    const profile = await eventProfile(stack.databaseUrl, jobIds);
    const { rows: reports } = await client.query<{ n: string }>(
      `select count(*) as n from "${schema}".job_events where job_id = any($1::uuid[])`,
      [jobIds],
    );
    const commitMs = await commitLatencyMs(client);
    const wallSeconds = (lastMs - submittedAt) / 1000;
    return {
      agents,
      tasksPerSecond: recorded.rows.length / wallSeconds,
      latency: summarize(recorded.rows.map((r) => Number(r.latency_ms))),
      unloaded: summarize(unloadedSamples),
      wallSeconds,
      cpuSeconds,
      machineCpuSeconds,
      failed: progress.done - progress.succeeded,
      unfinished: progress.total - progress.done,
      profile,
      eventsPerTask: Number(reports[0]?.n ?? 0) / Math.max(1, recorded.rows.length),
      commitMs,
    };
  } finally {
    await client.end();
    await stack.stop();
  }
}

export const dispatchThroughput: Benchmark = async (context) => {
  const { dispatchTasks, dispatchAgents } = context.sizes;
  const parameters = {
    tasks: dispatchTasks,
    ligandsPerTask: 1,
    jobs: Math.min(10, dispatchTasks),
    agents: dispatchAgents.join(' and '),
    slotsPerAgent: AGENT_SLOTS,
    engine: 'zero-work (bench only)',
  };
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  for (const agents of dispatchAgents) {
    context.log(`dispatch: ${dispatchTasks} tasks with ${agents} agent(s)`);
    const run = await runWithAgents(context, agents, dispatchTasks);
    const label = `${agents} agent${agents > 1 ? 's' : ''}`;
    measurements.push(
      {
        metric: `throughput, ${label}`,
        value: run.tasksPerSecond,
        unit: 'tasks/s',
        target: { op: '>=', value: TARGET_TASKS_PER_SECOND },
        note: `${dispatchTasks - run.unfinished} tasks in ${run.wallSeconds.toFixed(1)} s, first submit → last recorded${run.unfinished ? ` (stopped at the ${context.sizes.dispatchCapMs / 60_000} min cap, ${run.unfinished} not finished)` : ''}`,
      },
      {
        metric: `burst latency p50, ${label}`,
        value: run.latency.p50Ms,
        unit: 'ms',
        note: 'job accepted → task recorded (includes queueing behind the burst)',
      },
      { metric: `burst latency p95, ${label}`, value: run.latency.p95Ms, unit: 'ms' },
      { metric: `burst latency p99, ${label}`, value: run.latency.p99Ms, unit: 'ms' },
      {
        metric: `unloaded latency p50, ${label}`,
        value: run.unloaded.p50Ms,
        unit: 'ms',
        note: `one-ligand job alone: accepted → recorded (${run.unloaded.count} jobs)`,
      },
      { metric: `unloaded latency p95, ${label}`, value: run.unloaded.p95Ms, unit: 'ms' },
      {
        metric: `platform CPU per task, ${label}`,
        value: (run.cpuSeconds * 1000) / Math.max(1, dispatchTasks - run.unfinished),
        unit: 'ms',
        // 500 tasks/s on the 2-core machine leaves 2 × 1,000 ms / 500 = 4 ms of CPU per task for everything.
        target: { op: '<=', value: (cpus().length * 1000) / TARGET_TASKS_PER_SECOND },
        note: `server, worker, agents and Postgres backends; ${cpus().length} cores ÷ ${TARGET_TASKS_PER_SECOND} tasks/s`,
      },
    );
    notes.push(
      `${label}: platform CPU ${run.cpuSeconds.toFixed(1)} s (server, worker, agents, Postgres backends), machine busy CPU ${run.machineCpuSeconds.toFixed(1)} s over ${run.wallSeconds.toFixed(1)} s; ${run.failed} task(s) not succeeded`,
      `${label}: profile from job_events (time from each event to the task's next one, summed over tasks): ${run.profile}`,
      `${label}: ${run.eventsPerTask.toFixed(1)} job_events rows per task; reports are recorded in batches (up to 256 per transaction, apps/server/src/jobs/record-batch.ts); a one-row INSERT transaction takes ${run.commitMs.toFixed(2)} ms (median) on this Postgres`,
    );
  }
  return { name: NAME, status: 'ran', parameters, measurements, notes };
};
