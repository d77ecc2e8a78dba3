import { z } from 'zod';
import { memberRole, findOrganizationBySlug, setSessionOrg } from '@mad/auth';
import { procedure } from '../../trpc.js';
import { principalOf } from '../orgs/access.js';
import { apiError } from '../../errors.js';
import { OrgSlug } from '../orgs/schemas.js';

// Changes the session's current organisation (later requests run there). A single request can instead name its
// organisation with the x-org header. API tokens are bound to their organisation.
export const switchOrg = procedure
  .meta({ access: 'signed-in' })
  .input(z.object({ org: OrgSlug }))
  .output(z.object({ id: z.uuid(), slug: z.string(), name: z.string(), role: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const principal = principalOf(ctx);
    const { via } = principal;
    if (via.kind !== 'session') throw apiError('BAD_REQUEST', 'an API token is bound to its organisation; create a token in the other organisation');
    const org = await findOrganizationBySlug(ctx.db, input.org);
    const role = org ? await memberRole(ctx.db, org.id, principal.userId) : null;
    if (!org || !role) throw apiError('NOT_FOUND', `organisation "${input.org}" not found among yours`);
    await setSessionOrg(ctx.db, via.sessionId, org.id);
    return { id: org.id, slug: org.slug, name: org.name, role: role.name };
  });
