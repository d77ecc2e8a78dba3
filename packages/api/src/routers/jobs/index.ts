// The jobs procedures. (Each goes back to its own file in the next commit; this one only moved the domain
// operations they call to packages/domain, so that git carries edits of the old files over to the new ones.)
import { z } from 'zod';
import {
  CreateJobInput,
  CreatedJob,
  JobEvent,
  JobEventsInput,
  JobIdInput,
  JobLogsInput,
  JobResultsInput,
  JobResultsOutput,
  JobStatusOutput,
  LigandFileInput,
  LigandOut,
  createJob,
  jobLigand,
  jobLogsUrl,
  jobOfCaller,
  jobResults,
  jobStatus,
  ligandFileUrl,
  readEvents,
  readEventsBefore,
  type JobContext,
} from '@mad/domain';
import { procedure, router } from '../../trpc.js';
import { onEvents } from './on-events.js';
import { onListChanges } from './on-list-changes.js';
import { cancel } from './cancel.js';
import { remove } from './delete.js';
import { list } from './list.js';

export const create = procedure
  .meta({ access: 'jobs:write' })
  .input(CreateJobInput)
  .output(CreatedJob)
  .mutation(({ ctx, input }) => createJob(ctx as JobContext, input, ctx.idempotencyKey ?? null));

export const status = procedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/jobs/{jobId}/status',
      tags: ['jobs'],
      protect: true,
      summary: "A job's state, task and ligand counts per state, progress and timestamps",
    },
  })
  .input(JobIdInput)
  .output(JobStatusOutput)
  .query(({ ctx, input }) => jobStatus(ctx as JobContext, input.jobId));

export const events = procedure
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
    const { resultsSchema, jobId } = await jobOfCaller(ctx as JobContext, input.jobId);
    const list =
      input.beforeId === undefined
        ? await readEvents(ctx as JobContext, resultsSchema, jobId, input.afterId, input.limit)
        : await readEventsBefore(ctx as JobContext, resultsSchema, jobId, input.beforeId, input.limit);
    return { events: list, nextAfterId: list.at(-1)?.id ?? input.afterId };
  });

export const results = procedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/jobs/{jobId}/results',
      tags: ['jobs'],
      protect: true,
      summary:
        'Per ligand: best affinity (kcal/mol), every pose, links to pose files, errors; sorted, paged by offset or by cursor',
    },
  })
  .input(JobResultsInput)
  .output(JobResultsOutput)
  .query(({ ctx, input }) => jobResults(ctx as JobContext, input));

export const ligand = procedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/jobs/{jobId}/ligands/{ligandId}',
      tags: ['jobs'],
      protect: true,
      summary: 'One ligand of a job: best affinity, every pose (affinity, RMSD bounds, CNN scores), links to its files',
    },
  })
  .input(z.object({ jobId: z.string().uuid(), ligandId: z.string().min(1).max(200) }))
  .output(LigandOut)
  .query(({ ctx, input }) => jobLigand(ctx as JobContext, input));

export const logs = procedure
  .meta({ access: 'jobs:read' })
  .input(JobLogsInput)
  .output(z.object({ url: z.string(), taskId: z.string(), kind: z.string() }))
  .query(({ ctx, input }) => jobLogsUrl(ctx as JobContext, input));

export const ligandFile = procedure
  .meta({ access: 'jobs:read' })
  .input(LigandFileInput)
  .output(z.object({ url: z.string() }))
  .query(({ ctx, input }) => ligandFileUrl(ctx as JobContext, input));

export const jobsRouter = router({
  create,
  status,
  results,
  ligand,
  events,
  onEvents,
  onListChanges,
  cancel,
  delete: remove,
  list,
  logs,
  ligandFile,
});
