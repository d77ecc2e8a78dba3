import { z } from 'zod';
import { organizationsOfSession, sessionRef, setSessionOrg } from '@mad/auth';
import { orgProcedure } from '../../trpc.js';
import { apiError } from '../../errors.js';
import { OrgSlug } from '../orgs/schemas.js';

// Changes the session's current organisation (later requests run there). A single request can instead name its
// organisation with the x-org header. API tokens are bound to their organisation.
export const switchOrg = orgProcedure
  .meta({ access: 'signed-in' })
  .input(z.strictObject({ org: OrgSlug }))
  .output(z.object({ id: z.uuid(), slug: z.string(), name: z.string(), role: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const principal = ctx.principal;
    const { via } = principal;
    if (via.kind !== 'session')
      throw apiError(
        'BAD_REQUEST',
        'an API token is bound to its organisation; create a token in the other organisation',
      );
    const session = await sessionRef(ctx.db, via.sessionId);
    const org = session ? (await organizationsOfSession(ctx.db, session)).find((o) => o.slug === input.org) : undefined;
    if (!org)
      throw apiError(
        'NOT_FOUND',
        `organisation "${input.org}" not found among yours (or it does not accept your sign-in provider)`,
      );
    await setSessionOrg(ctx.db, via.sessionId, org.id);
    return { id: org.id, slug: org.slug, name: org.name, role: org.role };
  });
