// The whole OIDC sign-in over HTTP against a real provider (oidc-provider, in-process): login form, consent,
// callback, session cookie, an authenticated tRPC call, CSRF, logout; and the attacks, each refused with a 4xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import express from 'express';
import type { Database } from '@mad/db';
import { createOrganization, createSecretResolver, roleByName, setMemberRole, type OrganizationRef } from '@mad/auth';
import { freePort } from '@mad/test-utils';
import {
  CookieJar,
  listen,
  migratedTestDatabase,
  serveApp,
  testServerAuth,
  walkToCallback,
  type Listening,
  type MigratedTestDatabase,
} from '../../test/auth-http.js';
import { createEmbeddedIdp } from './embedded-idp.js';

const log = pino({ level: 'silent' });
let database: MigratedTestDatabase;
let db: Database;
let idp: Listening;
let server: Listening;
let acme: OrganizationRef;
const providers: Record<'main' | 'expiring' | 'strict', string> = { main: '', expiring: '', strict: '' };

let issuer = '';
let publicUrl = '';
const callbackPrefix = () => `${publicUrl}/auth/callback`;

async function registerProvider(values: {
  clientId: string;
  secretRef: string | null;
  domains: string[];
  role: string;
  autoProvision: boolean;
  name: string;
}) {
  const role = await roleByName(db, values.role);
  const row = await db
    .insertInto('identity_providers')
    .values({
      org_id: acme.id,
      display_name: values.name,
      issuer,
      client_id: values.clientId,
      client_secret_ref: values.secretRef,
      allowed_email_domains: values.domains,
      default_role_id: role.id,
      auto_provision: values.autoProvision,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  database = await migratedTestDatabase('mad_auth_login');
  db = database.db;
  acme = await createOrganization(db, { slug: 'acme', name: 'Acme' });

  const [idpPort, serverPort] = [await freePort(), await freePort()];
  issuer = `http://127.0.0.1:${idpPort}/oidc`;
  publicUrl = `http://127.0.0.1:${serverPort}`;
  const redirect = { redirectUris: [`${publicUrl}/auth/callback`], postLogoutRedirectUris: [`${publicUrl}/`] };
  const provider = createEmbeddedIdp({
    issuer,
    accounts: [
      { email: 'ada@example.org', name: 'Ada' },
      { email: 'grace@example.org', name: 'Grace' },
      { email: 'eve@evil.test', name: 'Eve' },
    ],
    clients: [
      { clientId: 'mad-test', clientSecret: 'test-client-secret-0123456789', ...redirect },
      { clientId: 'mad-expiring', clientSecret: 'test-client-secret-0123456789', codeTtlSeconds: 1, ...redirect },
    ],
    cookieKeys: ['idp-cookie-key-for-tests'],
  });
  const idpApp = express();
  idpApp.use(provider.router);
  idp = await listen(idpApp, idpPort);

  providers.main = await registerProvider({
    clientId: 'mad-test',
    secretRef: 'OIDC_CLIENT_SECRET_ACME__TEST_IDP',
    domains: [],
    role: 'scientist',
    autoProvision: true,
    name: 'Test IdP',
  });
  providers.expiring = await registerProvider({
    clientId: 'mad-expiring',
    secretRef: 'OIDC_CLIENT_SECRET_ACME__TEST_IDP',
    domains: ['example.org'],
    role: 'viewer',
    autoProvision: true,
    name: 'Expiring',
  });
  await db
    .updateTable('identity_providers')
    .set({ allowed_email_domains: ['example.org'] })
    .where('id', '=', providers.main)
    .execute();

  const auth = testServerAuth({
    db,
    log,
    publicUrl,
    rateLimit: { maxFailures: 1000, windowMs: 60_000 },
    secrets: createSecretResolver({ env: { OIDC_CLIENT_SECRET_ACME__TEST_IDP: 'test-client-secret-0123456789' } }),
  });
  server = await serveApp({ db, publicUrl }, log, auth, serverPort);
});

afterAll(async () => {
  await server?.close();
  await idp?.close();
  await database?.close();
});

/**
 * Finishes a sign-in at `url` asking for JSON, as a script would: the status, the error's message (the body is the one
 * error shape, `{ code, message }`) and the cookies set.
 */
async function refusal(jar: CookieJar, url: URL): Promise<{ status: number; error: string; setCookies: string }> {
  const response = await jar.fetch(url, { headers: { accept: 'application/json' } });
  const body = (await response.json()) as { code?: string; message?: string };
  expect(Object.keys(body).sort()).toEqual(['code', 'message']);
  expect(body.code).toMatch(/^[A-Z_]+$/);
  return { status: response.status, error: body.message ?? '', setCookies: response.headers.getSetCookie().join() };
}

async function startLogin(jar: CookieJar, providerId: string, email: string, returnTo = '/jobs'): Promise<URL> {
  return walkToCallback(
    jar,
    `${publicUrl}/auth/login?provider=${providerId}&returnTo=${encodeURIComponent(returnTo)}`,
    email,
    callbackPrefix(),
  );
}

async function meGet(jar: CookieJar, headers: Record<string, string> = {}) {
  const response = await jar.fetch(`${publicUrl}/trpc/me.get`, { headers });
  return {
    status: response.status,
    body: (await response.json()) as {
      result?: { data: { json: { user: { email: string }; role: string; org: { slug: string }; via: string } } };
      error?: { json: { message: string } };
    },
  };
}

describe('OIDC sign-in', () => {
  it('signs in through the provider (login, consent, callback), calls tRPC with the session and signs out', async () => {
    const jar = new CookieJar();
    const callback = await startLogin(jar, providers.main, 'ada@example.org');
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('state')).toBeTruthy();

    const done = await jar.fetch(callback);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/jobs');
    const cookies = done.headers.getSetCookie().join('\n');
    expect(cookies).toMatch(/mad_session=[^;]+; Path=\/; Max-Age=86400; HttpOnly; SameSite=Lax/);
    expect(cookies).toMatch(/mad_csrf=[^;]+; Path=\/; Max-Age=86400; SameSite=Lax/);

    // First sign-in created the user, the identity and (auto-provision) a scientist membership.
    const me = await meGet(jar);
    expect(me.status).toBe(200);
    expect(me.body.result?.data.json).toMatchObject({
      user: { email: 'ada@example.org' },
      role: 'scientist',
      org: { slug: 'acme' },
      via: 'session',
    });
    const identity = await db
      .selectFrom('identities')
      .innerJoin('users', 'users.id', 'identities.user_id')
      .select(['users.email', 'identities.subject'])
      .where('provider_id', '=', providers.main)
      .execute();
    expect(identity).toEqual([{ email: 'ada@example.org', subject: 'ada@example.org' }]);

    // x-org picks the organisation of one request; one the user does not belong to is not found.
    expect((await meGet(jar, { 'x-org': 'acme' })).body.result?.data.json.org.slug).toBe('acme');
    expect((await meGet(jar, { 'x-org': 'someone-elses' })).status).toBe(404);

    // A membership in an organisation that does not trust this provider's issuer is out of this session's reach;
    // once that organisation registers the issuer, the session may switch to it.
    const beta = await createOrganization(db, { slug: 'beta', name: 'Beta' });
    const ada = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'ada@example.org')
      .executeTakeFirstOrThrow();
    await setMemberRole(db, beta.id, ada.id, (await roleByName(db, 'viewer')).id);
    expect((await meGet(jar, { 'x-org': 'beta' })).status).toBe(404);
    await db
      .insertInto('identity_providers')
      .values({
        org_id: beta.id,
        display_name: 'Beta via Test IdP',
        issuer,
        client_id: 'mad-test',
        client_secret_ref: 'OIDC_CLIENT_SECRET_BETA__TEST_IDP',
        default_role_id: (await roleByName(db, 'viewer')).id,
      })
      .execute();
    expect((await meGet(jar, { 'x-org': 'beta' })).body.result?.data.json).toMatchObject({
      org: { slug: 'beta' },
      role: 'viewer',
    });

    // The sessions table holds the hash of the cookie, never the cookie.
    const secret = jar.get(new URL(publicUrl), 'mad_session') ?? '';
    const stored = await db.selectFrom('sessions').select(['secret_hash']).execute();
    expect(stored.some((s) => s.secret_hash === secret)).toBe(false);
    expect(stored.length).toBe(1);

    // A cookie-authenticated mutation needs the CSRF header.
    const switchOrg = (headers: Record<string, string>) =>
      jar.fetch(`${publicUrl}/trpc/me.switchOrg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ json: { org: 'acme' } }),
      });
    const forged = await switchOrg({});
    expect(forged.status).toBe(403);
    expect(JSON.stringify(await forged.json())).toMatch(/x-csrf-token/);
    const csrf = jar.get(new URL(publicUrl), 'mad_csrf') ?? '';
    expect((await switchOrg({ 'x-csrf-token': csrf })).status).toBe(200);

    // Logout: local session revoked, then RP-initiated logout at the provider.
    expect(
      (await jar.fetch(`${publicUrl}/auth/logout`, { method: 'POST', headers: { accept: 'application/json' } })).status,
    ).toBe(403);
    const logout = await jar.fetch(`${publicUrl}/auth/logout`, {
      method: 'POST',
      headers: { accept: 'application/json', 'x-csrf-token': csrf },
    });
    expect(logout.status).toBe(200);
    const { redirectTo } = (await logout.json()) as { redirectTo: string };
    const endSession = new URL(redirectTo);
    expect(endSession.href.startsWith(`${issuer}/session/end`)).toBe(true);
    expect(endSession.searchParams.get('id_token_hint')).toBeTruthy();
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${publicUrl}/`);
    expect((await jar.fetch(endSession)).status).toBe(200);
    expect((await meGet(jar)).status).toBe(401);
    const revoked = await db.selectFrom('sessions').select('revoked_at').executeTakeFirstOrThrow();
    expect(revoked.revoked_at).not.toBeNull();
  });

  it('refuses a callback whose state was tampered with', async () => {
    const jar = new CookieJar();
    const callback = await startLogin(jar, providers.main, 'grace@example.org');
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const response = await refusal(jar, callback);
    expect(response).toMatchObject({ status: 400, error: expect.stringMatching(/did not verify/) });
    expect(response.setCookies).not.toMatch(/mad_session=[^;]/);
  });

  it('refuses a replayed callback, and a replayed code inside a new sign-in', async () => {
    const jar = new CookieJar();
    const callback = await startLogin(jar, providers.main, 'grace@example.org');
    const loginCookie = jar.get(new URL(publicUrl), 'mad_login') ?? '';
    expect((await jar.fetch(callback)).status).toBe(303);
    expect(await refusal(jar, callback)).toMatchObject({
      status: 400,
      error: expect.stringMatching(/no sign-in in progress/),
    });
    // Even with the original login cookie the attempt is gone: it was consumed by the first callback.
    const replay = await fetch(callback, {
      headers: { accept: 'application/json', cookie: `mad_login=${loginCookie}` },
      redirect: 'manual',
    });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/already completed or has expired/),
    });

    // The used code inside a fresh sign-in (valid state and cookie): the provider refuses it.
    const attacker = new CookieJar();
    const fresh = await startLogin(attacker, providers.main, 'grace@example.org');
    fresh.searchParams.set('code', callback.searchParams.get('code') ?? '');
    expect(await refusal(attacker, fresh)).toMatchObject({
      status: 400,
      error: expect.stringMatching(/provider error invalid_grant/),
    });
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const jar = new CookieJar();
    const callback = await startLogin(jar, providers.main, 'grace@example.org');
    await db.updateTable('login_attempts').set({ nonce: 'a-nonce-this-sign-in-never-sent' }).execute();
    expect(await refusal(jar, callback)).toMatchObject({ status: 400, error: expect.stringMatching(/nonce/) });
  });

  it('refuses an expired authorization code', async () => {
    const jar = new CookieJar();
    const callback = await startLogin(jar, providers.expiring, 'grace@example.org');
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await refusal(jar, callback)).toMatchObject({ status: 400, error: expect.stringMatching(/invalid_grant/) });
  });

  it('refuses an unknown provider and a response from another issuer', async () => {
    const unknown = await new CookieJar().fetch(
      `${publicUrl}/auth/login?provider=00000000-0000-4000-8000-000000000000`,
      { headers: { accept: 'application/json' } },
    );
    expect(unknown.status).toBe(404);

    const jar = new CookieJar();
    const callback = await startLogin(jar, providers.main, 'grace@example.org');
    callback.searchParams.set('iss', 'https://evil.test/oidc');
    expect(await refusal(jar, callback)).toMatchObject({ status: 400, error: expect.stringMatching(/iss/) });
  });

  it('refuses an email outside the allowed domains and creates nobody', async () => {
    const jar = new CookieJar();
    const callback = await startLogin(jar, providers.main, 'eve@evil.test');
    expect(await refusal(jar, callback)).toMatchObject({
      status: 403,
      error: expect.stringMatching(/eve@evil.test may not sign in .* allowed email domains are example.org/),
    });
    expect(
      await db.selectFrom('users').select('id').where('email', '=', 'eve@evil.test').executeTakeFirst(),
    ).toBeUndefined();
  });
});

describe('the embedded identity provider (EMBEDDED_IDP=true, as `npm start` runs it)', () => {
  it('registers itself for org demo and signs dev@example.org in as the admin the CLI bootstrapped', async () => {
    const lines: string[] = [];
    const { runOperatorCommand } = await import('./operator.js');
    await runOperatorCommand(db, ['bootstrap', '--org', 'demo', '--email', 'dev@example.org'], {
      out: (line) => lines.push(line),
    });
    const devUser = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'dev@example.org')
      .executeTakeFirstOrThrow();

    const port = await freePort();
    const embeddedUrl = `http://127.0.0.1:${port}`;
    const auth = testServerAuth({
      db,
      log,
      publicUrl: embeddedUrl,
      sessionSecret: 'another-session-secret-of-32-characters!',
      rateLimit: { maxFailures: 1000, windowMs: 60_000 },
      embeddedIdp: { orgSlug: 'demo' },
    });
    await auth.start();
    await auth.start(); // idempotent: one provider row
    const rows = await db
      .selectFrom('identity_providers')
      .select(['issuer', 'auto_provision', 'allowed_email_domains'])
      .where('issuer', '=', `${embeddedUrl}/idp`)
      .execute();
    expect(rows).toEqual([
      { issuer: `${embeddedUrl}/idp`, auto_provision: true, allowed_email_domains: ['example.org'] },
    ]);

    const embedded = await serveApp({ db, publicUrl: embeddedUrl }, log, auth, port);
    try {
      const jar = new CookieJar();
      const chooser = await jar.fetch(`${embeddedUrl}/auth/login`);
      expect(chooser.status).toBe(200); // the sign-in page: which organisation? It offers the embedded provider only.
      const page = await chooser.text();
      expect(page).toContain('Sign in with Development sign-in (embedded)');
      expect(page).not.toContain('Test IdP');
      const provider = await db
        .selectFrom('identity_providers')
        .select('id')
        .where('issuer', '=', `${embeddedUrl}/idp`)
        .executeTakeFirstOrThrow();
      const callback = await walkToCallback(
        jar,
        `${embeddedUrl}/auth/login?provider=${provider.id}`,
        'dev@example.org',
        `${embeddedUrl}/auth/callback`,
      );
      expect((await jar.fetch(callback)).status).toBe(303);
      const me = await jar.fetch(`${embeddedUrl}/trpc/me.get`);
      const body = (await me.json()) as {
        result: { data: { json: { user: { id: string }; role: string; org: { slug: string } } } };
      };
      expect(body.result.data.json).toMatchObject({ user: { id: devUser.id }, role: 'admin', org: { slug: 'demo' } });
      // Unknown accounts are refused at the provider's form.
      const stranger = new CookieJar();
      await expect(
        walkToCallback(
          stranger,
          `${embeddedUrl}/auth/login?provider=${provider.id}`,
          'nobody@example.org',
          `${embeddedUrl}/auth/callback`,
        ),
      ).rejects.toThrow(/answered 401/);
    } finally {
      await embedded.close();
    }
  });
});
