// What the server exposes, as issue 13's review found it: no security headers on the dashboard and API, and a
// password-less embedded sign-in answering anyone who reaches the port. Each is refused here with the real app and
// the real embedded provider (oidc-provider); a remote client is a request through a reverse proxy on loopback
// (X-Forwarded-For, which express trusts from loopback only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createApp } from '../app.js';
import { createOrganization, roleByName } from '@mad/auth';
import { freePort } from '@mad/test-utils';
import {
  CookieJar,
  listen,
  migratedTestDatabase,
  testServerAuth,
  walkToCallback,
  type Listening,
  type MigratedTestDatabase,
} from '../../test/auth-http.js';
import { contentSecurityPolicy } from '../http/security-headers.js';
import { isLoopbackAddress } from '../auth/embedded-idp.js';

const log = pino({ level: 'silent' });
let database: MigratedTestDatabase;
const servers: Listening[] = [];

async function serveEmbedded(options: { production?: boolean; allowRemote?: boolean } = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const auth = testServerAuth({
    db: database.db,
    log,
    publicUrl: url,
    embeddedIdp: { orgSlug: 'demo', allowRemote: options.allowRemote ?? false },
  });
  await auth.start();
  const app = createApp({
    services: { db: database.db, publicUrl: url },
    log,
    readinessChecks: {},
    readyTimeoutMs: 1000,
    authenticate: auth.authenticate,
    authRouter: auth.router,
    headers: { production: options.production ?? false, objectStoreOrigins: ['http://127.0.0.1:9000'] },
  });
  const server = await listen(app, port);
  servers.push(server);
  const provider = await database.db
    .selectFrom('identity_providers')
    .select('id')
    .where('issuer', '=', `${url}/idp`)
    .executeTakeFirstOrThrow();
  return { url, providerId: provider.id };
}

beforeAll(async () => {
  database = await migratedTestDatabase('mad_security_exposure');
  const org = await createOrganization(database.db, { slug: 'acme', name: 'Acme' });
  expect((await roleByName(database.db, 'admin')).name).toBe('admin');
  expect(org.slug).toBe('acme');
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await database?.close();
});

describe('security headers', () => {
  it('every answer (dashboard, API, sign-in pages, errors) carries the CSP, no framing, nosniff and no referrer', async () => {
    const { url } = await serveEmbedded();
    for (const path of ['/', '/api/v1/version', '/api/v1/openapi.json', '/auth/login', '/api/v1/nothing-here']) {
      const answer = await fetch(`${url}${path}`, { redirect: 'manual' });
      const csp = answer.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      // Scripts from this origin only, never inline ones (RDKit's WebAssembly and embind glue may compile).
      expect(csp, path).toMatch(/script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'(;|$)/);
      expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      // The dashboard fetches files through presigned links on the object store's public address.
      expect(csp, path).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:9000(;|$)/);
      expect(answer.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(answer.headers.get('x-frame-options'), path).toBe('DENY');
      expect(answer.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(answer.headers.get('strict-transport-security'), path).toBeNull();
      expect(answer.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('HSTS in production', async () => {
    const { url } = await serveEmbedded({ production: true });
    const answer = await fetch(`${url}/api/v1/version`);
    expect(answer.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('the policy names no origin but its own and the object store', () => {
    expect(contentSecurityPolicy(['https://store.example.org'])).not.toMatch(/\*|https?:\/\/(?!store)/);
  });
});

describe('embedded sign-in (EMBEDDED_IDP)', () => {
  it('signs in a client on this machine', async () => {
    const { url, providerId } = await serveEmbedded();
    const jar = new CookieJar();
    const callback = await walkToCallback(
      jar,
      `${url}/auth/login?provider=${providerId}`,
      'dev@example.org',
      `${url}/auth/callback`,
    );
    expect((await jar.fetch(callback)).status).toBe(303);
  });

  it('refuses a client on another machine (behind a local reverse proxy): 403 at the provider, nobody signed in', async () => {
    const { url, providerId } = await serveEmbedded();
    const remote = { 'x-forwarded-for': '203.0.113.7' };
    const jar = new CookieJar();
    const login = await jar.fetch(`${url}/auth/login?provider=${providerId}`, { headers: remote });
    expect(login.status).toBe(302);
    const authorize = new URL(login.headers.get('location') ?? '');
    expect(authorize.pathname).toBe('/idp/auth');
    const refused = await jar.fetch(authorize, { headers: remote });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('answers clients on this machine only');
    // The interaction pages (the login form) are refused too, whatever the uid.
    expect((await fetch(`${url}/idp/interaction/anything`, { headers: remote })).status).toBe(403);
    // The back channel the server itself uses stays open (it holds no way to sign in).
    expect((await fetch(`${url}/idp/.well-known/openid-configuration`, { headers: remote })).status).toBe(200);
  });

  it('EMBEDDED_IDP_ALLOW_REMOTE=true offers it to other machines', async () => {
    const { url, providerId } = await serveEmbedded({ allowRemote: true });
    const remote = { 'x-forwarded-for': '203.0.113.7' };
    const jar = new CookieJar();
    const login = await jar.fetch(`${url}/auth/login?provider=${providerId}`, { headers: remote });
    const authorize = await jar.fetch(new URL(login.headers.get('location') ?? ''), { headers: remote });
    expect(authorize.status).toBe(303);
  });

  it('knows loopback addresses', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ['10.0.0.1', '203.0.113.7', '::ffff:10.0.0.1', '0.0.0.0', '', undefined, '1127.0.0.1'])
      expect(isLoopbackAddress(address), String(address)).toBe(false);
  });
});
