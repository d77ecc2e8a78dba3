import { z } from 'zod';
import { updateIdentityProvider } from '@mad/auth';
import { orgProcedure } from '../../trpc.js';
import { refuseEmptyChanges } from '../../errors.js';
import { assignableRole } from '../orgs/access.js';
import { checkProviderRules, IdentityProvider, ProviderChanges } from './schemas.js';

export const UpdateProviderInput = ProviderChanges.extend({ providerId: z.uuid() });

export const update = orgProcedure
  .meta({
    access: 'providers:manage',
    example: { enabled: false },
    openapi: {
      method: 'PATCH',
      path: '/v1/providers/{providerId}',
      tags: ['identity providers'],
      protect: true,
      summary: 'Change, enable or disable an identity provider',
    },
  })
  .input(UpdateProviderInput)
  .output(IdentityProvider)
  .mutation(async ({ ctx, input }) => {
    const { providerId: _id, ...changes } = input;
    refuseEmptyChanges(changes, ProviderChanges.shape);
    const principal = ctx.principal;
    checkProviderRules(
      ctx.providerRules,
      { issuer: input.issuer, clientSecretRef: input.clientSecretRef },
      principal.org.slug,
    );
    const { defaultRole, ...fields } = changes;
    const defaultRoleId =
      defaultRole === undefined ? undefined : (await assignableRole(ctx.db, principal, defaultRole)).id;
    return updateIdentityProvider(
      ctx.db,
      principal.org.id,
      input.providerId,
      { ...fields, defaultRoleId },
      ctx.publicUrl,
    );
  });
