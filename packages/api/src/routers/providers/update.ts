import { z } from 'zod';
import { isUniqueViolation } from '@mad/auth';
import { orgProcedure } from '../../trpc.js';
import { AppError, apiError } from '../../errors.js';
import { assignableRole } from '../orgs/access.js';
import { checkProviderRules, IdentityProvider, listProviders, ProviderChanges } from './schemas.js';

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
    if (Object.values(changes).every((value) => value === undefined))
      throw new AppError(
        'BAD_REQUEST',
        `send at least one field to change: ${Object.keys(ProviderChanges.shape).join(', ')}`,
      );
    const principal = ctx.principal;
    const orgId = principal.org.id;
    const existing = await ctx.db
      .selectFrom('identity_providers')
      .select('id')
      .where('id', '=', input.providerId)
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    if (!existing) throw apiError('NOT_FOUND', 'identity provider not found');
    checkProviderRules(ctx.providerRules, { issuer: input.issuer, clientSecretRef: input.clientSecretRef });
    const defaultRoleId =
      input.defaultRole === undefined ? undefined : (await assignableRole(ctx.db, principal, input.defaultRole)).id;
    try {
      await ctx.db
        .updateTable('identity_providers')
        .set({
          display_name: input.displayName,
          issuer: input.issuer?.replace(/\/$/, ''),
          client_id: input.clientId,
          client_secret_ref: input.clientSecretRef,
          allowed_email_domains: input.allowedEmailDomains,
          default_role_id: defaultRoleId,
          auto_provision: input.autoProvision,
          enabled: input.enabled,
        })
        .where('id', '=', input.providerId)
        .where('org_id', '=', orgId)
        .execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw apiError('CONFLICT', 'another provider already has this issuer and client id');
      throw error;
    }
    const [provider] = await listProviders(ctx.db, orgId, ctx.publicUrl, input.providerId);
    if (!provider) throw apiError('NOT_FOUND', 'identity provider not found');
    return provider;
  });
