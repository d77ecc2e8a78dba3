import { z } from 'zod';
import { jobProcedure } from '../../trpc.js';
import { JobPage, JobStatus, PipelineId, listJobs } from '@mad/domain';

const instant = z.iso
  .datetime({ offset: true })
  .transform((text) => new Date(text))
  .optional();

export const ListJobsInput = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Only jobs whose name contains this text (case-insensitive); jobs without a name never match'),
  search: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe("Only jobs whose name, description or receptor's name contains this text (case-insensitive)"),
  projectId: z.string().uuid().optional().describe("Only this project's jobs"),
  status: JobStatus.optional(),
  pipeline: PipelineId.optional(),
  receptorId: z.string().uuid().optional().describe('Only jobs docking into this receptor molecule'),
  createdAfter: instant.describe('ISO 8601: jobs created at or after this instant'),
  createdBefore: instant.describe('ISO 8601: jobs created before this instant'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Deprecated (use cursor): rows to skip, kept for scripts written before; not with cursor'),
});

export const list = jobProcedure
  .meta({
    access: 'jobs:read',
    errors: { '404': 'receptorId names no molecule, or projectId no project, of your organisation' },
    openapi: {
      method: 'GET',
      path: '/v1/jobs',
      tags: ['jobs'],
      protect: true,
      summary: "The organisation's jobs, newest first, filtered by name, status, pipeline, receptor and creation time",
    },
  })
  .input(ListJobsInput)
  .output(JobPage)
  .query(({ ctx, input }) => listJobs(ctx, input));
