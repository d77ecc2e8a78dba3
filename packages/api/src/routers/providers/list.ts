import { z } from 'zod';
import { procedure } from '../../trpc.js';
import { principalOf } from '../orgs/access.js';
import { IdentityProvider, listProviders } from './schemas.js';

export const list = procedure
  .meta({
    access: 'providers:manage',
    openapi: {
      method: 'GET',
      path: '/v1/providers',
      tags: ['identity providers'],
      protect: true,
      summary: "The organisation's OpenID Connect identity providers",
    },
  })
  .input(z.void())
  .output(z.object({ providers: z.array(IdentityProvider) }))
  .query(async ({ ctx }) => ({ providers: await listProviders(ctx.db, principalOf(ctx).org.id, ctx.publicUrl) }));
