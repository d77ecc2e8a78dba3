import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { JobEventsTable } from '@mad/db';
import { isFinalJobStatus } from '@mad/protocol';
import { currentJobStatus, jobOfCaller, type JobContext, type OrgContext } from './access.js';

export const JobEvent = z.object({
  id: z.number().int(),
  kind: z.string(),
  taskId: z.string().nullable(),
  ligandId: z.string().nullable(),
  agentId: z.string().nullable(),
  attempt: z.number().int().nullable(),
  progress: z.number().nullable(),
  message: z.string().nullable(),
  at: z.date(),
});
export type JobEvent = z.infer<typeof JobEvent>;

export const JobEventsInput = z.strictObject({
  jobId: z.string().uuid(),
  afterId: z.coerce.number().int().min(0).default(0).describe('Only events after this id (the last one you have)'),
  beforeId: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      'Only the latest `limit` events before this id (the oldest one you have), still oldest first: pages backwards',
    ),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
});

export async function readEvents(
  ctx: OrgContext,
  resultsSchema: string,
  jobId: string,
  afterId: number,
  limit: number,
): Promise<JobEvent[]> {
  const rows = await ctx.db
    .withSchema(resultsSchema)
    .selectFrom('job_events')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toEvent);
}

const toEvent = (r: Selectable<JobEventsTable>): JobEvent => ({
  id: r.id,
  kind: r.kind,
  taskId: r.task_id,
  ligandId: r.ligand_id,
  agentId: r.agent_id,
  attempt: r.attempt,
  progress: r.progress,
  message: r.message,
  at: r.created_at,
});

/** The newest `limit` events before beforeId, oldest first. */
export async function readEventsBefore(
  ctx: OrgContext,
  resultsSchema: string,
  jobId: string,
  beforeId: number,
  limit: number,
): Promise<JobEvent[]> {
  const rows = await ctx.db
    .withSchema(resultsSchema)
    .selectFrom('job_events')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('id', '<', beforeId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map(toEvent);
}

/** The id after which the job's latest `tail` events start (0 when it has no more than that). */
export async function tailStart(ctx: OrgContext, resultsSchema: string, jobId: string, tail: number): Promise<number> {
  const row = await ctx.db
    .withSchema(resultsSchema)
    .selectFrom('job_events')
    .select('id')
    .where('job_id', '=', jobId)
    .orderBy('id', 'desc')
    .offset(tail)
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? 0;
}

const PAGE = 500;

/**
 * A job's events as they are recorded: after `afterId` (or, when null, from the latest `tail`), page by page, then each
 * new one when the jobs plane says events arrived (NATS, any process; a 5 s poll as the floor). Ends once the job is
 * final (or gone) and every event was yielded, or when the signal aborts.
 */
export async function* followEvents(
  ctx: JobContext,
  jobId: string,
  from: { afterId: number | null; tail: number },
  abort: AbortSignal,
): AsyncGenerator<JobEvent> {
  const job = await jobOfCaller(ctx, jobId);
  const wakeups = ctx.jobs.eventNotifications(job.jobId, abort)[Symbol.asyncIterator]();
  let afterId = from.afterId ?? (await tailStart(ctx, job.resultsSchema, job.jobId, from.tail));
  while (!abort.aborted) {
    const batch = await readEvents(ctx, job.resultsSchema, job.jobId, afterId, PAGE);
    for (const event of batch) {
      afterId = event.id;
      yield event;
    }
    if (batch.length === PAGE) continue;
    const status = await currentJobStatus(ctx.db, job);
    if (status === null || isFinalJobStatus(status)) {
      yield* await readEvents(ctx, job.resultsSchema, job.jobId, afterId, PAGE);
      return;
    }
    await Promise.race([wakeups.next(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
}
