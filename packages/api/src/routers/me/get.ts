import { z } from 'zod';
import { callerProfile } from '@mad/auth';
import { orgProcedure } from '../../trpc.js';

export const Me = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), displayName: z.string().nullable() }),
  org: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }).describe('the organisation this request runs in'),
  role: z.string(),
  permissions: z.array(z.string()),
  orgs: z
    .array(z.object({ id: z.uuid(), slug: z.string(), name: z.string(), role: z.string() }))
    .describe('every organisation you belong to'),
  via: z.enum(['session', 'token']),
});

export const get = orgProcedure
  .meta({
    access: 'signed-in',
    openapi: {
      method: 'GET',
      path: '/v1/me',
      tags: ['me'],
      protect: true,
      summary: 'Who you are, in which organisation, with which permissions',
    },
  })
  .input(z.void())
  .output(Me)
  .query(async ({ ctx }) => {
    const principal = ctx.principal;
    const { user, orgs } = await callerProfile(ctx.db, principal);
    return {
      user,
      org: { id: principal.org.id, slug: principal.org.slug, name: principal.org.name },
      role: principal.role,
      permissions: [...principal.permissions].sort(),
      orgs,
      via: principal.via.kind,
    };
  });
