import { z } from 'zod';
import { orgProcedure } from '../../trpc.js';
import { Member } from './schemas.js';
import { listMembers } from '@mad/domain';

export const list = orgProcedure
  .meta({
    access: 'members:manage',
    openapi: {
      method: 'GET',
      path: '/v1/members',
      tags: ['members'],
      protect: true,
      summary: 'Members of the organisation with their roles',
    },
  })
  .input(z.void())
  .output(z.object({ members: z.array(Member) }))
  .query(async ({ ctx }) => ({ members: await listMembers(ctx.db, ctx.principal.org.id) }));
