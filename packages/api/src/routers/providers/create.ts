import { createIdentityProvider } from '@mad/auth';
import { orgProcedure } from '../../trpc.js';
import { assignableRole } from '../orgs/access.js';
import { checkProviderRules, IdentityProvider, ProviderFields } from './schemas.js';

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
    checkProviderRules(
      ctx.providerRules,
      { issuer: input.issuer, clientSecretRef: input.clientSecretRef },
      principal.org.slug,
    );
    const { defaultRole: _role, ...fields } = input;
    return createIdentityProvider(ctx.db, principal.org.id, { ...fields, defaultRoleId: role.id }, ctx.publicUrl);
  });
