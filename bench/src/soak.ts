// Faults under load (the soak): jobs run on the platform's own processes (server, worker, agents from dist, a private
// Postgres cluster, a private nats-server, s3rver) while a bounded chaos loop, one fault at a time, SIGKILLs and
// restarts agents, the worker and the server, restarts nats-server, crashes and restarts Postgres (pg_ctl stop -m
// immediate: every connection dropped, WAL replayed at start) and takes the bucket away. The agents are the zero-work
// agent (zero-agent.ts: each ligand takes BENCH_ZERO_WORK_MS without using the CPU) and dock one job's ligands for real
// with Vina (the job whose seed is REAL_SEED). Then every answer is checked: every job COMPLETED, every ligand
// SUCCEEDED with its poses recorded exactly once, every task SUCCEEDED with exactly one final event, each job's
// timeline in order ('created' first, one 'job_completed', last). The report gives the counts and, per fault, how
// long the component was away and how long until the next ligand was recorded after it came back.
import { join } from 'node:path';
import pg from 'pg';
import { isFinalJobStatus } from '@mad/protocol';
import type { Benchmark, BenchContext } from './context.js';
import { openJobsApi } from './platform.js';
import type { Measurement } from './report.js';
import { library } from './smiles.js';
import { describeRss, serverRssMeasurements, startStack, watchRss, type RssReading, type Stack } from './stack.js';

const NAME = 'faults under load (soak)';
/** The seed of the job the agents dock with the real engine (zero-agent.ts BENCH_REAL_ENGINE_SEED). */
export const REAL_SEED = 424242;
const ZERO_SEED = 1;
/** The zero-work engine's one pose per ligand (zero-agent.ts). */
const ZERO_AFFINITY = -7;

export interface SoakOptions {
  repoRoot: string;
  sharedDataDir: string;
  /**
   * Jobs of zero-work ligands: half submitted at the start, half after the third fault. Before each fault, when fewer
   * than a job's ligands are left to do, one more job is submitted, so that every fault hits running jobs whatever
   * the machine's speed.
   */
  jobs: number;
  ligandsPerJob: number;
  /** SMILES docked for real (one job, Vina, exhaustiveness 1). */
  realLigands: string[];
  zeroWorkMs: number;
  agents: number;
  agentSlots: number;
  ligandsPerTask: number;
  /** How many times the fault sequence runs. */
  rounds: number;
  /** Longest wait for every job to finish after the last fault. */
  finishTimeoutMs: number;
  log(message: string): void;
}

export const FAULTS = [
  'agent SIGKILL',
  'nats-server restart',
  'worker SIGKILL',
  'Postgres crash and restart',
  'server SIGKILL',
  'bucket unavailable',
  'all agents but one SIGKILL',
  'Postgres crash and restart (again)',
] as const;
export type FaultName = (typeof FAULTS)[number];

export interface FaultRecord {
  fault: FaultName;
  /** Seconds since the first submission. */
  atSeconds: number;
  /** Ligands finished and in all when the fault came (finished < total: it hit running jobs). */
  finishedBefore: number;
  total: number;
  /** How long the component was away (kill → started again). */
  downMs: number;
  /** Ligands recorded while the component was away (the server and single agents are not on every ligand's path). */
  finishedWhileAway: number;
  /**
   * From the fault until the next ligand was recorded after the component was back (null: none was, because every
   * ligand was done by then).
   */
  stallMs: number | null;
}

export interface SoakReport {
  jobs: number;
  ligands: number;
  realLigands: number;
  wallSeconds: number;
  faults: FaultRecord[];
  /** The server's RSS from the first submission until every job had finished (a killed server's successor followed). */
  serverRss: RssReading;
  counts: {
    jobsCompleted: number;
    ligandsSucceeded: number;
    ligandsWithoutResult: number;
    /** Ligands whose recorded poses are not what their engine reported once (zero-work: 1 pose of -7 kcal/mol). */
    ligandsWrongPoses: number;
    resultRows: number;
    realResultRows: number;
    tasks: number;
    tasksSucceeded: number;
    tasksWithOneFinalEvent: number;
    /** Attempts that ended LOST (killed agents, redeliveries): the retries the faults caused. */
    lostAttempts: number;
    maxAttempts: number;
    jobsWithOrderedTimeline: number;
  };
  /** Everything that is not as it must be; empty when the soak passed. */
  problems: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts finished ligands every 200 ms through its own connection, which it opens again after Postgres went away. */
class ProgressProbe {
  finished = 0;
  total = 0;
  lastIncreaseAt = 0;
  private client: pg.Client | null = null;
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly databaseUrl: string,
    private readonly schema: string,
  ) {
    this.loop = this.run();
  }

  private async run() {
    while (!this.stopped) {
      try {
        if (!this.client) {
          const client = new pg.Client({ connectionString: this.databaseUrl });
          client.on('error', () => undefined);
          await client.connect();
          this.client = client;
        }
        const { rows } = await this.client.query<{ finished: string; total: string }>(
          `select count(*) filter (where status in ('SUCCEEDED', 'FAILED', 'CANCELLED')) as finished, count(*) as total from "${this.schema}".job_inputs`,
        );
        const finished = Number(rows[0]?.finished ?? 0);
        if (finished > this.finished) this.lastIncreaseAt = Date.now();
        this.finished = finished;
        this.total = Number(rows[0]?.total ?? 0);
      } catch {
        await this.client?.end().catch(() => undefined);
        this.client = null;
      }
      await sleep(200);
    }
  }

  /** Waits until a ligand is recorded after `since` (ms epoch); the time from `from` to it, or null past the timeout. */
  async nextRecordAfter(since: number, from: number, timeoutMs: number): Promise<number | null> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.lastIncreaseAt > since) return this.lastIncreaseAt - from;
      if (this.total > 0 && this.finished === this.total) return null;
      await sleep(100);
    }
    return null;
  }

  async stop() {
    this.stopped = true;
    await this.loop;
    await this.client?.end().catch(() => undefined);
  }
}

/** Injects one fault and returns how long its component was away. */
async function inject(stack: Stack, fault: FaultName): Promise<number> {
  const started = Date.now();
  switch (fault) {
    case 'agent SIGKILL': {
      await stack.killAgent(stack.agents[0]!);
      await stack.startAgent();
      break;
    }
    case 'all agents but one SIGKILL': {
      const victims = stack.agents.slice(1);
      await Promise.all(victims.map((agent) => stack.killAgent(agent)));
      await sleep(1_000);
      for (const _ of victims) await stack.startAgent();
      break;
    }
    case 'nats-server restart':
      await stack.nats.restart({ downMs: 1_000 });
      break;
    case 'worker SIGKILL':
      await stack.killAndRestart('worker', 1_000);
      break;
    case 'server SIGKILL':
      await stack.killAndRestart('server', 500);
      break;
    case 'Postgres crash and restart':
    case 'Postgres crash and restart (again)':
      if (!stack.postgres) throw new Error('the soak needs the stack’s own Postgres');
      await stack.postgres.restart({ downMs: 2_000 });
      break;
    case 'bucket unavailable':
      await stack.s3.restart({ downMs: 3_000 });
      break;
  }
  return Date.now() - started;
}

interface JobAnswer {
  status: string;
  ligands: Record<string, number>;
}

/** GET through the API, retried while the server is away (a fault may just have killed it). */
async function apiGet<T>(stack: Stack, path: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${stack.baseUrl}/api${path}`, {
        headers: { authorization: `Bearer ${stack.token}` },
      });
      if (response.ok) return (await response.json()) as T;
      if (response.status < 500) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('GET ')) throw error;
    }
    if (Date.now() > deadline) throw new Error(`GET ${path}: no answer within ${timeoutMs} ms`);
    await sleep(500);
  }
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const stack = await startStack({
    repoRoot: options.repoRoot,
    agents: options.agents,
    agentScript: join(options.repoRoot, 'bench/dist/zero-agent.js'),
    privatePostgres: true,
    env: {
      LIGANDS_PER_TASK: String(options.ligandsPerTask),
      AGENT_SLOTS: String(options.agentSlots),
      AGENT_CPUS: '1',
      AGENT_ENGINES: 'vina',
      AGENT_HEARTBEAT_MS: '1000',
      TASK_ACK_WAIT_MS: '5000',
      // Each fault may cost a task in flight a delivery (an agent killed, NATS restarted), and one task can see several.
      TASK_MAX_DELIVER: '6',
      BENCH_ZERO_WORK_MS: String(options.zeroWorkMs),
      BENCH_REAL_ENGINE_SEED: String(REAL_SEED),
    },
  });
  let probe: ProgressProbe | null = null;
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  try {
    const { api, receptorId, bindingSite } = await openJobsApi(stack, options.sharedDataDir);
    await client.connect();
    const { rows } = await client.query<{ results_schema: string }>('select results_schema from organizations limit 1');
    await client.end();
    const schema = rows[0]!.results_schema;
    probe = new ProgressProbe(stack.databaseUrl, schema);
    const rss = await watchRss(() => stack.server.pid);

    // Enough ligands for the top-up jobs too (one per fault at most).
    const zeroLigands = library((options.jobs + FAULTS.length * options.rounds) * options.ligandsPerJob);
    const submit = async (ligands: { smiles: string; name: string }[], seed: number) =>
      (
        await api.post<{ jobId: string }>('/v1/pipelines/vina/jobs', {
          receptorId,
          ligands,
          bindingSite,
          params: { exhaustiveness: 1, seed },
        })
      ).jobId;
    const jobIds: string[] = [];
    const realJobs: string[] = [];
    const submitZeroJobs = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const j = jobIds.length;
        jobIds.push(
          await submit(zeroLigands.slice(j * options.ligandsPerJob, (j + 1) * options.ligandsPerJob), ZERO_SEED),
        );
      }
    };
    const startedAt = Date.now();
    const firstHalf = Math.ceil(options.jobs / 2);
    await submitZeroJobs(firstHalf);
    if (options.realLigands.length)
      realJobs.push(
        await submit(
          options.realLigands.map((smiles, i) => ({ smiles, name: `real-${i + 1}` })),
          REAL_SEED,
        ),
      );
    options.log(`soak: ${firstHalf} zero-work jobs and ${realJobs.length} real one submitted`);
    await probe.nextRecordAfter(startedAt, startedAt, 120_000);

    const faults: FaultRecord[] = [];
    const sequence = Array.from({ length: options.rounds }, () => [...FAULTS]).flat();
    for (const [index, fault] of sequence.entries()) {
      if (index === 3) {
        await submitZeroJobs(options.jobs - firstHalf);
        options.log(`soak: ${options.jobs - firstHalf} more zero-work jobs submitted`);
      } else if (probe.total - probe.finished < options.ligandsPerJob) {
        await submitZeroJobs(1);
        options.log(`soak: ${probe.total - probe.finished} ligands left to do: one more job submitted`);
      }
      // Wait for the new job's ligands to be counted, so `total` below is right.
      for (
        const until = Date.now() + 30_000;
        probe.total < jobIds.length * options.ligandsPerJob + (realJobs.length ? options.realLigands.length : 0) &&
        Date.now() < until;
      )
        await sleep(100);
      const at = Date.now();
      const finishedBefore = probe.finished;
      const total = probe.total;
      const downMs = await inject(stack, fault);
      const back = Date.now();
      const finishedWhileAway = probe.finished - finishedBefore;
      const stall = await probe.nextRecordAfter(back, at, 120_000);
      faults.push({
        fault,
        atSeconds: (at - startedAt) / 1000,
        finishedBefore,
        total,
        downMs,
        finishedWhileAway,
        stallMs: stall,
      });
      options.log(
        `soak: ${fault} at ${finishedBefore}/${total} ligands: away ${downMs} ms (${finishedWhileAway} recorded meanwhile), next ligand recorded ${stall === null ? 'never' : `${stall} ms`} after the fault`,
      );
      await sleep(1_500);
    }

    const deadline = Date.now() + options.finishTimeoutMs;
    const allJobs = [...jobIds, ...realJobs];
    const answers = new Map<string, JobAnswer>();
    for (const jobId of allJobs) {
      for (;;) {
        const answer = await apiGet<JobAnswer>(stack, `/v1/jobs/${jobId}/status`);
        if (isFinalJobStatus(answer.status)) {
          answers.set(jobId, answer);
          break;
        }
        if (Date.now() > deadline) {
          answers.set(jobId, answer);
          break;
        }
        await sleep(500);
      }
    }
    const wallSeconds = (Math.max(probe.lastIncreaseAt, startedAt) - startedAt) / 1000;
    // The server's memory once every job had finished: the lowest RSS over the next 10 s (issue 13, bounded memory).
    const serverRss = await rss.stop(10_000);
    options.log(`soak: server RSS ${describeRss(serverRss)}`);
    return {
      serverRss,
      ...(await verify(stack.databaseUrl, schema, allJobs, realJobs, answers)),
      jobs: allJobs.length,
      ligands: jobIds.length * options.ligandsPerJob + options.realLigands.length,
      realLigands: options.realLigands.length,
      wallSeconds,
      faults,
    };
  } finally {
    await probe?.stop();
    await client.end().catch(() => undefined);
    await stack.stop();
  }
}

/** Reads back every job, ligand, pose, task and event, and lists what is not as it must be. */
async function verify(
  databaseUrl: string,
  schema: string,
  jobIds: string[],
  realJobs: string[],
  answers: Map<string, JobAnswer>,
): Promise<Pick<SoakReport, 'counts' | 'problems'>> {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const q = async <T extends pg.QueryResultRow>(text: string): Promise<T[]> =>
      (await client.query<T>(text, [jobIds])).rows;
    const notCompleted = [...answers].filter(([, a]) => a.status !== 'COMPLETED');
    for (const [jobId, answer] of notCompleted.slice(0, 5))
      problems.push(`job ${jobId} is ${answer.status} (${JSON.stringify(answer.ligands)})`);
    if (notCompleted.length > 5) problems.push(`… and ${notCompleted.length - 5} more jobs not COMPLETED`);

    const ligands = await q<{ job_id: string; ligand_id: string; status: string; poses: number; zero: number }>(
      `select i.job_id, i.ligand_id, i.status, count(r.pose_rank)::int as poses,
              count(*) filter (where r.affinity_kcal_mol = ${ZERO_AFFINITY} and r.pose_rank = 1)::int as zero
       from "${schema}".job_inputs i left join "${schema}".docking_results r on r.job_id = i.job_id and r.ligand_id = i.ligand_id
       where i.job_id = any($1::uuid[]) group by i.job_id, i.ligand_id, i.status`,
    );
    const real = new Set(realJobs);
    const notSucceeded = ligands.filter((l) => l.status !== 'SUCCEEDED');
    const withoutResult = ligands.filter((l) => l.poses === 0);
    // Zero-work ligands have exactly their one pose; real ones at least one pose, none the zero-work engine's.
    const wrongPoses = ligands.filter((l) =>
      real.has(l.job_id) ? l.poses === 0 || l.zero > 0 : l.poses !== 1 || l.zero !== 1,
    );
    if (notSucceeded.length) problems.push(`${notSucceeded.length} ligand(s) not SUCCEEDED`);
    if (withoutResult.length) problems.push(`${withoutResult.length} ligand(s) without a recorded result`);
    if (wrongPoses.length)
      problems.push(
        `${wrongPoses.length} ligand(s) with other poses than their engine reported once (first: ${JSON.stringify(wrongPoses[0])})`,
      );
    const {
      rows: [rows],
    } = await client.query<{ total: number; real: number }>(
      `select count(*)::int as total, count(*) filter (where job_id = any($2::uuid[]))::int as real
       from "${schema}".docking_results where job_id = any($1::uuid[])`,
      [jobIds, realJobs],
    );

    const tasks = await q<{ id: string; status: string; attempts: number; finals: number; lost: number }>(
      `select t.id, t.status, t.attempts,
              (select count(*)::int from "${schema}".job_events e where e.job_id = t.job_id and e.task_id = t.id and e.kind like 'task\\_%' and e.kind <> 'task_log') as finals,
              (select count(*)::int from "${schema}".task_executions x where x.job_id = t.job_id and x.task_id = t.id and x.status = 'LOST') as lost
       from "${schema}".tasks t where t.job_id = any($1::uuid[])`,
    );
    const tasksNotSucceeded = tasks.filter((t) => t.status !== 'SUCCEEDED');
    const tasksFinalOnce = tasks.filter((t) => t.finals === 1);
    if (tasksNotSucceeded.length) problems.push(`${tasksNotSucceeded.length} task(s) not SUCCEEDED`);
    if (tasksFinalOnce.length !== tasks.length)
      problems.push(`${tasks.length - tasksFinalOnce.length} task(s) without exactly one final event`);

    // Each job's timeline in id order: 'created' first, one job_completed, and it is the last event.
    const timelines = await q<{ job_id: string; first: string; last: string; completions: number }>(
      `select job_id, (array_agg(kind order by id))[1] as first, (array_agg(kind order by id desc))[1] as last,
              count(*) filter (where kind in ('job_completed', 'job_failed', 'job_cancelled'))::int as completions
       from "${schema}".job_events where job_id = any($1::uuid[]) group by job_id`,
    );
    const ordered = timelines.filter((t) => t.first === 'created' && t.last === 'job_completed' && t.completions === 1);
    if (ordered.length !== jobIds.length)
      problems.push(
        `${jobIds.length - ordered.length} job timeline(s) out of order (first: ${JSON.stringify(timelines.find((t) => !ordered.includes(t)) ?? 'missing')})`,
      );
    return {
      problems,
      counts: {
        jobsCompleted: answers.size - notCompleted.length,
        ligandsSucceeded: ligands.length - notSucceeded.length,
        ligandsWithoutResult: withoutResult.length,
        ligandsWrongPoses: wrongPoses.length,
        resultRows: rows?.total ?? 0,
        realResultRows: rows?.real ?? 0,
        tasks: tasks.length,
        tasksSucceeded: tasks.length - tasksNotSucceeded.length,
        tasksWithOneFinalEvent: tasksFinalOnce.length,
        lostAttempts: tasks.reduce((sum, t) => sum + t.lost, 0),
        maxAttempts: Math.max(0, ...tasks.map((t) => t.attempts)),
        jobsWithOrderedTimeline: ordered.length,
      },
    };
  } finally {
    await client.end();
  }
}

/** The soak's sizes: the issue's 20 jobs × 50 ligands (full), a smaller load for smoke. */
export function soakOptions(context: BenchContext): SoakOptions {
  const full = context.env.BENCH_PROFILE === 'full';
  return {
    repoRoot: context.repoRoot,
    sharedDataDir: context.sharedDataDir,
    jobs: full ? 20 : 6,
    ligandsPerJob: full ? 50 : 20,
    realLigands: ['CCO', 'CC(=O)Nc1ccc(O)cc1', 'Oc1ccccc1'],
    zeroWorkMs: 300,
    agents: 3,
    agentSlots: 2,
    ligandsPerTask: 5,
    rounds: full ? 2 : 1,
    finishTimeoutMs: 10 * 60_000,
    log: context.log,
  };
}

export const soak: Benchmark = async (context) => {
  const options = soakOptions(context);
  const report = await runSoak(options);
  const measurements: Measurement[] = [
    {
      metric: 'ligands lost',
      value: report.ligands - report.counts.ligandsSucceeded,
      unit: '',
      target: { op: '<=', value: 0 },
      note: `${report.ligands} ligands in ${report.jobs} jobs (${report.realLigands} docked with Vina), ${report.faults.length} faults`,
    },
    {
      metric: 'ligands recorded other than once',
      value: report.counts.ligandsWrongPoses + report.counts.ligandsWithoutResult,
      unit: '',
      target: { op: '<=', value: 0 },
    },
    {
      metric: 'tasks not succeeded or without one final event',
      value: report.counts.tasks - Math.min(report.counts.tasksSucceeded, report.counts.tasksWithOneFinalEvent),
      unit: '',
      target: { op: '<=', value: 0 },
    },
    {
      metric: 'jobs not completed or out of order',
      value: report.jobs - Math.min(report.counts.jobsCompleted, report.counts.jobsWithOrderedTimeline),
      unit: '',
      target: { op: '<=', value: 0 },
    },
    { metric: 'wall time, first submission → last ligand', value: report.wallSeconds, unit: 's' },
    ...report.faults.map((f) => ({
      metric: `${f.fault} (${f.finishedBefore}/${f.total} done)`,
      value: f.stallMs,
      unit: 'ms',
      note: `away ${f.downMs} ms, ${f.finishedWhileAway} ligands recorded meanwhile; value: fault → next ligand recorded after it was back`,
    })),
    ...serverRssMeasurements(
      report.serverRss,
      'before: the first submission; after: lowest over 10 s once every job had finished (the server killed and restarted by its fault is followed)',
    ),
  ];
  return {
    name: NAME,
    status: 'ran',
    parameters: {
      jobs: report.jobs,
      ligands: report.ligands,
      zeroWorkMsPerLigand: options.zeroWorkMs,
      agents: `${options.agents} × ${options.agentSlots} slots`,
      ligandsPerTask: options.ligandsPerTask,
      rounds: options.rounds,
    },
    measurements,
    notes: [
      `counts: ${JSON.stringify(report.counts)}`,
      ...(report.problems.length ? report.problems.map((p) => `PROBLEM: ${p}`) : ['no problems found']),
    ],
  };
};
