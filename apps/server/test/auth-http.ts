// Test helpers: a browser-like cookie jar over fetch, a walker through the identity provider's forms, and the
// set-up the HTTP tests share (members with API tokens, the server's auth with test settings, the app on a port).
import { createTestDatabase, freePort, startTestS3, testEnv, type TestS3 } from '@mad/test-utils';
import type express from 'express';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Services } from '@mad/api';
import { createSecretResolver, ensureUser, issueApiToken, roleByName, setMemberRole } from '@mad/auth';
import { createDatabase, migrateUp, type Database } from '@mad/db';
import { parseEnv } from '@mad/env';
import { createApp } from '../src/app.js';
import { answerClientErrors } from '../src/http/client-errors.js';
import { createServerAuth, type ServerAuth, type ServerAuthOptions } from '../src/auth/index.js';
import { serverEnvSchema, type ServerEnv } from '../src/env.js';
import { createRuntime, type Runtime } from '../src/services.js';

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/** Cookies per host (ports ignored, as browsers do), honouring Path, Max-Age=0 and past Expires. */
export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie[]>();

  store(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = val;
        if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
        if (key.toLowerCase() === 'expires' && new Date(val).getTime() < Date.now()) expired = true;
      }
      const list = (this.cookies.get(url.hostname) ?? []).filter((c) => !(c.name === name && c.path === path));
      if (!expired) list.push({ name, value, path });
      this.cookies.set(url.hostname, list);
    }
  }

  header(url: URL): string {
    return (this.cookies.get(url.hostname) ?? [])
      .filter((c) => url.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  get(url: URL, name: string): string | undefined {
    return (this.cookies.get(url.hostname) ?? []).find((c) => c.name === name)?.value;
  }

  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input);
    const headers = new Headers(init.headers);
    const cookie = this.header(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(url, response);
    return response;
  }
}

/**
 * Follows redirects and fills the provider's login (email) and consent forms until the browser would be sent to a
 * URL starting with `stopAt`; returns that URL without requesting it.
 */
export async function walkToCallback(jar: CookieJar, start: string, email: string, stopAt: string): Promise<URL> {
  let url = new URL(start);
  let init: RequestInit = {};
  for (let step = 0; step < 25; step += 1) {
    const response = await jar.fetch(url, init);
    init = {};
    if (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get('location') ?? '', url);
      if (next.href.startsWith(stopAt)) return next;
      url = next;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`${url.href} answered ${response.status}: ${html.slice(0, 300)}`);
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url.href}: ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url);
    const body = html.includes('name="email"') ? new URLSearchParams({ email }) : new URLSearchParams();
    init = { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error('too many steps before reaching the callback');
}

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves an express app on 127.0.0.1 (on `port` when given). */
export async function listen(app: express.Express, port?: number): Promise<Listening> {
  const chosen = port ?? (await freePort());
  const server = await new Promise<Server>((resolve) => {
    const s = answerClientErrors(app.listen(chosen, '127.0.0.1', () => resolve(s)));
  });
  return {
    url: `http://127.0.0.1:${chosen}`,
    port: chosen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Makes `email` a member of the organisation with `role` and issues an API token of that role (no expiry). */
export async function memberWithToken(
  db: Database,
  orgId: string,
  email: string,
  role: string,
  tokenName: string = role,
): Promise<{ userId: string; token: string }> {
  const user = await ensureUser(db, email);
  const roleRow = await roleByName(db, role);
  await setMemberRole(db, orgId, user.id, roleRow.id);
  const issued = await issueApiToken(db, {
    orgId,
    userId: user.id,
    roleId: roleRow.id,
    name: tokenName,
    expiresAt: null,
  });
  return { userId: user.id, token: issued.secret };
}

/**
 * The server's auth with test settings (fixed session secret, 1 h idle / 1 day sessions, no embedded IdP, no client
 * secrets, local providers reachable); override any.
 */
export function testServerAuth(
  options: Pick<ServerAuthOptions, 'db' | 'log'> & Partial<ServerAuthOptions>,
): ServerAuth {
  return createServerAuth({
    publicUrl: 'http://127.0.0.1',
    production: false,
    sessionSecret: 'a-session-secret-of-at-least-32-characters',
    sessionPolicy: { idleTimeoutMs: 3_600_000, absoluteTimeoutMs: 86_400_000 },
    rateLimit: { maxFailures: 1000, windowMs: 600_000 },
    embeddedIdp: null,
    secrets: createSecretResolver({ env: {} }),
    // The test identity providers listen on 127.0.0.1; the security tests turn this off to see it refused.
    outbound: { allowPrivateAddresses: true, timeoutMs: 5_000 },
    ...options,
  });
}

/** createApp with `auth` in front and no readiness checks, served on 127.0.0.1 (on `port` when given). */
export async function serveApp(
  services: Services,
  log: Logger,
  auth: Pick<ServerAuth, 'authenticate' | 'router'>,
  port?: number,
): Promise<Listening> {
  const app = createApp({
    services,
    log,
    readinessChecks: {},
    readyTimeoutMs: 1000,
    authenticate: auth.authenticate,
    authRouter: auth.router,
  });
  return listen(app, port);
}

/** The server's environment over a test database and bucket, the machine's NATS, silent logs; override any. */
export function testServerEnv(
  database: { url: string },
  s3: TestS3,
  overrides: Record<string, string> = {},
): ServerEnv {
  return parseEnv(serverEnvSchema, {
    DATABASE_URL: database.url,
    NATS_URL: testEnv.natsUrl,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export interface MigratedTestDatabase {
  url: string;
  db: Database;
  /** Ends the client and drops the database. */
  close(): Promise<void>;
}

/** A database of its own for a test file, every migration applied, with a Kysely client on it. */
export async function migratedTestDatabase(prefix: string, maxConnections = 4): Promise<MigratedTestDatabase> {
  const database = await createTestDatabase(prefix);
  const db = createDatabase({ connectionString: database.url, maxConnections });
  await migrateUp(db);
  return {
    url: database.url,
    db,
    async close() {
      await db.destroy();
      await database.drop();
    },
  };
}

export interface ServedRuntime {
  runtime: Runtime;
  server: Listening;
}

export interface RuntimeHarness {
  database: MigratedTestDatabase;
  s3: TestS3;
  /** The server as main.ts builds it (createRuntime from an environment over this database and bucket), served on
   * 127.0.0.1 (on `port` when given); every call is a server of its own. */
  serve(overrides?: Record<string, string>, port?: number): Promise<ServedRuntime>;
  /** Closes every server and runtime served, then drops the database and stops the bucket. */
  close(): Promise<void>;
}

/** A test file's database and bucket, and servers over them with the environment under test. */
export async function runtimeHarness(prefix: string, log: Logger, maxConnections = 4): Promise<RuntimeHarness> {
  const [database, s3] = await Promise.all([migratedTestDatabase(prefix, maxConnections), startTestS3()]);
  const served: ServedRuntime[] = [];
  return {
    database,
    s3,
    async serve(overrides = {}, port) {
      const runtime = createRuntime(testServerEnv(database, s3, overrides), log);
      const server = await serveApp(runtime.services, log, runtime.auth, port);
      served.push({ runtime, server });
      return { runtime, server };
    },
    async close() {
      for (const { runtime, server } of served.reverse()) {
        await server.close();
        await runtime.close();
      }
      await Promise.all([database.close(), s3.stop()]);
    },
  };
}
