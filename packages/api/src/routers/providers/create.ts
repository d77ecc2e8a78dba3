import { isUniqueViolation } from '@mad/auth';
import { orgProcedure } from '../../trpc.js';
import { apiError } from '../../errors.js';
import { assignableRole } from '../orgs/access.js';
import { checkProviderRules, IdentityProvider, listProviders, ProviderFields } from './schemas.js';

export const create = orgProcedure
  .meta({
    access: 'providers:manage',
    errors: { '409': 'This issuer and client id are registered already' },
    example: {
      displayName: 'Example SSO',
      issuer: 'https://login.example.org',
      clientId: 'mad-dashboard',
      clientSecretRef: 'OIDC_CLIENT_SECRET_EXAMPLE',
      allowedEmailDomains: ['example.org'],
      defaultRole: 'viewer',
    },
    openapi: {
      method: 'POST',
      path: '/v1/providers',
      tags: ['identity providers'],
      protect: true,
      summary: 'Register an OpenID Connect identity provider (redirect URI: <PUBLIC_URL>/auth/callback)',
    },
  })
  .input(ProviderFields)
  .output(IdentityProvider)
  .mutation(async ({ ctx, input }) => {
    const principal = ctx.principal;
    const role = await assignableRole(ctx.db, principal, input.defaultRole);
    checkProviderRules(ctx.providerRules, { issuer: input.issuer, clientSecretRef: input.clientSecretRef });
    try {
      const row = await ctx.db
        .insertInto('identity_providers')
        .values({
          org_id: principal.org.id,
          display_name: input.displayName,
          issuer: input.issuer.replace(/\/$/, ''),
          client_id: input.clientId,
          client_secret_ref: input.clientSecretRef,
          allowed_email_domains: input.allowedEmailDomains,
          default_role_id: role.id,
          auto_provision: input.autoProvision,
          enabled: input.enabled,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const [provider] = await listProviders(ctx.db, principal.org.id, ctx.publicUrl, row.id);
      if (!provider) throw apiError('NOT_FOUND', 'identity provider not found');
      return provider;
    } catch (error) {
      if (isUniqueViolation(error))
        throw apiError(
          'CONFLICT',
          `a provider with issuer ${input.issuer} and client id ${input.clientId} is already registered`,
        );
      throw error;
    }
  });
