import { z } from 'zod';
import { parseSecretRef, SECRET_REF_RULE, secretRefProblem } from '@mad/auth';
import type { ProviderRules } from '../../context.js';
import { apiError } from '../../errors.js';
import { RoleNameInput } from '../orgs/schemas.js';

export const IdentityProvider = z.object({
  id: z.uuid(),
  displayName: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  clientSecretRef: z.string().nullable().describe(`where the server reads the client secret: ${SECRET_REF_RULE}`),
  allowedEmailDomains: z.array(z.string()),
  defaultRole: z.string(),
  autoProvision: z.boolean(),
  enabled: z.boolean(),
  loginUrl: z.string().describe('where users start signing in through this provider'),
});
export type IdentityProvider = z.infer<typeof IdentityProvider>;

const clientSecretRef = z
  .string()
  .refine((ref) => parseSecretRef(ref) !== null, { message: SECRET_REF_RULE })
  .nullable();
const allowedEmailDomains = z
  .array(
    z
      .string()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'a domain such as example.org')
      .transform((d) => d.toLowerCase()),
  )
  .max(50);

/** The editable fields, all optional and without defaults (an update changes only what it names). */
export const ProviderChanges = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  issuer: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('the issuer identifier; its /.well-known/openid-configuration is discovered'),
  clientId: z.string().trim().min(1).max(300).optional(),
  clientSecretRef: clientSecretRef.optional(),
  allowedEmailDomains: allowedEmailDomains.optional(),
  defaultRole: RoleNameInput.optional(),
  autoProvision: z.boolean().optional().describe('first sign-in makes the person a member with the default role'),
  enabled: z.boolean().optional(),
});

export const ProviderFields = ProviderChanges.extend({
  displayName: z.string().trim().min(1).max(100),
  issuer: z
    .url({ protocol: /^https?$/ })
    .describe('the issuer identifier; its /.well-known/openid-configuration is discovered'),
  clientId: z.string().trim().min(1).max(300),
  clientSecretRef: clientSecretRef.default(null),
  allowedEmailDomains: allowedEmailDomains.default([]),
  defaultRole: RoleNameInput.default('viewer'),
  autoProvision: z.boolean().default(false).describe('first sign-in makes the person a member with the default role'),
  enabled: z.boolean().default(true),
});

/**
 * The server's own rules (the secret reference is the organisation's own, https in production, no private issuer): a
 * 400 naming them.
 */
export function checkProviderRules(
  rules: ProviderRules | undefined,
  fields: { issuer?: string | undefined; clientSecretRef?: string | null | undefined },
  orgSlug: string,
): void {
  // Whose the reference is holds whatever the server's rules (a tenant never names another's or the server's secret).
  const owner = fields.clientSecretRef ? secretRefProblem(fields.clientSecretRef, orgSlug) : null;
  if (owner) throw apiError('BAD_REQUEST', owner);
  const problems = rules?.problems(fields, orgSlug) ?? [];
  if (problems.length > 0) throw apiError('BAD_REQUEST', problems.join('; '));
}
