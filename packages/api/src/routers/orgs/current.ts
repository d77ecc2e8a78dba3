import { z } from 'zod';
import { orgProcedure } from '../../trpc.js';
import { Organization } from './schemas.js';

export const current = orgProcedure
  .meta({
    access: 'org:read',
    openapi: {
      method: 'GET',
      path: '/v1/org',
      tags: ['organisations'],
      protect: true,
      summary: 'The organisation this request runs in',
    },
  })
  .input(z.void())
  .output(Organization)
  .query(({ ctx }) => {
    const { id, slug, name } = ctx.principal.org;
    return { id, slug, name };
  });
