// Organisations, users, memberships with roles, and API tokens: the writes shared by the API, the login callback
// and the operator CLI.
import { sql } from 'kysely';
import { provisionResultsSchema, type Database } from '@mad/db';
import { AppError } from '@mad/domain/errors';
import { generateApiToken } from './api-tokens.js';
import { sha256Hex } from './secrets.js';

export const ORG_SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** org_<slug with - as _>; long slugs keep a readable head and a hash so that two never share a schema. */
export function resultsSchemaFor(slug: string): string {
  if (!ORG_SLUG.test(slug))
    throw new AppError('BAD_REQUEST', `organisation slug "${slug}" must be 2-63 lowercase letters, digits or dashes`);
  const base = slug.replace(/-/g, '_');
  return base.length <= 59 ? `org_${base}` : `org_${base.slice(0, 50)}_${sha256Hex(slug).slice(0, 8)}`;
}

export interface OrganizationRef {
  id: string;
  slug: string;
  name: string;
  resultsSchema: string;
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

/** Creates the organisation and its results schema in one transaction: both exist or neither does. */
export async function createOrganization(
  db: Database,
  values: { slug: string; name: string },
): Promise<OrganizationRef> {
  const resultsSchema = resultsSchemaFor(values.slug);
  try {
    return await db.transaction().execute(async (trx) => {
      const org = await trx
        .insertInto('organizations')
        .values({ slug: values.slug, name: values.name, results_schema: resultsSchema })
        .returning(['id', 'slug', 'name', 'results_schema'])
        .executeTakeFirstOrThrow();
      await provisionResultsSchema(trx, resultsSchema);
      return { id: org.id, slug: org.slug, name: org.name, resultsSchema: org.results_schema };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('CONFLICT', `an organisation with slug "${values.slug}" already exists`);
    throw error;
  }
}

export async function findOrganizationBySlug(db: Database, slug: string): Promise<OrganizationRef | null> {
  const org = await db
    .selectFrom('organizations')
    .select(['id', 'slug', 'name', 'results_schema'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  return org ? { id: org.id, slug: org.slug, name: org.name, resultsSchema: org.results_schema } : null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The user with this email (case-insensitive), created when missing. */
export async function ensureUser(
  db: Database,
  email: string,
  displayName?: string | null,
): Promise<{ id: string; email: string; created: boolean }> {
  const normalized = normalizeEmail(email);
  const existing = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where(sql`lower(email)`, '=', normalized)
    .executeTakeFirst();
  if (existing) return { ...existing, created: false };
  const inserted = await db
    .insertInto('users')
    .values({ email: normalized, display_name: displayName ?? null })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returning(['id', 'email'])
    .executeTakeFirst();
  if (inserted) return { ...inserted, created: true };
  const raced = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where(sql`lower(email)`, '=', normalized)
    .executeTakeFirstOrThrow();
  return { ...raced, created: false };
}

export interface RoleRef {
  id: string;
  name: string;
  rank: number;
}

export async function roleByName(db: Database, name: string): Promise<RoleRef> {
  const role = await db.selectFrom('roles').select(['id', 'name', 'rank']).where('name', '=', name).executeTakeFirst();
  if (!role) {
    const known = await db.selectFrom('roles').select('name').orderBy('rank').execute();
    throw new AppError('BAD_REQUEST', `unknown role "${name}"; roles are ${known.map((r) => r.name).join(', ')}`);
  }
  return role;
}

/** The member's role in the organisation (the highest-ranked when several are granted), or null when not a member. */
export async function memberRole(db: Database, orgId: string, userId: string): Promise<RoleRef | null> {
  const role = await db
    .selectFrom('memberships')
    .innerJoin('membership_roles', 'membership_roles.membership_id', 'memberships.id')
    .innerJoin('roles', 'roles.id', 'membership_roles.role_id')
    .select(['roles.id', 'roles.name', 'roles.rank'])
    .where('memberships.org_id', '=', orgId)
    .where('memberships.user_id', '=', userId)
    .orderBy('roles.rank', 'desc')
    .executeTakeFirst();
  return role ?? null;
}

/** Makes the user a member with exactly this role (adding the membership when missing). */
export async function setMemberRole(db: Database, orgId: string, userId: string, roleId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const membership = await trx
      .insertInto('memberships')
      .values({ org_id: orgId, user_id: userId })
      .onConflict((oc) => oc.columns(['org_id', 'user_id']).doUpdateSet({ org_id: orgId }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .deleteFrom('membership_roles')
      .where('membership_id', '=', membership.id)
      .where('role_id', '!=', roleId)
      .execute();
    await trx
      .insertInto('membership_roles')
      .values({ membership_id: membership.id, role_id: roleId })
      .onConflict((oc) => oc.doNothing())
      .execute();
  });
}

/** How many members hold a role with `permission` (to refuse removing the last admin). */
export async function countMembersWithPermission(db: Database, orgId: string, permission: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .innerJoin('membership_roles', 'membership_roles.membership_id', 'memberships.id')
    .innerJoin('role_permissions', 'role_permissions.role_id', 'membership_roles.role_id')
    .select(sql<number>`count(distinct memberships.user_id)::int`.as('n'))
    .where('memberships.org_id', '=', orgId)
    .where('role_permissions.permission', '=', permission)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function removeMember(db: Database, orgId: string, userId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('memberships')
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    // The member's tokens for this organisation stop working with the membership.
    await trx
      .updateTable('tokens')
      .set({ revoked_at: sql`now()` })
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
    return removed.numDeletedRows > 0n;
  });
}

export interface IssuedApiToken {
  id: string;
  secret: string;
  prefix: string;
  expiresAt: Date | null;
}

/** Creates an API token; the secret is returned here once and only its SHA-256 is stored. */
export async function issueApiToken(
  db: Database,
  values: { orgId: string; userId: string; roleId: string; name: string; expiresAt: Date | null },
): Promise<IssuedApiToken> {
  const token = generateApiToken();
  const row = await db
    .insertInto('tokens')
    .values({
      org_id: values.orgId,
      user_id: values.userId,
      role_id: values.roleId,
      name: values.name,
      token_prefix: token.prefix,
      token_hash: token.hash,
      expires_at: values.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, secret: token.secret, prefix: token.prefix, expiresAt: values.expiresAt };
}

export interface ApiTokenRow {
  id: string;
  name: string;
  prefix: string;
  role: string;
  ownerEmail: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The organisation's API tokens, newest first (never their secrets or hashes). */
export async function listApiTokens(db: Database, orgId: string): Promise<ApiTokenRow[]> {
  const rows = await db
    .selectFrom('tokens')
    .innerJoin('roles', 'roles.id', 'tokens.role_id')
    .innerJoin('users', 'users.id', 'tokens.user_id')
    .select([
      'tokens.id',
      'tokens.name',
      'tokens.token_prefix',
      'roles.name as role',
      'users.email',
      'tokens.created_at',
      'tokens.expires_at',
      'tokens.last_used_at',
      'tokens.revoked_at',
    ])
    .where('tokens.org_id', '=', orgId)
    .orderBy('tokens.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.token_prefix,
    role: r.role,
    ownerEmail: r.email,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes a token of this organisation; false when no such live token exists there. */
export async function revokeApiToken(db: Database, orgId: string, tokenId: string): Promise<boolean> {
  const result = await db
    .updateTable('tokens')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', tokenId)
    .where('org_id', '=', orgId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function roleHasPermission(db: Database, roleId: string, permission: string): Promise<boolean> {
  const row = await db
    .selectFrom('role_permissions')
    .select('permission')
    .where('role_id', '=', roleId)
    .where('permission', '=', permission)
    .executeTakeFirst();
  return row !== undefined;
}

/** Refuses (CONFLICT) a change that would leave the organisation with nobody able to manage members. */
export async function assertNotLastManager(
  db: Database,
  orgId: string,
  currentRoleId: string,
  nextRoleId: string | null,
): Promise<void> {
  const manages = await roleHasPermission(db, currentRoleId, 'members:manage');
  const stillManages = nextRoleId !== null && (await roleHasPermission(db, nextRoleId, 'members:manage'));
  if (manages && !stillManages && (await countMembersWithPermission(db, orgId, 'members:manage')) <= 1) {
    throw new AppError('CONFLICT', 'this is the last member who can manage members; make someone else an admin first');
  }
}

/**
 * Registers, for `orgId`, the identity provider a session signed in through (same issuer, client and secret
 * reference; no auto-provisioning), so that the session may act in the organisation it has just created.
 */
export async function trustSessionProvider(db: Database, sessionId: string, orgId: string): Promise<void> {
  const provider = await db
    .selectFrom('sessions')
    .innerJoin('identity_providers', 'identity_providers.id', 'sessions.provider_id')
    .select([
      'identity_providers.display_name',
      'identity_providers.issuer',
      'identity_providers.client_id',
      'identity_providers.client_secret_ref',
      'identity_providers.allowed_email_domains',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!provider) return;
  const viewer = await roleByName(db, 'viewer');
  await db
    .insertInto('identity_providers')
    .values({
      org_id: orgId,
      display_name: provider.display_name,
      issuer: provider.issuer,
      client_id: provider.client_id,
      client_secret_ref: provider.client_secret_ref,
      allowed_email_domains: provider.allowed_email_domains,
      default_role_id: viewer.id,
      auto_provision: false,
    })
    .onConflict((oc) => oc.columns(['org_id', 'issuer', 'client_id']).doNothing())
    .execute();
}
