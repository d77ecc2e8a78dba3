// The management procedures through createCaller on a real database: members (guards on rank and the last admin),
// identity providers (secret references, not secrets), and organisations (sessions only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Database } from '@mad/db';
import { appRouter, createCallerFactory, type Context, type Principal } from '@mad/api';
import {
  createOrganization,
  createSession,
  issueApiToken,
  resolveApiToken,
  resolveSessionPrincipal,
  roleByName,
  type OrganizationRef,
} from '@mad/auth';
import { toApiPrincipal } from './credentials.js';
import { memberWithToken, migratedTestDatabase, type MigratedTestDatabase } from '../../test/auth-http.js';

const log = pino({ level: 'silent' });
let database: MigratedTestDatabase;
let db: Database;
let org: OrganizationRef;
let admin: Principal;
let adminUserId: string;
const createCaller = createCallerFactory(appRouter);

function as(principal: Principal) {
  const ctx: Context = { db, publicUrl: 'https://mad.example.org', requestId: 'test', log, principal };
  return createCaller(ctx);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

beforeAll(async () => {
  database = await migratedTestDatabase('mad_auth_manage', 2);
  db = database.db;
  org = await createOrganization(db, { slug: 'acme', name: 'Acme' });
  const boss = await memberWithToken(db, org.id, 'boss@acme.example.org', 'admin');
  adminUserId = boss.userId;
  const resolved = await resolveApiToken(db, boss.token);
  if (!resolved) throw new Error('admin token did not resolve');
  admin = toApiPrincipal(resolved);
});

afterAll(async () => {
  await database?.close();
});

describe('members', () => {
  it('adds by email, changes roles, keeps one admin, and revokes the tokens of whoever leaves', async () => {
    const added = await as(admin).members.add({ email: 'Chemist@Acme.example.org', role: 'scientist' });
    expect(added).toMatchObject({ email: 'chemist@acme.example.org', role: 'scientist' });
    expect(await codeOf(as(admin).members.add({ email: 'chemist@acme.example.org' }))).toBe('CONFLICT');

    expect((await as(admin).members.setRole({ userId: added.userId, role: 'viewer' })).role).toBe('viewer');
    expect(await codeOf(as(admin).members.setRole({ userId: adminUserId, role: 'viewer' }))).toBe('CONFLICT');
    expect(await codeOf(as(admin).members.remove({ userId: adminUserId }))).toBe('CONFLICT');
    expect(await codeOf(as(admin).members.setRole({ userId: added.userId, role: 'emperor' }))).toBe('BAD_REQUEST');

    const chemistToken = await issueApiToken(db, {
      orgId: org.id,
      userId: added.userId,
      roleId: (await roleByName(db, 'viewer')).id,
      name: 'c',
      expiresAt: null,
    });
    expect(await as(admin).members.remove({ userId: added.userId })).toEqual({ removed: true });
    expect(await resolveApiToken(db, chemistToken.secret)).toBeNull();
    expect(await codeOf(as(admin).members.remove({ userId: added.userId }))).toBe('NOT_FOUND');
    expect((await as(admin).members.list()).members.map((m) => m.email)).toEqual(['boss@acme.example.org']);
  });
});

describe('identity providers', () => {
  it('are registered with a secret reference (never a secret), listed with their login URL, and updated in part', async () => {
    const created = await as(admin).providers.create({
      displayName: 'Contoso',
      issuer: 'https://login.microsoftonline.com/tenant/v2.0/',
      clientId: 'client-1',
      clientSecretRef: 'OIDC_CLIENT_SECRET_ACME__CONTOSO',
      allowedEmailDomains: ['Contoso.com'],
      defaultRole: 'scientist',
      autoProvision: true,
    });
    expect(created).toMatchObject({
      issuer: 'https://login.microsoftonline.com/tenant/v2.0',
      allowedEmailDomains: ['contoso.com'],
      defaultRole: 'scientist',
      enabled: true,
    });
    expect(created.loginUrl).toBe(`https://mad.example.org/auth/login?provider=${created.id}`);
    expect(
      await codeOf(
        as(admin).providers.create({
          displayName: 'Leak',
          issuer: 'https://x.example.org',
          clientId: 'c',
          clientSecretRef: 'hunter2-the-real-secret',
        }),
      ),
    ).toBe('BAD_REQUEST');
    expect(
      await codeOf(
        as(admin).providers.create({
          displayName: 'Again',
          issuer: 'https://login.microsoftonline.com/tenant/v2.0',
          clientId: 'client-1',
        }),
      ),
    ).toBe('CONFLICT');

    const updated = await as(admin).providers.update({ providerId: created.id, enabled: false });
    expect(updated).toMatchObject({
      enabled: false,
      defaultRole: 'scientist',
      autoProvision: true,
      clientSecretRef: 'OIDC_CLIENT_SECRET_ACME__CONTOSO',
    });
    expect((await as(admin).providers.list()).providers).toHaveLength(1);
  });
});

describe('organisations', () => {
  it('are created by signed-in people, who become their admin; API tokens may not create them', async () => {
    expect(await codeOf(as(admin).orgs.create({ slug: 'boss-lab', name: 'Boss lab' }))).toBe('FORBIDDEN');
    const provider = await db
      .insertInto('identity_providers')
      .values({
        org_id: org.id,
        display_name: 'Acme SSO',
        issuer: 'https://sso.acme.example.org',
        client_id: 'mad',
        default_role_id: (await roleByName(db, 'viewer')).id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await createSession(
      db,
      { idleTimeoutMs: 60_000, absoluteTimeoutMs: 600_000 },
      { userId: adminUserId, orgId: org.id, providerId: provider.id, idToken: null },
    );
    const sessionPrincipal = await resolveSessionPrincipal(
      db,
      { id: row.id, userId: adminUserId, orgId: org.id, providerId: provider.id },
      null,
    );
    if (!sessionPrincipal) throw new Error('no session principal');
    const session = toApiPrincipal(sessionPrincipal);
    const created = await as(session).orgs.create({ slug: 'boss-lab', name: 'Boss lab' });
    // The new organisation trusts the creator's sign-in, so the same session can switch to it.
    expect(await as(session).me.switchOrg({ org: 'boss-lab' })).toMatchObject({ slug: 'boss-lab', role: 'admin' });
    expect(created.slug).toBe('boss-lab');
    expect(await codeOf(as(session).orgs.create({ slug: 'boss-lab', name: 'Twice' }))).toBe('CONFLICT');
    const me = await as(session).me.get();
    expect(me.orgs.map((o) => [o.slug, o.role])).toEqual([
      ['acme', 'admin'],
      ['boss-lab', 'admin'],
    ]);
    const schema = await db
      .selectFrom('organizations')
      .select('results_schema')
      .where('slug', '=', 'boss-lab')
      .executeTakeFirstOrThrow();
    expect(await db.withSchema(schema.results_schema).selectFrom('org_settings').selectAll().execute()).toEqual([]);
  });
});
