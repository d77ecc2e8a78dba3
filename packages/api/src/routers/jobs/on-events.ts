import { z } from 'zod';
import { tracked } from '@trpc/server';
import { jobProcedure } from '../../trpc.js';
import { followEvents } from '@mad/domain';

/**
 * A job's events, live (tRPC SSE subscription): on the first connect the latest `tail` events (older ones are paged
 * with jobs.events { beforeId }), after a reconnect those recorded after lastEventId (the tracked id the client got
 * last, sent back by httpSubscriptionLink), then each new one as the results consumer records it. Ends once the job
 * is final and every event was sent (followEvents in @mad/domain).
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
    const from = { afterId: input.lastEventId ?? null, tail: input.tail };
    const events = followEvents(ctx, input.jobId, from, signal ?? new AbortController().signal);
    for await (const event of events) yield tracked(String(event.id), event);
  });
