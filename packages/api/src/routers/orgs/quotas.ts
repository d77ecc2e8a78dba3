import { z } from 'zod';
import { DEFAULT_JOB_LIMITS, orgUsage } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';

// The organisation's quotas and what its active jobs use of them (issue 13: limits "shown in the dashboard"): the
// new-job page shows them beside Run docking, the admin page in full. Any role reads them; a job over one is a 400
// (per job) or a 429 with Retry-After (per organisation), project_design/JOBS.md "Quotas".
export const OrgQuotas = z.object({
  limits: z.object({
    maxLigandsPerJob: z.number().int().describe('Ligands in one job (JOB_MAX_LIGANDS); more is a 400'),
    maxBoxVolumeAngstrom3: z.number().describe("The search box's volume in Å³ (JOB_MAX_BOX_VOLUME); more is a 400"),
    maxExhaustiveness: z
      .number()
      .int()
      .describe('The highest exhaustiveness a job may ask for (JOB_MAX_EXHAUSTIVENESS); more is a 400'),
    maxActiveJobs: z
      .number()
      .int()
      .describe('Jobs of the organisation PENDING or RUNNING at once (ORG_MAX_ACTIVE_JOBS); one more is a 429'),
    maxLigandsInFlight: z
      .number()
      .int()
      .describe("Ligands of the organisation's active jobs together (ORG_MAX_LIGANDS_IN_FLIGHT); more is a 429"),
    writesPerMinute: z
      .number()
      .int()
      .nullable()
      .describe(
        'Changes (uploads, job creation, …) per user and organisation per minute (WRITE_RATE_LIMIT_PER_MINUTE); null: none',
      ),
    retryAfterSeconds: z.number().int().describe('The Retry-After of a quota 429 (QUOTA_RETRY_AFTER_SECONDS)'),
  }),
  usage: z.object({
    activeJobs: z.number().int().describe('Jobs of the organisation PENDING or RUNNING now'),
    ligandsInFlight: z.number().int().describe('Ligands of those jobs together'),
  }),
});

export const quotas = orgProcedure
  .meta({
    access: 'org:read',
    openapi: {
      method: 'GET',
      path: '/v1/orgs/current/quotas',
      tags: ['organisations'],
      protect: true,
      summary:
        "The organisation's quotas (per job, per organisation, writes per minute) and what its active jobs use now",
    },
  })
  .input(z.void())
  .output(OrgQuotas)
  .query(async ({ ctx }) => {
    const limits = ctx.jobLimits ?? DEFAULT_JOB_LIMITS;
    return {
      limits: {
        maxLigandsPerJob: limits.maxLigandsPerJob,
        maxBoxVolumeAngstrom3: limits.maxBoxVolumeAngstrom3,
        maxExhaustiveness: limits.maxExhaustiveness,
        maxActiveJobs: limits.maxActiveJobs,
        maxLigandsInFlight: limits.maxLigandsInFlight,
        writesPerMinute: ctx.writesPerMinute ?? null,
        retryAfterSeconds: limits.retryAfterSeconds,
      },
      usage: await orgUsage(ctx.db, ctx.principal.org.resultsSchema),
    };
  });
