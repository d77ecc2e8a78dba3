// What the Operations page shows of the caller's own organisation: its jobs of the last day by state and its recent
// failures (failed jobs, failed or lost task attempts, failed ligands). Bounded reads only, since the page polls:
// the newest jobs by the created_at index, then their attempts and counters by job id.
import { z } from 'zod';
import { sql } from 'kysely';
import { JOB_STATUSES } from '@mad/protocol';
import type { OrgContext } from './access.js';
import { JobStatus, PipelineId } from './schemas.js';

/** How many of the newest jobs the failures are looked for in, and how many failures are listed. */
const RECENT_JOBS = 100;
const FAILURES_LISTED = 20;

export const RecentFailure = z.object({
  jobId: z.string().uuid(),
  pipeline: PipelineId,
  /** job: the job failed; attempt: a task attempt failed or was lost (agent gone, deadline); ligands: ligands failed. */
  kind: z.enum(['job', 'attempt', 'ligands']),
  status: z.string().describe('FAILED or LOST'),
  detail: z.string().nullable().describe("The job's error, the attempt's reason, or the number of failed ligands"),
  agentId: z.string().nullable(),
  at: z.date(),
});
export type RecentFailure = z.infer<typeof RecentFailure>;

export const OrgJobActivity = z.object({
  /** Jobs of this organisation created in the last 24 h, by status. */
  lastDay: z.record(JobStatus, z.number().int()),
  recentFailures: z.array(RecentFailure),
});
export type OrgJobActivity = z.infer<typeof OrgJobActivity>;

// The whole answer of operations.overview: the platform half comes from the server's metrics (ApiTelemetry.operations
// in @mad/api), the organisation's half from orgJobActivity above.
export const ApiSignals = z.object({
  at: z.date().describe('When the later of the two readings was taken'),
  seconds: z.number().describe('What the rates are over: the window, or the life of the process when shorter'),
  requests: z.number(),
  requestsPerSecond: z.number(),
  errors: z.number().describe('Answers with a 5xx status'),
  errorRatio: z.number().nullable().describe('5xx answers over all answers (null: no requests)'),
  p50Seconds: z.number().nullable(),
  p99Seconds: z.number().nullable(),
});

/** The platform's golden signals as this server process sees them (its own metrics registry). */
export const PlatformOperations = z.object({
  api: z.object({
    current: ApiSignals.describe('The last 5 minutes (as the mad:http_* recording rules)'),
    series: z.array(ApiSignals).describe('30-second steps over the last 15 minutes, oldest first'),
    inFlight: z.number().int(),
  }),
  queues: z.array(
    z.object({
      queue: z.string(),
      queued: z.number().int(),
      active: z.number().int(),
      failed: z.number().int(),
      oldestAgeSeconds: z.number(),
    }),
  ),
  streams: z.array(
    z.object({ stream: z.string(), messages: z.number().int(), bytes: z.number(), oldestAgeSeconds: z.number() }),
  ),
  consumers: z.array(
    z.object({
      consumer: z.string(),
      pending: z.number().int(),
      ackPending: z.number().int(),
      redelivered: z.number().int(),
      waiting: z.number().int(),
    }),
  ),
  fleet: z.object({
    agentsByEngine: z.array(z.object({ engine: z.string(), agents: z.number().int() })),
    hosts: z.number().int(),
    slots: z.object({ busy: z.number().int(), free: z.number().int() }),
    cpus: z.object({ busy: z.number().int(), free: z.number().int() }),
  }),
  dependencies: z.array(z.object({ dependency: z.string(), up: z.boolean() })),
});
export type PlatformOperations = z.infer<typeof PlatformOperations>;

export const OperationsOverview = PlatformOperations.extend({
  at: z.date(),
  jobs: OrgJobActivity.describe("The caller's organisation only"),
});

export async function orgJobActivity(ctx: OrgContext): Promise<OrgJobActivity> {
  const db = ctx.db.withSchema(ctx.principal.org.resultsSchema);
  const [byStatus, jobs] = await Promise.all([
    db
      .selectFrom('jobs')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('created_at', '>', sql<Date>`now() - interval '1 day'`)
      .groupBy('status')
      .execute(),
    db
      .selectFrom('jobs')
      .select(['id', 'pipeline', 'status', 'error', 'finished_at', 'updated_at'])
      .orderBy('created_at', 'desc')
      .limit(RECENT_JOBS)
      .execute(),
  ]);
  const lastDay = Object.fromEntries(
    JOB_STATUSES.map((status) => [status, Number(byStatus.find((r) => r.status === status)?.n ?? 0)]),
  ) as OrgJobActivity['lastDay'];
  const ids = jobs.map((job) => job.id);
  if (ids.length === 0) return { lastDay, recentFailures: [] };

  const [attempts, ligands] = await Promise.all([
    db
      .selectFrom('task_executions')
      .select(['job_id', 'status', 'reason', 'agent_id', 'finished_at', 'started_at'])
      .where('job_id', 'in', ids)
      .where('status', 'in', ['FAILED', 'LOST'])
      .orderBy('id', 'desc')
      .limit(FAILURES_LISTED)
      .execute(),
    db
      .selectFrom('job_state_counts')
      .select(['job_id', (eb) => sql<number>`${eb.fn.sum('n')}::int`.as('n')])
      .where('job_id', 'in', ids)
      .where('entity', '=', 'ligand')
      .where('status', '=', 'FAILED')
      .groupBy('job_id')
      .having(sql`sum(n)`, '>', 0)
      .execute(),
  ]);
  const pipelineOf = new Map(jobs.map((job) => [job.id, PipelineId.parse(job.pipeline)]));
  const jobOf = new Map(jobs.map((job) => [job.id, job]));
  const failures: RecentFailure[] = [
    ...jobs
      .filter((job) => job.status === 'FAILED')
      .map((job) => ({
        jobId: job.id,
        pipeline: pipelineOf.get(job.id)!,
        kind: 'job' as const,
        status: 'FAILED',
        detail: job.error,
        agentId: null,
        at: job.finished_at ?? job.updated_at,
      })),
    ...attempts.map((attempt) => ({
      jobId: attempt.job_id,
      pipeline: pipelineOf.get(attempt.job_id)!,
      kind: 'attempt' as const,
      status: attempt.status,
      detail: attempt.reason,
      agentId: attempt.agent_id,
      at: attempt.finished_at ?? attempt.started_at,
    })),
    ...ligands.map((row) => {
      const job = jobOf.get(row.job_id)!;
      return {
        jobId: row.job_id,
        pipeline: pipelineOf.get(row.job_id)!,
        kind: 'ligands' as const,
        status: 'FAILED',
        detail: `${row.n} ligand(s) failed`,
        agentId: null,
        at: job.finished_at ?? job.updated_at,
      };
    }),
  ];
  failures.sort((a, b) => b.at.getTime() - a.at.getTime());
  return { lastDay, recentFailures: failures.slice(0, FAILURES_LISTED) };
}
