// Who is calling: an API token (bound to one organisation and one role) or a session (whose current organisation
// may be switched). Both resolve to the same shape; the API's authorize middleware checks its permissions.
import type { Database } from '@mad/db';
import { memberRole, type OrganizationRef, type RoleRef } from './accounts.js';

export interface AuthPrincipal {
  userId: string;
  email: string;
  org: OrganizationRef;
  role: string;
  roleRank: number;
  permissions: string[];
  via: { kind: 'session'; sessionId: string } | { kind: 'token'; tokenId: string };
}

async function permissionsOf(db: Database, roleId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('role_permissions')
    .select('permission')
    .where('role_id', '=', roleId)
    .orderBy('permission')
    .execute();
  return rows.map((r) => r.permission);
}

async function activeUser(db: Database, userId: string): Promise<{ id: string; email: string } | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'disabled_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return user && user.disabled_at === null ? { id: user.id, email: user.email } : null;
}

/** A token never grants more than its owner currently holds: the lower of the token's role and the member's (resolveApiToken applies the same rule in SQL). */
export function effectiveTokenRole(tokenRole: RoleRef, memberRoleNow: RoleRef): RoleRef {
  return tokenRole.rank <= memberRoleNow.rank ? tokenRole : memberRoleNow;
}

export interface UserOrganization extends OrganizationRef {
  role: string;
}

/**
 * The organisations the user belongs to, oldest membership first, with the user's role in each. With `trustedIssuer`,
 * only those that have an enabled identity provider with that issuer: a session signed in through an issuer acts
 * only where that issuer is trusted, so one organisation's identity provider can never open another's data.
 */
export async function organizationsOf(
  db: Database,
  userId: string,
  trustedIssuer?: string,
): Promise<UserOrganization[]> {
  let query = db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
    .innerJoin('membership_roles', 'membership_roles.membership_id', 'memberships.id')
    .innerJoin('roles', 'roles.id', 'membership_roles.role_id')
    .select([
      'organizations.id',
      'organizations.slug',
      'organizations.name',
      'organizations.results_schema',
      'roles.name as role',
      'roles.rank',
      'memberships.created_at',
    ])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at')
    .orderBy('roles.rank', 'desc');
  if (trustedIssuer !== undefined) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('identity_providers')
          .select('identity_providers.id')
          .whereRef('identity_providers.org_id', '=', 'organizations.id')
          .where('identity_providers.issuer', '=', trustedIssuer)
          .where('identity_providers.enabled', '=', true),
      ),
    );
  }
  const rows = await query.execute();
  const seen = new Map<string, UserOrganization>();
  for (const row of rows) {
    if (!seen.has(row.id))
      seen.set(row.id, {
        id: row.id,
        slug: row.slug,
        name: row.name,
        resultsSchema: row.results_schema,
        role: row.role,
      });
  }
  return [...seen.values()];
}

/** The issuer a session was signed in through, or null when its provider is gone. */
async function issuerOf(db: Database, providerId: string | null): Promise<string | null> {
  if (!providerId) return null;
  const provider = await db
    .selectFrom('identity_providers')
    .select('issuer')
    .where('id', '=', providerId)
    .executeTakeFirst();
  return provider?.issuer ?? null;
}

export interface SessionRef {
  id: string;
  userId: string;
  orgId: string | null;
  providerId: string | null;
}

/** The organisations a session may act in: the user's memberships where the session's issuer is trusted. */
export async function organizationsOfSession(db: Database, session: SessionRef): Promise<UserOrganization[]> {
  const issuer = await issuerOf(db, session.providerId);
  return issuer === null ? [] : organizationsOf(db, session.userId, issuer);
}

/** The session row behind a principal (for me.get and me.switchOrg). */
export async function sessionRef(db: Database, sessionId: string): Promise<SessionRef | null> {
  const row = await db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'org_id', 'provider_id'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return row ? { id: row.id, userId: row.user_id, orgId: row.org_id, providerId: row.provider_id } : null;
}

/**
 * The principal of a session in one organisation: the one named by `requestedOrgSlug` (x-org header) when given,
 * else the session's current organisation, else the first it may act in. Null when there is none.
 */
export async function resolveSessionPrincipal(
  db: Database,
  session: SessionRef,
  requestedOrgSlug: string | null,
): Promise<AuthPrincipal | null> {
  const user = await activeUser(db, session.userId);
  if (!user) return null;
  const orgs = await organizationsOfSession(db, session);
  const org =
    requestedOrgSlug !== null
      ? orgs.find((o) => o.slug === requestedOrgSlug)
      : (orgs.find((o) => o.id === session.orgId) ?? orgs[0]);
  if (!org) return null;
  const role = await memberRole(db, org.id, user.id);
  if (!role) return null;
  const { role: _roleName, ...orgRef } = org;
  return {
    userId: user.id,
    email: user.email,
    org: orgRef,
    role: role.name,
    roleRank: role.rank,
    permissions: await permissionsOf(db, role.id),
    via: { kind: 'session', sessionId: session.id },
  };
}

export interface CallerProfile {
  user: { id: string; email: string; displayName: string | null };
  /** Where the caller may act: a token only in its own organisation, a session in every one it may switch to. */
  orgs: { id: string; slug: string; name: string; role: string }[];
}

/** Who the caller is and where they may act (me.get). */
export async function callerProfile(
  db: Database,
  caller: Pick<AuthPrincipal, 'userId' | 'org' | 'role' | 'via'>,
): Promise<CallerProfile> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('id', '=', caller.userId)
    .executeTakeFirstOrThrow();
  const session = caller.via.kind === 'session' ? await sessionRef(db, caller.via.sessionId) : null;
  const orgs = session ? await organizationsOfSession(db, session) : [{ ...caller.org, role: caller.role }];
  return {
    user: { id: user.id, email: user.email, displayName: user.display_name },
    orgs: orgs.map((o) => ({ id: o.id, slug: o.slug, name: o.name, role: o.role })),
  };
}
