import { z } from 'zod';
import { JobEvent, JobEventsInput, jobOfCaller, readEvents, readEventsBefore } from '@mad/domain';
import { jobProcedure } from '../../trpc.js';

export const events = jobProcedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/jobs/{jobId}/events',
      tags: ['jobs'],
      protect: true,
      summary: "A job's event timeline, oldest first; page with afterId",
    },
  })
  .input(JobEventsInput)
  .output(z.object({ events: z.array(JobEvent), nextAfterId: z.number().int() }))
  .query(async ({ ctx, input }) => {
    const { resultsSchema, jobId } = await jobOfCaller(ctx, input.jobId);
    const list =
      input.beforeId === undefined
        ? await readEvents(ctx, resultsSchema, jobId, input.afterId, input.limit)
        : await readEventsBefore(ctx, resultsSchema, jobId, input.beforeId, input.limit);
    return { events: list, nextAfterId: list.at(-1)?.id ?? input.afterId };
  });
