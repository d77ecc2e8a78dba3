import { z } from 'zod';
import { orgJobActivity, OperationsOverview } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';

export const overview = orgProcedure
  .meta({
    access: 'operations:read',
    openapi: {
      method: 'GET',
      path: '/v1/operations',
      tags: ['operations'],
      protect: true,
      summary:
        "Golden signals from this server's metrics (API traffic, 5xx ratio, p50/p99 latency; queues; fleet), and the organisation's jobs of the last day and recent failures",
    },
  })
  .input(z.void())
  .output(OperationsOverview)
  .query(async ({ ctx }) => {
    const read = ctx.telemetry?.operations;
    if (!read) throw new Error('metrics are not configured in this process (operations.overview)');
    const [platform, jobs] = await Promise.all([read(), orgJobActivity(ctx)]);
    return { at: new Date(), ...platform, jobs };
  });
