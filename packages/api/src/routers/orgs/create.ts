import { z } from 'zod';
import { createOrganization, roleByName, setMemberRole, trustSessionProvider } from '@mad/auth';
import { orgProcedure } from '../../trpc.js';
import { apiError } from '../../errors.js';
import { Organization, OrgSlug } from './schemas.js';

export const CreateOrganizationInput = z.strictObject({ slug: OrgSlug, name: z.string().trim().min(1).max(200) });

// Any signed-in person may start an organisation and becomes its admin (self-service, like GitHub orgs); an API
// token is bound to one organisation and may not create others. Operators also have `cli create-org`.
export const create = orgProcedure
  .meta({ access: 'signed-in' })
  .input(CreateOrganizationInput)
  .output(Organization)
  .mutation(async ({ ctx, input }) => {
    const principal = ctx.principal;
    if (principal.via.kind !== 'session')
      throw apiError(
        'FORBIDDEN',
        'API tokens are bound to one organisation; create organisations when signed in, or with the CLI',
      );
    const org = await createOrganization(ctx.db, input);
    await setMemberRole(ctx.db, org.id, principal.userId, (await roleByName(ctx.db, 'admin')).id);
    // The new organisation trusts the sign-in its creator used (a session acts only where its issuer is trusted).
    await trustSessionProvider(ctx.db, principal.via.sessionId, org.id);
    ctx.log.info({ org: org.slug, by: principal.userId }, 'organisation created');
    return { id: org.id, slug: org.slug, name: org.name };
  });
