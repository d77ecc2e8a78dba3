import { z } from 'zod';
import { tracked } from '@trpc/server';
import { jobProcedure } from '../../trpc.js';
import { jobOfCaller } from '@mad/domain';
import { readEvents, tailStart } from '@mad/domain';
import { isFinalJobStatus } from '@mad/protocol';

/**
 * A job's events, live (tRPC SSE subscription): on the first connect the latest `tail` events (older ones are paged
 * with jobs.events { beforeId }), after a reconnect those recorded after lastEventId (the tracked id the client got
 * last, sent back by httpSubscriptionLink), then each new one as the results consumer records it (any process; woken
 * by NATS, with a slow poll as the floor). Ends once the job is final and every event was sent.
 */
export const onEvents = jobProcedure
  .meta({ access: 'jobs:read' })
  .input(
    z.strictObject({
      jobId: z.string().uuid(),
      lastEventId: z.coerce.number().int().min(0).nullish(),
      tail: z.number().int().min(1).max(1_000).default(100),
    }),
  )
  .subscription(async function* ({ ctx, input, signal }) {
    const { resultsSchema, jobId } = await jobOfCaller(ctx, input.jobId);
    const abort = signal ?? new AbortController().signal;
    const wakeups = ctx.jobs.eventNotifications(jobId, abort)[Symbol.asyncIterator]();
    let afterId = input.lastEventId ?? (await tailStart(ctx, resultsSchema, jobId, input.tail));
    while (!abort.aborted) {
      const batch = await readEvents(ctx, resultsSchema, jobId, afterId, 500);
      for (const event of batch) {
        afterId = event.id;
        yield tracked(String(event.id), event);
      }
      if (batch.length === 500) continue;
      const job = await ctx.db
        .withSchema(resultsSchema)
        .selectFrom('jobs')
        .select('status')
        .where('id', '=', jobId)
        .executeTakeFirst();
      if (!job || isFinalJobStatus(job.status)) {
        const last = await readEvents(ctx, resultsSchema, jobId, afterId, 500);
        for (const event of last) yield tracked(String(event.id), event);
        return;
      }
      await Promise.race([wakeups.next(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    }
  });
