import { z } from 'zod';
import { jobProcedure } from '../../trpc.js';
import { fleet, Fleet } from '@mad/domain';

export const list = jobProcedure
  .meta({
    access: 'agents:read',
    openapi: {
      method: 'GET',
      path: '/v1/agents',
      tags: ['agents'],
      protect: true,
      summary: 'Live compute agents: capabilities, slots, current tasks, last heartbeat',
    },
  })
  .input(z.void())
  .output(Fleet)
  .query(({ ctx }) => fleet(ctx));
