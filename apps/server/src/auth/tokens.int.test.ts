// API tokens over HTTP (REST and tRPC with Authorization: Bearer), the tokens table holding hashes only, the
// uniform 401 and the per-token-and-address rate limit, the operator CLI, and the production refusal of the embedded IdP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Database } from '@mad/db';
import { parseEnv } from '@mad/env';
import {
  createOrganization,
  ensureUser,
  issueApiToken,
  resolveApiToken,
  roleByName,
  setMemberRole,
  sha256Hex,
  type OrganizationRef,
} from '@mad/auth';
import { productionProblems, serverEnvSchema } from '../env.js';
import {
  memberWithToken,
  migratedTestDatabase,
  serveApp,
  testServerAuth,
  type Listening,
  type MigratedTestDatabase,
} from '../../test/auth-http.js';
import { runOperatorCommand, UsageError } from './operator.js';

const log = pino({ level: 'silent' });
let database: MigratedTestDatabase;
let db: Database;
let org: OrganizationRef;
const servers: Listening[] = [];
let api: Listening;
const secrets: Record<'admin' | 'viewer' | 'scientist', string> = { admin: '', viewer: '', scientist: '' };

async function serve(maxFailures: number, maxFailuresPerAddress?: number): Promise<Listening> {
  const auth = testServerAuth({ db, log, rateLimit: { maxFailures, maxFailuresPerAddress, windowMs: 600_000 } });
  const server = await serveApp({ db, publicUrl: 'http://127.0.0.1' }, log, auth);
  servers.push(server);
  return server;
}

const bearer = (token: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
  ...extra,
});

beforeAll(async () => {
  database = await migratedTestDatabase('mad_auth_tokens');
  db = database.db;
  org = await createOrganization(db, { slug: 'acme', name: 'Acme' });
  for (const role of ['admin', 'viewer', 'scientist'] as const)
    secrets[role] = (await memberWithToken(db, org.id, `${role}@acme.example.org`, role)).token;
  api = await serve(1000);
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await database?.close();
});

describe('API tokens', () => {
  it('are created through REST, shown once, stored as SHA-256 only, and work on REST and tRPC until revoked', async () => {
    const created = await fetch(`${api.url}/api/v1/tokens`, {
      method: 'POST',
      headers: bearer(secrets.admin),
      body: JSON.stringify({ name: 'nightly screening', role: 'scientist', expiresInDays: 30 }),
    });
    // A create is a 201 naming the new resource (issue 18: creates answered 200, 201 or 202 by route).
    expect(created.status).toBe(201);
    const token = (await created.json()) as {
      id: string;
      token: string;
      prefix: string;
      role: string;
      expiresAt: string;
    };
    expect(created.headers.get('location')).toBe(`/api/v1/tokens/${token.id}`);
    expect(token.token).toMatch(/^mad_[A-Za-z0-9_-]{43}$/);
    expect(token.role).toBe('scientist');
    expect(new Date(token.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    // The table holds no secret: not the new one, not any of the others.
    const rows = await db.selectFrom('tokens').selectAll().execute();
    const dump = JSON.stringify(rows);
    for (const secret of [token.token, ...Object.values(secrets)]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(secret.slice(4));
    }
    expect(rows.find((r) => r.id === token.id)?.token_hash).toBe(sha256Hex(token.token));

    const me = await fetch(`${api.url}/api/v1/me`, { headers: bearer(token.token) });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      role: 'scientist',
      org: { slug: 'acme' },
      via: 'token',
      permissions: expect.arrayContaining(['jobs:write']),
    });
    const rpc = await fetch(`${api.url}/trpc/me.get`, { headers: bearer(token.token) });
    expect(((await rpc.json()) as { result: { data: { json: { role: string } } } }).result.data.json.role).toBe(
      'scientist',
    );
    expect(
      (await db.selectFrom('tokens').select('last_used_at').where('id', '=', token.id).executeTakeFirstOrThrow())
        .last_used_at,
    ).not.toBeNull();

    // A token-authenticated mutation needs no CSRF header (no cookie is involved).
    const listed = await fetch(`${api.url}/api/v1/tokens`, { headers: bearer(secrets.admin) });
    const listText = await listed.text();
    expect(listText).toContain(token.prefix);
    expect(listText).not.toContain(token.token);

    const revoked = await fetch(`${api.url}/api/v1/tokens/${token.id}`, {
      method: 'DELETE',
      headers: bearer(secrets.admin),
    });
    expect(revoked.status).toBe(200);
    const after = await fetch(`${api.url}/api/v1/me`, { headers: bearer(token.token) });
    expect(after.status).toBe(401);
  });

  it('never carry a role above their creator, and need tokens:manage', async () => {
    const unknownRole = await fetch(`${api.url}/trpc/tokens.create`, {
      method: 'POST',
      headers: bearer(secrets.admin),
      body: JSON.stringify({ json: { name: 'x', role: 'owner' } }),
    });
    expect(unknownRole.status).toBe(400);
    const { error } = (await unknownRole.json()) as { error: { json: { message: string } } };
    expect(error.json.message).toBe('unknown role "owner"; roles are viewer, scientist, admin');
    const scientist = await fetch(`${api.url}/api/v1/tokens`, {
      method: 'POST',
      headers: bearer(secrets.scientist),
      body: JSON.stringify({ name: 'mine' }),
    });
    expect(scientist.status).toBe(403);
    // An admin demoted to viewer: their admin token acts as viewer from then on.
    const admin2 = await memberWithToken(db, org.id, 'demoted@acme.example.org', 'admin', 'old');
    await setMemberRole(db, org.id, admin2.userId, (await roleByName(db, 'viewer')).id);
    expect((await resolveApiToken(db, admin2.token))?.role).toBe('viewer');
    const refused = await fetch(`${api.url}/api/v1/tokens`, { headers: bearer(admin2.token) });
    expect(refused.status).toBe(403);
  });

  it('answer the same 401 whether unknown, malformed, expired or revoked', async () => {
    const user = await ensureUser(db, 'admin@acme.example.org');
    const expired = await issueApiToken(db, {
      orgId: org.id,
      userId: user.id,
      roleId: (await roleByName(db, 'admin')).id,
      name: 'expired',
      expiresAt: new Date(Date.now() - 1000),
    });
    const bodies = new Set<string>();
    for (const token of [expired.secret, 'mad_' + 'x'.repeat(43), 'not-even-a-token']) {
      const response = await fetch(`${api.url}/api/v1/me`, { headers: bearer(token) });
      expect(response.status).toBe(401);
      bodies.add(((await response.json()) as { message: string }).message);
    }
    expect([...bodies]).toEqual(['invalid or expired credentials']);
  });

  it('are refused on the very next request once revoked or expired (nothing cached), and note last_used_at coarsely', async () => {
    const issued = await memberWithToken(db, org.id, 'cache@acme.example.org', 'viewer');
    const id = (
      await db
        .selectFrom('tokens')
        .select('id')
        .where('token_hash', '=', sha256Hex(issued.token))
        .executeTakeFirstOrThrow()
    ).id;
    const lastUsed = async () =>
      (await db.selectFrom('tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow())
        .last_used_at;
    const me = async () => (await fetch(`${api.url}/api/v1/me`, { headers: bearer(issued.token) })).status;

    expect(await me()).toBe(200);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    // Within the minute, further requests do not write the row again.
    expect(await me()).toBe(200);
    expect(await lastUsed()).toEqual(first);
    // Once it is over a minute old, the next request writes it again.
    await db
      .updateTable('tokens')
      .set({ last_used_at: new Date(Date.now() - 120_000) })
      .where('id', '=', id)
      .execute();
    expect(await me()).toBe(200);
    expect((await lastUsed())?.getTime()).toBeGreaterThan(Date.now() - 60_000);

    await db
      .updateTable('tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    expect(await me()).toBe(401);
    await db.updateTable('tokens').set({ expires_at: null }).where('id', '=', id).execute();
    expect(await me()).toBe(200);
    await db.updateTable('tokens').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    expect(await me()).toBe(401);
    expect((await fetch(`${api.url}/trpc/me.get`, { headers: bearer(issued.token) })).status).toBe(401);
  });

  it('are rate-limited per presented token and address (429 for that token; a good token from the same address still passes)', async () => {
    // The defaults: 10 failures per token and address, 100 per address.
    const limited = await serve(10, 100);
    const me = async (token: string, path = '/api/v1/me') =>
      (await fetch(`${limited.url}${path}`, { headers: bearer(token) })).status;
    // Ten different bad tokens from one address (a NAT)…
    for (let attempt = 0; attempt < 10; attempt += 1) expect(await me(`mad_${String(attempt).repeat(43)}`)).toBe(401);
    // …lock nobody out: another caller behind it with a good token passes, on REST and tRPC.
    expect(await me(secrets.admin)).toBe(200);
    expect(await me(secrets.admin, '/trpc/me.get')).toBe(200);
    // One bad token repeated is limited: ten 401s, then 429 with Retry-After for that token.
    const bad = `mad_${'y'.repeat(43)}`;
    for (let attempt = 0; attempt < 10; attempt += 1) expect(await me(bad)).toBe(401);
    const blocked = await fetch(`${limited.url}/api/v1/me`, { headers: bearer(bad) });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { message: string }).message).toMatch(/with this token/);
    expect(await me(bad, '/trpc/me.get')).toBe(429);
    // The good tokens from the same address still pass…
    expect(await me(secrets.admin)).toBe(200);
    expect(await me(secrets.viewer, '/trpc/me.get')).toBe(200);
    // …and another bad token starts its own count.
    expect(await me(`mad_${'z'.repeat(43)}`)).toBe(401);
    // The public parts still answer without credentials.
    expect((await fetch(`${limited.url}/api/v1/version`)).status).toBe(200);
  });

  it('bound a spray of different bad tokens from one address (AUTH_RATE_LIMIT_MAX_FAILURES_PER_ADDRESS)', async () => {
    const limited = await serve(10, 25);
    const me = async (token: string) => (await fetch(`${limited.url}/api/v1/me`, { headers: bearer(token) })).status;
    const sprayed = (n: number) => `mad_${n.toString(36).padStart(43, 'q')}`;
    for (let attempt = 0; attempt < 25; attempt += 1) expect(await me(sprayed(attempt))).toBe(401);
    // The 26th different bad token is refused before it is looked up…
    const blocked = await fetch(`${limited.url}/api/v1/me`, { headers: bearer(sprayed(25)) });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { message: string }).message).toMatch(/from your address/);
    // …and so is every token and sign-in from that address until the window moves on (the answer says nothing).
    expect(await me(secrets.admin)).toBe(429);
    expect((await fetch(`${limited.url}/auth/login`, { redirect: 'manual' })).status).toBe(429);
    // Anonymous public parts still answer.
    expect((await fetch(`${limited.url}/api/v1/version`)).status).toBe(200);
  });

  it("limit failed sign-ins per login attempt and address, and all of an address's failures together", async () => {
    const limited = await serve(2, 6);
    const callback = async (loginCookie?: string) =>
      (
        await fetch(`${limited.url}/auth/callback?code=stolen&state=guess`, {
          headers: { accept: 'application/json', ...(loginCookie ? { cookie: `mad_login=${loginCookie}` } : {}) },
          redirect: 'manual',
        })
      ).status;
    const login = async () => (await fetch(`${limited.url}/auth/login`, { redirect: 'manual' })).status;
    // The same forged callback twice is refused (400), then limited (429).
    for (let attempt = 0; attempt < 2; attempt += 1) expect(await callback()).toBe(400);
    expect(await callback()).toBe(429);
    // Others behind the same address still start and finish sign-ins: /auth/login answers, another attempt's
    // callback is looked at (400 here, as its state is forged too), not limited.
    expect(await login()).toBe(200);
    expect(await callback('attempt-a')).toBe(400);
    expect(await callback('attempt-a')).toBe(400);
    expect(await callback('attempt-a')).toBe(429);
    // Six refusals from the address in all: now /auth/login and every callback from it answer 429.
    expect(await callback('attempt-b')).toBe(400);
    expect(await callback('attempt-c')).toBe(400);
    expect(await login()).toBe(429);
    expect(await callback('attempt-d')).toBe(429);
  });
});

describe('operator CLI', () => {
  async function run(...argv: string[]): Promise<string[]> {
    const lines: string[] = [];
    await runOperatorCommand(db, argv, { out: (line) => lines.push(line) });
    return lines;
  }

  it('bootstraps an organisation, its admin and a token once, and only a new token when re-run', async () => {
    const first = await run('bootstrap', '--org', 'labs', '--email', 'Lead@Labs.example.org');
    const second = await run('bootstrap', '--org', 'labs', '--email', 'lead@labs.example.org');
    const [token1, token2] = [first.at(-1) ?? '', second.at(-1) ?? ''];
    expect(token1).toMatch(/^mad_[A-Za-z0-9_-]{43}$/);
    expect(token2).toMatch(/^mad_[A-Za-z0-9_-]{43}$/);
    expect(token1).not.toBe(token2);
    expect(first.join('\n')).toMatch(/organisation labs created \(results schema org_labs\)/);
    expect(second.join('\n')).toMatch(/organisation labs exists/);
    expect((await db.selectFrom('organizations').select('id').where('slug', '=', 'labs').execute()).length).toBe(1);
    expect(
      (await db.selectFrom('users').select('id').where('email', '=', 'lead@labs.example.org').execute()).length,
    ).toBe(1);
    const principal = await resolveApiToken(db, token2);
    expect(principal).toMatchObject({ role: 'admin', org: { slug: 'labs', resultsSchema: 'org_labs' } });
    // The results schema was provisioned with the organisation.
    const settings = await db.withSchema('org_labs').selectFrom('org_settings').select('key').execute();
    expect(settings).toEqual([]);
  });

  it('adds members, creates and revokes tokens, lists providers, and explains mistakes', async () => {
    expect((await run('create-org', '--org', 'second-lab', '--name', 'Second Lab')).join()).toMatch(/created/);
    await expect(run('create-org', '--org', 'second-lab')).rejects.toThrow(/already exists/);
    expect(
      (await run('add-member', '--org', 'second-lab', '--email', 'v@x.example.org', '--role', 'scientist')).join(),
    ).toMatch(/v@x.example.org is now scientist of second-lab \(new user\)/);
    const lines = await run('create-token', '--org', 'second-lab', '--email', 'v@x.example.org', '--expires-days', '7');
    const secret = lines.at(-1) ?? '';
    const id = /API token ([0-9a-f-]{36})/.exec(lines.join('\n'))?.[1] ?? '';
    expect((await resolveApiToken(db, secret))?.role).toBe('scientist');
    await expect(
      run('create-token', '--org', 'second-lab', '--email', 'v@x.example.org', '--role', 'admin'),
    ).rejects.toThrow(/cannot have role admin/);
    expect((await run('revoke-token', '--org', 'second-lab', '--id', id)).join()).toMatch(/revoked/);
    expect(await resolveApiToken(db, secret)).toBeNull();
    await expect(run('revoke-token', '--org', 'labs', '--id', id)).rejects.toThrow(/no live API token/);
    expect((await run('list-providers')).join()).toMatch(/no identity providers/);
    await expect(run('bootstrap', '--org', 'x1')).rejects.toThrow(UsageError);
    await expect(run('frobnicate')).rejects.toThrow(/unknown command "frobnicate"/);
    await expect(run('add-member', '--org', 'nope', '--email', 'a@b.example.org')).rejects.toThrow(
      /organisation "nope" not found/,
    );
  });
});

describe('production configuration', () => {
  const base = { DATABASE_URL: 'postgres://u@h/db', NODE_ENV: 'production' };

  it('refuses the embedded identity provider and a missing SESSION_SECRET, with readable reasons', () => {
    const problems = productionProblems(parseEnv(serverEnvSchema, { ...base, EMBEDDED_IDP: 'true' }));
    expect(problems.join('\n')).toMatch(/EMBEDDED_IDP=true: the embedded identity provider .* unset EMBEDDED_IDP/);
    expect(problems.join('\n')).toMatch(/SESSION_SECRET is not set/);
    expect(productionProblems(parseEnv(serverEnvSchema, { ...base, SESSION_SECRET: 's'.repeat(40) }))).toEqual([]);
    expect(
      productionProblems(parseEnv(serverEnvSchema, { DATABASE_URL: 'postgres://u@h/db', EMBEDDED_IDP: 'true' })),
    ).toEqual([]);
  });
});
