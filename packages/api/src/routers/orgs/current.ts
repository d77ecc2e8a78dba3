import { z } from 'zod';
import { procedure } from '../../trpc.js';
import { principalOf } from './access.js';
import { Organization } from './schemas.js';

export const current = procedure
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
    const { id, slug, name } = principalOf(ctx).org;
    return { id, slug, name };
  });
