import { z } from 'zod';
import { orgProcedure } from '../../trpc.js';
import { listIdentityProviders } from '@mad/auth';
import { IdentityProvider } from './schemas.js';

export const list = orgProcedure
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
  .query(async ({ ctx }) => ({ providers: await listIdentityProviders(ctx.db, ctx.principal.org.id, ctx.publicUrl) }));
