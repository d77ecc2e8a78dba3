import { z } from 'zod';
import { organizationsOfSession, sessionRef } from '@mad/auth';
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
    const user = await ctx.db
      .selectFrom('users')
      .select(['id', 'email', 'display_name'])
      .where('id', '=', principal.userId)
      .executeTakeFirstOrThrow();
    // A token sees only its own organisation; a session every one it may switch to.
    const session = principal.via.kind === 'session' ? await sessionRef(ctx.db, principal.via.sessionId) : null;
    const orgs = session ? await organizationsOfSession(ctx.db, session) : [{ ...principal.org, role: principal.role }];
    return {
      user: { id: user.id, email: user.email, displayName: user.display_name },
      org: { id: principal.org.id, slug: principal.org.slug, name: principal.org.name },
      role: principal.role,
      permissions: [...principal.permissions].sort(),
      orgs: orgs.map((o) => ({ id: o.id, slug: o.slug, name: o.name, role: o.role })),
      via: principal.via.kind,
    };
  });
