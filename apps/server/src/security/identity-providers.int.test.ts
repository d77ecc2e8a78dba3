// Identity providers an organisation admin registers (issue 13), against the real oidc-provider behind a recording
// proxy that sees every request the server makes to "the provider" (discovery, JWKS, token: the client_secret sent).
// Seen on main: clientSecretRef "SESSION_SECRET" was accepted and its value sent to the admin's token endpoint; an
// admin-set issuer made the server request loopback and private addresses; every organisation's providers were
// listed on everyone's sign-in page.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createSecretResolver, guardedFetch, roleByName, type OrganizationRef } from '@mad/auth';
import type { Database } from '@mad/db';
import { freePort } from '@mad/test-utils';
import { createEmbeddedIdp } from '../auth/embedded-idp.js';
import {
  CookieJar,
  listen,
  memberWithToken,
  migratedTestDatabase,
  serveApp,
  testServerAuth,
  walkToCallback,
  type Listening,
  type MigratedTestDatabase,
} from '../../test/auth-http.js';

const log = pino({ level: 'silent' });
const SECRET = 'acme-client-secret-0123456789abcdef';
const FILE_SECRET = 'file-client-secret-0123456789abcdef';
const BETA_SECRET = 'beta-client-secret-0123456789abcdef';
const BETA_FILE_SECRET = 'beta-file-secret-0123456789abcdef';
const SESSION_SECRET = 'a-session-secret-of-at-least-32-characters';
let database: MigratedTestDatabase;
let db: Database;
let acme: OrganizationRef;
let beta: OrganizationRef;
let idp: Listening;
let proxy: Server;
let issuer = '';
let publicUrl = '';
let server: Listening;
let adminToken = '';
let secretsDir = '';
/** Every request the server made to the provider: method, path and body. */
const seen: { method: string; path: string; body: string }[] = [];

/** Forwards everything to the real oidc-provider and records it (the issuer the admin "controls"). */
function recordingProxy(target: number): Server {
  return createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', path: req.url ?? '', body: body.toString() });
      const forwarded = httpRequest(
        { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.end(body);
    });
  });
}

async function provider(values: { org?: OrganizationRef; name: string; clientId: string; secretRef: string | null }) {
  const row = await db
    .insertInto('identity_providers')
    .values({
      org_id: (values.org ?? acme).id,
      display_name: values.name,
      issuer,
      client_id: values.clientId,
      client_secret_ref: values.secretRef,
      allowed_email_domains: ['acme.test'],
      default_role_id: (await roleByName(db, 'scientist')).id,
      auto_provision: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  database = await migratedTestDatabase('sec_idp');
  db = database.db;
  acme = await createOrganization(db, { slug: 'acme', name: 'Acme' });
  beta = await createOrganization(db, { slug: 'beta', name: 'Beta <b>Labs</b>' });
  adminToken = (await memberWithToken(db, acme.id, 'admin@acme.test', 'admin')).token;
  const [idpPort, proxyPort, serverPort] = [await freePort(), await freePort(), await freePort()];
  issuer = `http://127.0.0.1:${proxyPort}/oidc`;
  publicUrl = `http://127.0.0.1:${serverPort}`;
  const redirect = { redirectUris: [`${publicUrl}/auth/callback`], postLogoutRedirectUris: [`${publicUrl}/`] };
  const real = createEmbeddedIdp({
    issuer,
    accounts: [{ email: 'ada@acme.test', name: 'Ada' }],
    clients: [
      { clientId: 'by-env', clientSecret: SECRET, ...redirect },
      { clientId: 'by-file', clientSecret: FILE_SECRET, ...redirect },
      { clientId: 'hostile', clientSecret: 'whatever-the-admin-set-0123456789', ...redirect },
    ],
    cookieKeys: ['idp-cookie-key-for-tests'],
  });
  const idpApp = express();
  idpApp.use(real.router);
  idp = await listen(idpApp, idpPort);
  proxy = recordingProxy(idpPort);
  await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));
  secretsDir = mkdtempSync(join(tmpdir(), 'mad-oidc-secrets-'));
  // Each organisation's files live in its own folder: OIDC_SECRETS_DIR/<slug>/<name>.
  mkdirSync(join(secretsDir, 'acme'));
  mkdirSync(join(secretsDir, 'beta'));
  writeFileSync(join(secretsDir, 'acme', 'entra'), `${FILE_SECRET}\n`);
  writeFileSync(join(secretsDir, 'beta', 'beta-only'), `${BETA_FILE_SECRET}\n`);
  writeFileSync(join(tmpdir(), 'mad-outside-secret'), 'outside');
  const env = {
    OIDC_CLIENT_SECRET_ACME: SECRET,
    OIDC_CLIENT_SECRET_BETA: BETA_SECRET,
    SESSION_SECRET,
    PATH: process.env.PATH,
    DATABASE_URL: database.url,
  };
  const auth = testServerAuth({
    db,
    log,
    publicUrl,
    sessionSecret: SESSION_SECRET,
    secrets: createSecretResolver({ env, secretsDir }),
    // The provider listens on 127.0.0.1: allowed here (OIDC_ALLOW_PRIVATE_NETWORKS), refused in the guard tests.
    outbound: { allowPrivateAddresses: true, timeoutMs: 2_000 },
  });
  server = await serveApp({ db, publicUrl, providerRules: auth.providerRules }, log, auth, serverPort);
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => proxy?.close(resolve));
  await idp?.close();
  await database?.close();
  if (secretsDir) rmSync(secretsDir, { recursive: true, force: true });
});

async function createProvider(body: Record<string, unknown>) {
  const response = await fetch(`${server.url}/api/v1/providers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: 'Corporate SSO', issuer, clientId: 'hostile', ...body }),
  });
  return { status: response.status, body: await response.json() };
}

const tokenRequests = () => seen.filter((r) => r.method === 'POST' && /token/.test(r.path));

describe('clientSecretRef: an allow-list, checked at creation and at use', () => {
  it.each(['SESSION_SECRET', 'PATH', 'DATABASE_URL', 'OIDC_ENTRA_SECRET', 'file:../mad-outside-secret', 'file:a/b'])(
    'refuses %s at creation (400 naming the rule)',
    async (ref) => {
      const answer = await createProvider({ clientSecretRef: ref });
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toMatch(/OIDC_CLIENT_SECRET_/);
    },
  );

  it('refuses a file reference when the server has no OIDC_SECRETS_DIR', () => {
    const resolver = createSecretResolver({ env: {} });
    expect(resolver.problem('file:entra', 'acme')).toMatch(/OIDC_SECRETS_DIR/);
    expect(resolver.resolve('OIDC_CLIENT_SECRET_ACME__NONE', 'acme')).toEqual({
      problem: expect.stringMatching(/no environment/),
    });
  });

  it.each(['SESSION_SECRET', 'PATH'])(
    'refuses a stored reference to %s at sign-in, before any request to the provider',
    async (ref) => {
      const id = await provider({ name: `Legacy ${ref}`, clientId: `legacy-${ref}`, secretRef: ref });
      seen.length = 0;
      const answer = await fetch(`${server.url}/auth/login?provider=${id}`, {
        redirect: 'manual',
        headers: { accept: 'application/json' },
      });
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { message: string }).message).toMatch(/not allowed/);
      expect(seen).toEqual([]);
    },
  );

  it.each([
    ['OIDC_CLIENT_SECRET_ACME', 'by-env', SECRET],
    ['file:entra', 'by-file', FILE_SECRET],
  ])('signs in with %s: the token endpoint receives that secret and nothing else', async (ref, clientId, secret) => {
    const id = await provider({ name: `Acme ${clientId}`, clientId, secretRef: ref });
    seen.length = 0;
    const jar = new CookieJar();
    const callback = await walkToCallback(
      jar,
      `${server.url}/auth/login?provider=${id}`,
      'ada@acme.test',
      `${publicUrl}/auth/callback`,
    );
    expect((await jar.fetch(callback)).status).toBe(303);
    const [token] = tokenRequests();
    expect(new URLSearchParams(token!.body).get('client_secret')).toBe(secret);
    const everything = seen.map((r) => r.body).join('\n');
    expect(everything).not.toContain(SESSION_SECRET);
    expect(everything).not.toContain(database.url);
    expect(everything).not.toContain(BETA_SECRET);
  });
});

describe("clientSecretRef: an organisation names its own secrets only, never another organisation's", () => {
  it("refuses beta's variable from acme's admin at creation and at update (400 naming acme's own names)", async () => {
    const created = await createProvider({ clientSecretRef: 'OIDC_CLIENT_SECRET_BETA' });
    expect(created.status).toBe(400);
    expect(JSON.stringify(created.body)).toMatch(/not one of organisation \\"acme\\"'s: use OIDC_CLIENT_SECRET_ACME/);
    const ok = await createProvider({ clientId: 'acme-named', clientSecretRef: 'OIDC_CLIENT_SECRET_ACME__ENTRA' });
    expect(ok.status).toBe(201);
    const patched = await fetch(`${server.url}/api/v1/providers/${(ok.body as { id: string }).id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientSecretRef: 'OIDC_CLIENT_SECRET_BETA__ENTRA' }),
    });
    expect(patched.status).toBe(400);
    const stored = await db
      .selectFrom('identity_providers')
      .select('client_secret_ref')
      .where('id', '=', (ok.body as { id: string }).id)
      .executeTakeFirstOrThrow();
    expect(stored.client_secret_ref).toBe('OIDC_CLIENT_SECRET_ACME__ENTRA');
  });

  it.each([
    ['OIDC_CLIENT_SECRET_BETA', /not one of organisation "acme"'s/],
    ['file:beta-only', /no secret file acme\/beta-only/],
  ])(
    "refuses a stored acme provider naming beta's %s at sign-in, before any request to the provider",
    async (ref, reason) => {
      const id = await provider({ name: `Cross ${ref}`, clientId: `cross-${ref}`, secretRef: ref });
      seen.length = 0;
      const answer = await fetch(`${server.url}/auth/login?provider=${id}`, {
        redirect: 'manual',
        headers: { accept: 'application/json' },
      });
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { message: string }).message).toMatch(reason);
      expect(seen).toEqual([]);
    },
  );

  it("beta's own provider signs in with beta's secret", async () => {
    const id = await provider({
      org: beta,
      name: 'Beta by-env',
      clientId: 'by-beta',
      secretRef: 'OIDC_CLIENT_SECRET_BETA',
    });
    seen.length = 0;
    const answer = await fetch(`${server.url}/auth/login?provider=${id}`, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    // Discovery happened (the secret resolved for beta); the token request is the sign-in's, covered above.
    expect(seen.some((r) => r.path.endsWith('/.well-known/openid-configuration'))).toBe(true);
  });
});

describe('outbound requests to providers', () => {
  const strict = { allowHttp: true, allowPrivateAddresses: false, timeoutMs: 1_000 };

  it('refuse loopback, private and link-local addresses, also after DNS resolution and IPv4-mapped', async () => {
    const fetchGuarded = guardedFetch(strict);
    for (const url of [
      `${issuer}/.well-known/openid-configuration`,
      'http://10.1.2.3/.well-known/openid-configuration',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://[fd00::1]/x',
    ])
      await expect(fetchGuarded(url, { method: 'GET' }), url).rejects.toThrow(/does not connect there/);
    // A name is checked by what it resolves to (here the real resolver's localhost), and so is every answer of a
    // resolver: one private address among public ones is enough to refuse.
    await expect(
      fetchGuarded(`http://localhost:${new URL(issuer).port}/oidc/.well-known/openid-configuration`, { method: 'GET' }),
    ).rejects.toThrow(/127\.0\.0\.1|::1/);
    const rebinding = guardedFetch({
      ...strict,
      lookup: ((_host: string, _options: unknown, callback: (e: null, a: unknown) => void) =>
        callback(null, [
          { address: '93.184.216.34', family: 4 },
          { address: '192.168.1.10', family: 4 },
        ])) as never,
    });
    await expect(rebinding('http://idp.example.test/x', { method: 'GET' })).rejects.toThrow(/192\.168\.1\.10/);
    expect(seen.filter((r) => r.path.includes('latest'))).toEqual([]);
  });

  it('refuse plain http in production, credentials in URLs, and do not follow redirects', async () => {
    const production = guardedFetch({ ...strict, allowHttp: false, allowPrivateAddresses: true });
    await expect(production(`${issuer}/.well-known/openid-configuration`, { method: 'GET' })).rejects.toThrow(
      /must use https/,
    );
    const local = guardedFetch({ ...strict, allowPrivateAddresses: true });
    await expect(local(`http://user:pw@127.0.0.1:${new URL(issuer).port}/`, { method: 'GET' })).rejects.toThrow(
      /credentials/,
    );
    const redirector = createServer((_req, res) => res.writeHead(302, { location: `${issuer}/jwks` }).end());
    const port = await freePort();
    await new Promise<void>((resolve) => redirector.listen(port, '127.0.0.1', resolve));
    try {
      seen.length = 0;
      const answer = await local(`http://127.0.0.1:${port}/.well-known/openid-configuration`, { method: 'GET' });
      expect(answer.status).toBe(302);
      expect(seen).toEqual([]); // the redirect target was never requested
    } finally {
      redirector.close();
    }
  });

  it('give up on a provider that does not answer within the timeout', async () => {
    // The provider takes the request and never answers; the fetch fails naming its timeout (300 ms, not some
    // default), and the connection is closed by our side: the request is abandoned, not left open.
    let received!: () => void;
    const requestReceived = new Promise<void>((resolve) => (received = resolve));
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    const silent = createServer((req) => {
      received();
      req.socket.on('close', () => closed());
    });
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    try {
      const fetching = guardedFetch({ ...strict, allowPrivateAddresses: true, timeoutMs: 300 })(
        `http://127.0.0.1:${port}/`,
        { method: 'GET' },
      );
      await requestReceived;
      await expect(fetching).rejects.toThrow(/^http:\/\/127\.0\.0\.1:\d+ did not answer within 300 ms$/);
      await connectionClosed;
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('refuse an admin-set loopback issuer at creation and at an anonymous /auth/login, sending nothing', async () => {
    const strictAuth = testServerAuth({
      db,
      log,
      publicUrl,
      secrets: createSecretResolver({ env: {} }),
      outbound: { allowPrivateAddresses: false, timeoutMs: 1_000 },
    });
    const strictServer = await serveApp({ db, publicUrl, providerRules: strictAuth.providerRules }, log, strictAuth);
    try {
      const created = await fetch(`${strictServer.url}/api/v1/providers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ displayName: 'Internal', issuer: 'http://169.254.169.254/', clientId: 'x' }),
      });
      expect(created.status).toBe(400);
      const id = await provider({ name: 'Loopback', clientId: 'loopback', secretRef: null });
      seen.length = 0;
      const answer = await fetch(`${strictServer.url}/auth/login?provider=${id}`, {
        redirect: 'manual',
        headers: { accept: 'application/json' },
      });
      expect(answer.status).toBe(502);
      expect(((await answer.json()) as { message: string }).message).toMatch(/does not connect there/);
      expect(seen).toEqual([]);
    } finally {
      await strictServer.close();
    }
  });

  it('still sign in through the embedded development provider with private addresses refused', async () => {
    const port = await freePort();
    const embeddedUrl = `http://127.0.0.1:${port}`;
    const embeddedAuth = testServerAuth({
      db,
      log,
      publicUrl: embeddedUrl,
      embeddedIdp: { orgSlug: 'devorg' },
      outbound: { allowPrivateAddresses: false, timeoutMs: 2_000 },
    });
    await embeddedAuth.start();
    const embedded = await serveApp({ db, publicUrl: embeddedUrl }, log, embeddedAuth, port);
    try {
      const jar = new CookieJar();
      const callback = await walkToCallback(
        jar,
        `${embeddedUrl}/auth/login?org=devorg`,
        'dev@example.org',
        `${embeddedUrl}/auth/callback`,
      );
      expect((await jar.fetch(callback)).status).toBe(303);
    } finally {
      await embedded.close();
    }
  });
});

describe('sign-in per organisation', () => {
  it('never lists providers across organisations: the sign-in page asks which organisation', async () => {
    await provider({ org: beta, name: 'Corporate SSO', clientId: 'hostile', secretRef: null });
    expect((await fetch(`${server.url}/auth/providers`)).status).toBe(400);
    const page = await (await fetch(`${server.url}/auth/login`)).text();
    expect(page).toContain('name="org"');
    expect(page).not.toContain('Corporate SSO');
    expect(page).not.toContain('Acme');
  });

  it('lists the providers of the one organisation asked for, marked with its name, escaped', async () => {
    const answer = (await (await fetch(`${server.url}/auth/providers?org=beta`)).json()) as {
      org: { slug: string };
      providers: { displayName: string; org: { slug: string } }[];
    };
    expect(answer.org.slug).toBe('beta');
    expect(answer.providers.map((p) => p.org.slug)).toEqual(answer.providers.map(() => 'beta'));
    await provider({ org: beta, name: '<script>alert(1)</script>', clientId: 'by-env', secretRef: null });
    const page = await (await fetch(`${server.url}/auth/login?org=beta`)).text();
    expect(page).toContain('Sign in to Beta &#60;b&#62;Labs&#60;/b&#62;');
    expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(page).not.toContain('<script>');
    expect(page).toContain('organisation Beta &#60;b&#62;Labs&#60;/b&#62; (beta)');
    expect(page).not.toContain('Acme by-env');
    expect((await fetch(`${server.url}/auth/providers?org=nobody`)).status).toBe(404);
  });

  it('finds the organisation by email domain only when exactly one organisation lists it', async () => {
    // acme's providers list acme.test; so does beta's: ambiguous, the person is asked for the organisation.
    const ambiguous = await fetch(`${server.url}/auth/providers?email=${encodeURIComponent('ada@acme.test')}`);
    expect(ambiguous.status).toBe(404);
    expect(await ambiguous.json()).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/several organisations/),
    });
    await db
      .updateTable('identity_providers')
      .set({ allowed_email_domains: [] })
      .where('org_id', '=', beta.id)
      .execute();
    const found = (await (await fetch(`${server.url}/auth/providers?email=ada%40ACME.test`)).json()) as {
      org: { slug: string };
    };
    expect(found.org.slug).toBe('acme');
    expect((await fetch(`${server.url}/auth/providers?email=x%40nowhere.test`)).status).toBe(404);
  });
});
