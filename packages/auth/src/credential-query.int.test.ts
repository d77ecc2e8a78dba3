// The one-statement credential resolution against a real Postgres: every refusal takes effect on the next call (no
// cache), the role and organisation rules are those of the multi-query code it replaced, and the activity columns
// are written at most once a minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDatabase, migrateUp, type Database } from '@mad/db';
import { createTestDatabase, type TestDatabase } from '@mad/test-utils';
import {
  createOrganization,
  ensureUser,
  issueApiToken,
  roleByName,
  setMemberRole,
  type OrganizationRef,
  type RoleRef,
} from './accounts.js';
import { resolveApiToken, resolveSessionCredential } from './credential-query.js';
import { createSession } from './sessions.js';

let database: TestDatabase;
let db: Database;
let acme: OrganizationRef;
let beta: OrganizationRef;
let roles: Record<'viewer' | 'scientist' | 'admin', RoleRef>;
const policy = { idleTimeoutMs: 3_600_000, absoluteTimeoutMs: 86_400_000 };

beforeAll(async () => {
  database = await createTestDatabase('mad_auth_credentials');
  db = createDatabase({ connectionString: database.url, maxConnections: 2 });
  await migrateUp(db);
  acme = await createOrganization(db, { slug: 'acme', name: 'Acme' });
  beta = await createOrganization(db, { slug: 'beta', name: 'Beta' });
  roles = {
    viewer: await roleByName(db, 'viewer'),
    scientist: await roleByName(db, 'scientist'),
    admin: await roleByName(db, 'admin'),
  };
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

async function member(email: string, org: OrganizationRef, role: RoleRef): Promise<string> {
  const user = await ensureUser(db, email);
  await setMemberRole(db, org.id, user.id, role.id);
  return user.id;
}

async function token(userId: string, org: OrganizationRef, role: RoleRef, expiresAt: Date | null = null) {
  return issueApiToken(db, { orgId: org.id, userId, roleId: role.id, name: 'test', expiresAt });
}

const lastUsed = async (id: string) =>
  (await db.selectFrom('tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at;

describe('resolveApiToken (one statement)', () => {
  it('gives the organisation, the lower of token and member role, and that role’s permissions', async () => {
    const userId = await member('ada@acme.example.org', acme, roles.scientist);
    const same = await token(userId, acme, roles.scientist);
    expect(await resolveApiToken(db, same.secret)).toEqual({
      userId,
      email: 'ada@acme.example.org',
      org: { id: acme.id, slug: 'acme', name: 'Acme', resultsSchema: acme.resultsSchema },
      role: 'scientist',
      roleRank: roles.scientist.rank,
      permissions: ['agents:read', 'jobs:read', 'jobs:write', 'molecules:read', 'molecules:write', 'org:read'],
      via: { kind: 'token', tokenId: same.id },
    });
    expect((await resolveApiToken(db, (await token(userId, acme, roles.viewer)).secret))?.role).toBe('viewer');
    // A token above the member's current role acts with the member's role.
    const above = await token(userId, acme, roles.admin);
    expect(await resolveApiToken(db, above.secret)).toMatchObject({
      role: 'scientist',
      permissions: expect.not.arrayContaining(['tokens:manage']),
    });
    // Several roles on one membership: the highest counts.
    const membership = await db
      .selectFrom('memberships')
      .select('id')
      .where('org_id', '=', acme.id)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    await db.insertInto('membership_roles').values({ membership_id: membership.id, role_id: roles.admin.id }).execute();
    expect((await resolveApiToken(db, above.secret))?.role).toBe('admin');
    await db
      .deleteFrom('membership_roles')
      .where('membership_id', '=', membership.id)
      .where('role_id', '=', roles.admin.id)
      .execute();
    expect((await resolveApiToken(db, above.secret))?.role).toBe('scientist');
  });

  it('refuses on the very next call once revoked, expired, disabled or no longer a member', async () => {
    const userId = await member('bob@acme.example.org', acme, roles.viewer);
    const revoked = await token(userId, acme, roles.viewer);
    expect(await resolveApiToken(db, revoked.secret)).not.toBeNull();
    await db
      .updateTable('tokens')
      .set({ revoked_at: sql`now()` })
      .where('id', '=', revoked.id)
      .execute();
    expect(await resolveApiToken(db, revoked.secret)).toBeNull();

    const expiring = await token(userId, acme, roles.viewer, new Date(Date.now() + 60_000));
    expect(await resolveApiToken(db, expiring.secret)).not.toBeNull();
    expect(await resolveApiToken(db, expiring.secret, new Date(Date.now() + 61_000))).toBeNull();

    const live = await token(userId, acme, roles.viewer);
    await db
      .updateTable('users')
      .set({ disabled_at: sql`now()` })
      .where('id', '=', userId)
      .execute();
    expect(await resolveApiToken(db, live.secret)).toBeNull();
    await db.updateTable('users').set({ disabled_at: null }).where('id', '=', userId).execute();
    expect(await resolveApiToken(db, live.secret)).not.toBeNull();
    await db.deleteFrom('memberships').where('org_id', '=', acme.id).where('user_id', '=', userId).execute();
    expect(await resolveApiToken(db, live.secret)).toBeNull();
    // A membership in another organisation does not open a token bound to this one.
    await setMemberRole(db, beta.id, userId, roles.admin.id);
    expect(await resolveApiToken(db, live.secret)).toBeNull();
    expect(await resolveApiToken(db, `mad_${'z'.repeat(43)}`)).toBeNull();
    expect(await resolveApiToken(db, 'not a token')).toBeNull();
  });

  it('writes last_used_at on first use, then only when it is over a minute old', async () => {
    const userId = await member('cy@acme.example.org', acme, roles.viewer);
    const issued = await token(userId, acme, roles.viewer);
    expect(await lastUsed(issued.id)).toBeNull();
    const t0 = new Date();
    await resolveApiToken(db, issued.secret, t0);
    expect(await lastUsed(issued.id)).toEqual(t0);
    await resolveApiToken(db, issued.secret, new Date(t0.getTime() + 30_000));
    expect(await lastUsed(issued.id)).toEqual(t0);
    const t1 = new Date(t0.getTime() + 61_000);
    await resolveApiToken(db, issued.secret, t1);
    expect(await lastUsed(issued.id)).toEqual(t1);
    // A refused token is not marked as used.
    await db
      .updateTable('tokens')
      .set({ revoked_at: sql`now()` })
      .where('id', '=', issued.id)
      .execute();
    await resolveApiToken(db, issued.secret, new Date(t1.getTime() + 120_000));
    expect(await lastUsed(issued.id)).toEqual(t1);
  });
});

describe('resolveSessionCredential (one statement)', () => {
  let providerId: string;
  let userId: string;

  beforeAll(async () => {
    const idp = (issuer: string, org: OrganizationRef) =>
      db
        .insertInto('identity_providers')
        .values({
          org_id: org.id,
          display_name: 'IdP',
          issuer,
          client_id: 'c',
          client_secret_ref: null,
          default_role_id: roles.viewer.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    providerId = (await idp('https://idp.example.org', acme)).id;
    await idp('https://idp.example.org', beta);
    userId = await member('dee@acme.example.org', acme, roles.scientist);
    await setMemberRole(db, beta.id, userId, roles.viewer.id);
    // A third organisation the user belongs to but which does not trust the session's issuer.
    const gamma = await createOrganization(db, { slug: 'gamma', name: 'Gamma' });
    await idp('https://other.example.org', gamma);
    await setMemberRole(db, gamma.id, userId, roles.admin.id);
  });

  const session = (orgId: string | null) => createSession(db, policy, { userId, orgId, providerId, idToken: null });

  it('picks the x-org organisation, else the session’s, else the first trusted membership; null principal when none fits', async () => {
    const s = await session(beta.id);
    const current = await resolveSessionCredential(db, policy, s.secret, null);
    expect(current).toMatchObject({
      sessionId: s.id,
      secretHash: s.secretHash,
      principal: { org: { slug: 'beta' }, role: 'viewer', via: { kind: 'session', sessionId: s.id } },
    });
    expect(current?.principal?.permissions).toEqual(['agents:read', 'jobs:read', 'molecules:read', 'org:read']);
    expect((await resolveSessionCredential(db, policy, s.secret, 'acme'))?.principal).toMatchObject({
      org: { slug: 'acme' },
      role: 'scientist',
    });
    expect((await resolveSessionCredential(db, policy, s.secret, 'gamma'))?.principal).toBeNull();
    expect((await resolveSessionCredential(db, policy, s.secret, 'nowhere'))?.principal).toBeNull();
    const first = await session(null);
    expect((await resolveSessionCredential(db, policy, first.secret, null))?.principal?.org.slug).toBe('acme');
    await db
      .updateTable('users')
      .set({ disabled_at: sql`now()` })
      .where('id', '=', userId)
      .execute();
    expect(await resolveSessionCredential(db, policy, s.secret, null)).toMatchObject({
      sessionId: s.id,
      principal: null,
    });
    await db.updateTable('users').set({ disabled_at: null }).where('id', '=', userId).execute();
  });

  it('is null on the very next call once revoked or expired, and pushes the idle deadline at most once a minute', async () => {
    const t0 = new Date();
    const s = await createSession(db, policy, { userId, orgId: acme.id, providerId, idToken: null }, t0);
    const row = async () =>
      db
        .selectFrom('sessions')
        .select(['last_seen_at', 'idle_expires_at', 'absolute_expires_at'])
        .where('id', '=', s.id)
        .executeTakeFirstOrThrow();
    const created = await row();
    expect(await resolveSessionCredential(db, policy, s.secret, null, new Date(t0.getTime() + 30_000))).not.toBeNull();
    expect(await row()).toEqual(created);
    const t1 = new Date(t0.getTime() + 120_000);
    await resolveSessionCredential(db, policy, s.secret, null, t1);
    expect(await row()).toMatchObject({
      last_seen_at: t1,
      idle_expires_at: new Date(t1.getTime() + policy.idleTimeoutMs),
    });
    // Never beyond the absolute deadline.
    const late = new Date(created.absolute_expires_at.getTime() - 1000);
    await db
      .updateTable('sessions')
      .set({ idle_expires_at: new Date(late.getTime() + 500) })
      .where('id', '=', s.id)
      .execute();
    await resolveSessionCredential(db, policy, s.secret, null, late);
    expect((await row()).idle_expires_at).toEqual(created.absolute_expires_at);
    expect(await resolveSessionCredential(db, policy, s.secret, null, created.absolute_expires_at)).toBeNull();
    await db
      .updateTable('sessions')
      .set({ revoked_at: sql`now()` })
      .where('id', '=', s.id)
      .execute();
    expect(await resolveSessionCredential(db, policy, s.secret, null)).toBeNull();
    expect(await resolveSessionCredential(db, policy, `${s.secret}x`, null)).toBeNull();
  });
});
