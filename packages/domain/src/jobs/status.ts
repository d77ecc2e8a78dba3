import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@mad/db';
import { BindingBox, LIGAND_STATUSES, TASK_STATUSES, isFinalJobStatus } from '@mad/protocol';
import { notFound } from '../errors.js';
import { jobOfCaller, type JobContext, type OrgContext } from './access.js';
import { CacheReuse, JobIdInput, JobStatus, PipelineId, StoredJobParams } from './schemas.js';
import { parseJobRow } from './stored.js';

const counts = <T extends readonly string[]>(states: T) =>
  z.object({ total: z.number().int(), ...Object.fromEntries(states.map((s) => [s, z.number().int()])) }) as z.ZodObject<
    Record<'total' | T[number], z.ZodNumber>
  >;

export const JobStatusOutput = z.object({
  jobId: z.string().uuid(),
  name: z.string().nullable().describe('What the submitter called the job; null when not given'),
  description: z.string().nullable().describe("The job's description; null when not given"),
  pipeline: PipelineId,
  status: JobStatus,
  projectId: z.string().uuid().nullable().describe('The project the job belongs to; null: none'),
  ligandSetId: z
    .string()
    .uuid()
    .nullable()
    .describe('The ligand set the job was created from (its members are the job’s ligands); null: none'),
  receptorId: z.string().uuid(),
  box: BindingBox,
  params: StoredJobParams.describe('The docking parameters the job runs with (the seed chosen when left out)'),
  warnings: z.array(z.string()),
  error: z.string().nullable(),
  tasks: counts(TASK_STATUSES),
  ligands: counts(LIGAND_STATUSES),
  cache: CacheReuse.nullable().describe(
    'Ligands reused from the result cache and the jobs that computed them; null: every ligand docked by this job',
  ),
  /** Share of ligands with a final outcome (succeeded, failed or cancelled). */
  progress: z.number().min(0).max(1),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  updatedAt: z.date(),
});

function tally<S extends string>(states: readonly S[], rows: { status: string; n: number }[]) {
  const result = Object.fromEntries(states.map((s) => [s, 0])) as Record<S | 'total', number>;
  result.total = 0;
  for (const row of rows) {
    if (row.n === 0) continue;
    result[row.status as S] = row.n;
    result.total += row.n;
  }
  return result;
}

/**
 * Tasks and ligands of a job per state, from the counters the tables' triggers keep (migrations/results/0003_scale):
 * a few rows per state whatever the job's size, instead of counting its rows.
 */
export async function stateCounts(db: Kysely<DB>, jobId: string) {
  const rows = await db
    .selectFrom('job_state_counts')
    .select(['entity', 'status', (eb) => sql<number>`${eb.fn.sum('n')}::int`.as('n')])
    .where('job_id', '=', jobId)
    .groupBy(['entity', 'status'])
    .execute();
  return {
    tasks: tally(
      TASK_STATUSES,
      rows.filter((r) => r.entity === 'task'),
    ),
    ligands: tally(
      LIGAND_STATUSES,
      rows.filter((r) => r.entity === 'ligand'),
    ),
  };
}

export async function jobStatus(ctx: OrgContext, jobId: string) {
  const { resultsSchema } = await jobOfCaller(ctx, jobId);
  const db = ctx.db.withSchema(resultsSchema);
  const [row, { tasks, ligands }] = await Promise.all([
    db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirst(),
    stateCounts(db, jobId),
  ]);
  if (!row) throw notFound(`job ${jobId}`);
  const job = parseJobRow(row);
  const done = ligands.SUCCEEDED + ligands.FAILED + ligands.CANCELLED;
  return {
    jobId,
    name: job.name,
    description: job.description,
    pipeline: job.pipeline,
    status: job.status,
    projectId: job.project_id,
    ligandSetId: job.ligand_set_id,
    receptorId: job.receptor_id,
    box: job.box,
    params: job.params,
    warnings: job.warnings,
    error: job.error,
    tasks,
    ligands,
    cache: job.cache_reuse,
    progress: ligands.total === 0 ? 0 : done / ligands.total,
    createdAt: job.created_at,
    startedAt: job.started_at,
    finishedAt: job.finished_at,
    updatedAt: job.updated_at,
  };
}

/** The status read, optionally as a long-poll: `wait` seconds at most for the job to reach a final state. */
export const JobStatusInput = JobIdInput.extend({
  wait: z.coerce
    .number()
    .int()
    .min(0)
    .max(60)
    .default(0)
    .describe(
      'Long-poll: wait up to this many seconds (0-60) for the job to finish; the answer comes as soon as it is final, or with the current state when the time is up',
    ),
});

/**
 * The job's status once it is final, or after `seconds` (whichever comes first). Woken by the job's recorded events
 * (any process), re-read at least every 2 s; stops waiting when the caller goes away (`signal`).
 */
export async function awaitJobStatus(ctx: JobContext, jobId: string, seconds: number, signal?: AbortSignal) {
  if (seconds <= 0) return jobStatus(ctx, jobId);
  const deadline = Date.now() + seconds * 1_000;
  const stop = new AbortController();
  const stopWaiting = () => stop.abort();
  signal?.addEventListener('abort', stopWaiting, { once: true });
  const wakeups = ctx.jobs.eventNotifications(jobId, stop.signal)[Symbol.asyncIterator]();
  try {
    for (;;) {
      const status = await jobStatus(ctx, jobId);
      const left = deadline - Date.now();
      if (isFinalJobStatus(status.status) || left <= 0 || stop.signal.aborted) return status;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        wakeups.next(),
        new Promise((resolve) => (timer = setTimeout(resolve, Math.min(left, 2_000)))),
        new Promise((resolve) => stop.signal.addEventListener('abort', resolve, { once: true })),
      ]);
      clearTimeout(timer);
    }
  } finally {
    signal?.removeEventListener('abort', stopWaiting);
    stop.abort();
  }
}
