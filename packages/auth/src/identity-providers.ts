// An organisation's OpenID Connect identity providers: the rows the providers procedures read and write.
import type { Database } from '@mad/db';
import { AppError } from '@mad/domain/errors';
import { isUniqueViolation } from './accounts.js';
import type { IdentityProviderRecord } from './oidc.js';

export interface IdentityProviderView {
  id: string;
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecretRef: string | null;
  allowedEmailDomains: string[];
  defaultRole: string;
  autoProvision: boolean;
  enabled: boolean;
  /** Where users start signing in through this provider. */
  loginUrl: string;
}

/** What an admin sets on a provider: the stored record without its keys and timestamp. */
export type IdentityProviderFields = Omit<IdentityProviderRecord, 'id' | 'orgId' | 'orgSlug' | 'updatedAt'>;

// An update's SET: a field left undefined is left out by Kysely (unchanged).
const changedColumns = (fields: Partial<IdentityProviderFields>) => ({
  display_name: fields.displayName,
  issuer: fields.issuer?.replace(/\/$/, ''),
  client_id: fields.clientId,
  client_secret_ref: fields.clientSecretRef,
  allowed_email_domains: fields.allowedEmailDomains,
  default_role_id: fields.defaultRoleId,
  auto_provision: fields.autoProvision,
  enabled: fields.enabled,
});

/** The organisation's providers (one when providerId is given), oldest first. */
export async function listIdentityProviders(
  db: Database,
  orgId: string,
  publicUrl: string,
  providerId?: string,
): Promise<IdentityProviderView[]> {
  let query = db
    .selectFrom('identity_providers')
    .innerJoin('roles', 'roles.id', 'identity_providers.default_role_id')
    .selectAll('identity_providers')
    .select('roles.name as role_name')
    .where('identity_providers.org_id', '=', orgId)
    .orderBy('identity_providers.created_at');
  if (providerId) query = query.where('identity_providers.id', '=', providerId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    issuer: r.issuer,
    clientId: r.client_id,
    clientSecretRef: r.client_secret_ref,
    allowedEmailDomains: r.allowed_email_domains,
    defaultRole: r.role_name,
    autoProvision: r.auto_provision,
    enabled: r.enabled,
    loginUrl: `${publicUrl}/auth/login?provider=${r.id}`,
  }));
}

async function oneProvider(db: Database, orgId: string, publicUrl: string, providerId: string) {
  const [provider] = await listIdentityProviders(db, orgId, publicUrl, providerId);
  if (!provider) throw new AppError('NOT_FOUND', 'identity provider not found');
  return provider;
}

/** Registers a provider (the issuer without a trailing slash); CONFLICT when this issuer and client id exist. */
export async function createIdentityProvider(
  db: Database,
  orgId: string,
  fields: IdentityProviderFields,
  publicUrl: string,
): Promise<IdentityProviderView> {
  try {
    const row = await db
      .insertInto('identity_providers')
      .values({
        org_id: orgId,
        display_name: fields.displayName,
        issuer: fields.issuer.replace(/\/$/, ''),
        client_id: fields.clientId,
        client_secret_ref: fields.clientSecretRef,
        allowed_email_domains: fields.allowedEmailDomains,
        default_role_id: fields.defaultRoleId,
        auto_provision: fields.autoProvision,
        enabled: fields.enabled,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return await oneProvider(db, orgId, publicUrl, row.id);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError(
        'CONFLICT',
        `a provider with issuer ${fields.issuer} and client id ${fields.clientId} is already registered`,
      );
    throw error;
  }
}

/** Changes the fields given (undefined: unchanged); NOT_FOUND when the organisation has no such provider. */
export async function updateIdentityProvider(
  db: Database,
  orgId: string,
  providerId: string,
  changes: Partial<IdentityProviderFields>,
  publicUrl: string,
): Promise<IdentityProviderView> {
  try {
    const result = await db
      .updateTable('identity_providers')
      .set(changedColumns(changes))
      .where('id', '=', providerId)
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new AppError('NOT_FOUND', 'identity provider not found');
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('CONFLICT', 'another provider already has this issuer and client id');
    throw error;
  }
  return oneProvider(db, orgId, publicUrl, providerId);
}
