// The access matrix, generated from the router itself: every tRPC procedure and every REST operation of the OpenAPI
// document is called as anonymous, viewer, scientist and admin of org A, and admin of org B, and the outcome is
// compared with the procedure's declared access rule and the role_permissions data. A procedure added tomorrow is
// covered the day it is added; one without an access rule fails this file. Then org B is pointed at every id of
// org A that the database holds: it must get NOT_FOUND (never 403, never data).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { z } from 'zod';
import { sql } from 'kysely';
import type { Database } from '@mad/db';
import {
  appRouter,
  createCallerFactory,
  isPermission,
  procedure,
  router,
  type AccessRule,
  type Context,
  type Principal,
} from '@mad/api';
import { createOrganization, resolveApiToken, roleByName, type OrganizationRef } from '@mad/auth';
import { freePort } from '@mad/test-utils';
import type { Runtime } from '../services.js';
import { memberWithToken, runtimeHarness, type Listening, type RuntimeHarness } from '../../test/auth-http.js';
import { toApiPrincipal } from './credentials.js';
import { procedureTable, type AnyRouter } from '../../test/procedures.js';

const log = pino({ level: 'silent' });
const ROLES = ['viewer', 'scientist', 'admin'] as const;
type Caller = 'anonymous' | 'viewerA' | 'scientistA' | 'adminA' | 'adminB';
const CALLERS: Caller[] = ['anonymous', 'viewerA', 'scientistA', 'adminA', 'adminB'];

let harness: RuntimeHarness;
let db: Database;
let runtime: Runtime;
let server: Listening;
let orgA: OrganizationRef;
let orgB: OrganizationRef;
const tokens = {} as Record<Exclude<Caller, 'anonymous'>, string>;
const principals = {} as Record<Caller, Principal | null>;
const grants = new Map<string, Set<string>>();

function roleOf(caller: Caller): string | null {
  return caller === 'anonymous' ? null : caller.replace(/[AB]$/, '');
}

/** What the declared rule and the role_permissions rows say the caller gets: 401, 403 or through. */
function expected(access: AccessRule, caller: Caller): 'through' | 401 | 403 {
  if (access === 'public') return 'through';
  const role = roleOf(caller);
  if (!role) return 401;
  if (access === 'signed-in') return 'through';
  return grants.get(role)?.has(access) ? 'through' : 403;
}

beforeAll(async () => {
  harness = await runtimeHarness('mad_access_matrix', log);
  db = harness.database.db;
  orgA = await createOrganization(db, { slug: 'org-a', name: 'Org A' });
  orgB = await createOrganization(db, { slug: 'org-b', name: 'Org B' });
  for (const role of ROLES)
    tokens[`${role}A` as Exclude<Caller, 'anonymous'>] = (
      await memberWithToken(db, orgA.id, `${role}@a.example.org`, role, `${role} A`)
    ).token;
  tokens.adminB = (await memberWithToken(db, orgB.id, 'admin@b.example.org', 'admin', 'admin B')).token;
  principals.anonymous = null;
  for (const caller of CALLERS.filter((c): c is Exclude<Caller, 'anonymous'> => c !== 'anonymous')) {
    const resolved = await resolveApiToken(db, tokens[caller]);
    principals[caller] = resolved ? toApiPrincipal(resolved) : null;
  }
  // Org A has something of every kind this file can create: an identity provider.
  await db
    .insertInto('identity_providers')
    .values({
      org_id: orgA.id,
      display_name: 'A IdP',
      issuer: 'https://login.a.example.org',
      client_id: 'a',
      default_role_id: (await roleByName(db, 'viewer')).id,
    })
    .execute();

  // …and a webhook with one delivery (inserted here: the server refuses its private URL at creation).
  const webhookA = await db
    .insertInto('webhooks')
    .values({
      org_id: orgA.id,
      url: 'https://hooks.a.example.org/mad',
      events: ['job.completed'],
      secret: 'x'.repeat(40),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('webhook_deliveries')
    .values({
      webhook_id: webhookA.id,
      job_id: null,
      event: 'webhook.test',
      payload: JSON.stringify({ event: 'webhook.test', occurredAt: new Date().toISOString(), job: null, links: {} }),
      next_attempt_at: new Date(Date.now() + 86_400_000),
    })
    .execute();

  // …and a project with a ligand set of one ligand (issue 17), so org B is pointed at their ids.
  const projectA = await db
    .insertInto('projects')
    .values({ org_id: orgA.id, name: 'A project' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const artifactA = await db
    .insertInto('artifacts')
    .values({
      org_id: orgA.id,
      s3_key: `orgs/${orgA.id}/molecules/x/ethanol.smi`,
      file_name: 'ethanol.smi',
      media_type: 'chemical/x-daylight-smiles',
      format: 'smiles',
      size_bytes: 4,
      sha256: 'a'.repeat(64),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ligandA = await db
    .insertInto('molecules')
    .values({
      org_id: orgA.id,
      kind: 'ligand',
      name: 'ethanol',
      source_format: 'smiles',
      content_sha256: 'a'.repeat(64),
      canonical_smiles: 'CCO',
      properties: '{}',
      artifact_id: artifactA.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const setA = await db
    .insertInto('ligand_sets')
    .values({
      org_id: orgA.id,
      project_id: projectA.id,
      name: 'A set',
      definition: JSON.stringify({ kind: 'ids' }),
      resolved_count: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('ligand_set_members').values({ set_id: setA.id, ordinal: 1, molecule_id: ligandA.id }).execute();

  const rows = await db
    .selectFrom('role_permissions')
    .innerJoin('roles', 'roles.id', 'role_permissions.role_id')
    .select(['roles.name', 'role_permissions.permission'])
    .execute();
  for (const row of rows) grants.set(row.name, (grants.get(row.name) ?? new Set()).add(row.permission));

  const port = await freePort();
  ({ runtime, server } = await harness.serve(
    { PUBLIC_URL: `http://127.0.0.1:${port}`, AUTH_RATE_LIMIT_MAX_FAILURES: '3' },
    port,
  ));
});

afterAll(async () => {
  await harness?.close();
});

const createCaller = createCallerFactory(appRouter);

function contextFor(caller: Caller): Context {
  return { ...runtime.services, requestId: `matrix-${caller}`, log, principal: principals[caller] };
}

/** Calls a procedure by path; returns 'ok' with the data, or the tRPC error code. Slow handlers count as through. */
async function call(caller: Caller, path: string, input: unknown): Promise<{ code: string; data?: unknown }> {
  const target = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], createCaller(contextFor(caller))) as (
    input: unknown,
  ) => Promise<unknown>;
  let timer: NodeJS.Timeout | undefined;
  try {
    const data = await Promise.race([
      target(input),
      new Promise((resolve) => (timer = setTimeout(() => resolve('__slow__'), 15_000))),
    ]);
    return { code: data === '__slow__' ? 'SLOW' : 'OK', data };
  } catch (error) {
    const { code = 'UNKNOWN', message = '' } = error as { code?: string; message?: string };
    return { code: code === 'INTERNAL_SERVER_ERROR' ? `${code} (${message.slice(0, 160)})` : code };
  } finally {
    clearTimeout(timer);
  }
}

describe('every procedure declares its access', () => {
  it('finds no procedure without an access rule in the app router', () => {
    const missing = procedureTable(appRouter as unknown as AnyRouter)
      .filter((p) => !p.access)
      .map((p) => p.path);
    expect(missing).toEqual([]);
  });

  it('would catch one (the check itself can fail), and such a procedure refuses every call', async () => {
    const careless = router({
      fine: procedure.meta({ access: 'public' }).query(() => 1),
      forgotten: procedure.query(() => 2),
    });
    expect(
      procedureTable(careless as unknown as AnyRouter)
        .filter((p) => !p.access)
        .map((p) => p.path),
    ).toEqual(['forgotten']);
    const caller = createCallerFactory(careless)(contextFor('adminA'));
    await expect(caller.forgotten()).rejects.toThrow(/declares no access rule/);
  });
});

describe('tRPC: each procedure × caller against the declared rule', () => {
  // Anonymous gets 401 and a role without the permission 403 before the input is even parsed (authorize runs first),
  // so no input is needed: a caller let through meets the input validation (BAD_REQUEST) or the handler.
  it('answers 401/403 exactly where the rule says, and lets the others through', async () => {
    const table = procedureTable(appRouter as unknown as AnyRouter);
    const mismatches: string[] = [];
    for (const { path, access } of table) {
      for (const caller of CALLERS) {
        const outcome = await call(caller, path, undefined);
        const want = expected(access as AccessRule, caller);
        const got = outcome.code === 'UNAUTHORIZED' ? 401 : outcome.code === 'FORBIDDEN' ? 403 : 'through';
        if (got !== want) mismatches.push(`${path} as ${caller}: expected ${want}, got ${outcome.code}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(table.length).toBeGreaterThan(15);
  });
});

interface Operation {
  method: string;
  path: string;
  operationId?: string;
  security?: unknown[];
  'x-access'?: AccessRule;
  responses?: Record<string, { description?: string }>;
}

function documentedPermission(op: Operation): AccessRule | undefined {
  const forbidden = op.responses?.['403']?.description ?? '';
  const permission = /lacks (?:the permission )?([a-z_]+:[a-z_]+)/.exec(forbidden)?.[1];
  return permission && isPermission(permission) ? permission : undefined;
}

describe('REST: each operation of the OpenAPI document × caller', () => {
  it('answers 401/403 exactly where the rule says, with security documented on every protected route', async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
    };
    const rules = new Map(
      procedureTable(appRouter as unknown as AnyRouter).map((p) => [p.path.replace(/\./g, '-'), p.access]),
    );
    const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ ...op, method, path })),
    );
    const mismatches: string[] = [];
    for (const op of operations) {
      // Routes written by hand (multipart upload, redirects) carry their rule as x-access in the document (or, for
      // those written before that convention, name the permission in their documented 403 response).
      const access = (op.operationId && rules.get(op.operationId)) ?? op['x-access'] ?? documentedPermission(op);
      const name = `${op.method.toUpperCase()} ${op.path}`;
      if (!access) {
        mismatches.push(`${name}: no access rule (no procedure behind it and no x-access)`);
        continue;
      }
      if (access !== 'public' && !(op.security && op.security.length > 0))
        mismatches.push(`${name}: protected but the document shows no security`);
      const url = `${server.url}/api${op.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000')}`;
      for (const caller of CALLERS) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (caller !== 'anonymous') headers.authorization = `Bearer ${tokens[caller]}`;
        const body = ['get', 'head', 'delete'].includes(op.method) ? undefined : '{}';
        const response = await fetch(url, { method: op.method.toUpperCase(), headers, body });
        await response.arrayBuffer();
        const want = expected(access, caller);
        const got = response.status === 401 ? 401 : response.status === 403 ? 403 : 'through';
        if (got !== want) mismatches.push(`${name} as ${caller}: expected ${want}, got ${response.status}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(operations.length).toBeGreaterThan(8);
  });
});

describe('organisations are isolated', () => {
  /** Every id of org A in the metadata schema: rows of tables with an org_id column, and org A's members. */
  async function idsOfOrgA(): Promise<string[]> {
    const tables = await sql<{ table_name: string }>`
      select c.table_name from information_schema.columns c
      join information_schema.columns i on i.table_schema = c.table_schema and i.table_name = c.table_name and i.column_name = 'id'
      where c.table_schema = 'public' and c.column_name = 'org_id'`.execute(db);
    const ids: string[] = [orgA.id];
    for (const { table_name } of tables.rows) {
      const rows = await sql<{
        id: string;
      }>`select id::text as id from ${sql.table(table_name)} where org_id = ${orgA.id}`.execute(db);
      ids.push(...rows.rows.map((r) => r.id));
    }
    const members = await db.selectFrom('memberships').select('user_id').where('org_id', '=', orgA.id).execute();
    return [...new Set([...ids, ...members.map((m) => m.user_id)])];
  }

  async function snapshotOfOrgA(): Promise<string> {
    const tables = await sql<{
      table_name: string;
    }>`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'org_id' order by 1`.execute(
      db,
    );
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await sql<{
        row: string;
      }>`select t::text as row from ${sql.table(table_name)} t where org_id = ${orgA.id} order by 1`.execute(db);
      parts.push(`${table_name}:${rows.rows.map((r) => r.row).join('|')}`);
    }
    return parts.join('\n');
  }

  /** The input of a procedure with every uuid-typed field set to `id`, or null when it takes no such field. */
  function inputWithId(schema: z.ZodType | undefined, id: string): Record<string, unknown> | null {
    if (!(schema instanceof z.ZodObject)) return null;
    const input: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(schema.shape)) {
      // A loose object's shape is typed any; instanceof makes each field a schema to call.
      if (!(field instanceof z.ZodType)) continue;
      if (field.safeParse(id).success && !field.safeParse('not-a-uuid').success) input[key] = id;
    }
    return Object.keys(input).length > 0 ? input : null;
  }

  it('lets org B neither read nor change anything of org A through any procedure (NOT_FOUND, never 403)', async () => {
    const before = await snapshotOfOrgA();
    const ids = await idsOfOrgA();
    expect(ids.length).toBeGreaterThanOrEqual(6);
    const leaks: string[] = [];
    let probes = 0;
    for (const { path, type, access, input } of procedureTable(appRouter as unknown as AnyRouter)) {
      if (type === 'subscription' || expected(access as AccessRule, 'adminB') !== 'through') continue;
      // Lists and other id-less reads: nothing of org A may appear in what org B gets.
      if (!inputWithId(input, ids[0] ?? '') && type === 'query') {
        const outcome = await call('adminB', path, undefined);
        const text = JSON.stringify(outcome.data ?? null);
        for (const id of ids) if (text.includes(id)) leaks.push(`${path} shows org A's ${id} to org B`);
        continue;
      }
      for (const id of ids) {
        const probe = inputWithId(input, id);
        if (!probe) continue;
        probes += 1;
        const outcome = await call('adminB', path, probe);
        // A service that services.ts does not wire yet ("… not configured in this process") reads and changes nothing.
        if (/not configured in this process/.test(outcome.code)) continue;
        if (outcome.code !== 'NOT_FOUND' && outcome.code !== 'BAD_REQUEST')
          leaks.push(`${path}(${JSON.stringify(probe)}) as org B: ${outcome.code}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(probes).toBeGreaterThan(10);
    expect(await snapshotOfOrgA()).toBe(before);
  });

  it("answers NOT_FOUND to org B for org A's member, token and provider, which org A's admin can see", async () => {
    const userA = (
      await db.selectFrom('users').select('id').where('email', '=', 'viewer@a.example.org').executeTakeFirstOrThrow()
    ).id;
    const tokenA = (await db.selectFrom('tokens').select('id').where('org_id', '=', orgA.id).executeTakeFirstOrThrow())
      .id;
    const providerA = (
      await db.selectFrom('identity_providers').select('id').where('org_id', '=', orgA.id).executeTakeFirstOrThrow()
    ).id;
    expect((await call('adminB', 'members.setRole', { userId: userA, role: 'viewer' })).code).toBe('NOT_FOUND');
    expect((await call('adminB', 'members.remove', { userId: userA })).code).toBe('NOT_FOUND');
    expect((await call('adminB', 'tokens.revoke', { tokenId: tokenA })).code).toBe('NOT_FOUND');
    expect((await call('adminB', 'providers.update', { providerId: providerA, enabled: false })).code).toBe(
      'NOT_FOUND',
    );
    const rest = await fetch(`${server.url}/api/v1/tokens/${tokenA}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tokens.adminB}` },
    });
    expect(rest.status).toBe(404);
    const listA = await call('adminA', 'members.list', undefined);
    expect(JSON.stringify(listA.data)).toContain(userA);
  });

  it("answers NOT_FOUND to org B for org A's webhook and its delivery log, which org A's admin can see", async () => {
    const webhookA = (
      await db.selectFrom('webhooks').select('id').where('org_id', '=', orgA.id).executeTakeFirstOrThrow()
    ).id;
    for (const [path, input] of [
      ['webhooks.get', { webhookId: webhookA }],
      ['webhooks.update', { webhookId: webhookA, active: false }],
      ['webhooks.delete', { webhookId: webhookA }],
      ['webhooks.deliveries', { webhookId: webhookA }],
      ['webhooks.test', { webhookId: webhookA }],
      ['webhooks.rotateSecret', { webhookId: webhookA }],
    ] as const)
      expect((await call('adminB', path, input)).code, path).toBe('NOT_FOUND');
    const asB = { authorization: `Bearer ${tokens.adminB}`, 'content-type': 'application/json' };
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['PATCH', '', '{"active":false}'],
      ['DELETE', '', undefined],
      ['GET', '/deliveries', undefined],
      ['POST', '/test', undefined],
      ['POST', '/rotate-secret', undefined],
    ] as const) {
      const response = await fetch(`${server.url}/api/v1/webhooks/${webhookA}${suffix}`, {
        method,
        headers: asB,
        body,
      });
      expect(response.status, `${method} ${suffix}`).toBe(404);
    }
    const listB = await call('adminB', 'webhooks.list', {});
    expect(JSON.stringify(listB.data)).not.toContain(webhookA);
    const listA = await call('adminA', 'webhooks.list', {});
    expect(JSON.stringify(listA.data)).toContain(webhookA);
    expect(JSON.stringify(listA.data)).not.toContain('x'.repeat(40));
    const log = await call('adminA', 'webhooks.deliveries', { webhookId: webhookA });
    expect((log.data as { deliveries: unknown[] }).deliveries).toHaveLength(1);
    // Org B's attempts changed nothing: org A's secret is the one it was given, never rotated.
    expect(
      await db
        .selectFrom('webhooks')
        .select(['secret', 'previous_secret', 'secret_rotated_at'])
        .where('id', '=', webhookA)
        .executeTakeFirstOrThrow(),
    ).toMatchObject({ previous_secret: null, secret_rotated_at: null });
    // A scientist and a viewer of org A are refused (403), over tRPC and REST.
    for (const caller of ['scientistA', 'viewerA'] as const) {
      expect((await call(caller, 'webhooks.rotateSecret', { webhookId: webhookA })).code, caller).toBe('FORBIDDEN');
      const response = await fetch(`${server.url}/api/v1/webhooks/${webhookA}/rotate-secret`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[caller]}` },
      });
      expect(response.status, caller).toBe(403);
    }
  });

  it('refuses a webhook URL on a loopback or private address when WEBHOOK_ALLOW_PRIVATE_NETWORKS is not set', async () => {
    const asA = { authorization: `Bearer ${tokens.adminA}`, 'content-type': 'application/json' };
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://localhost:9/hook',
      'http://[::1]/hook',
      'http://10.1.2.3/',
      'http://169.254.169.254/latest',
    ]) {
      const response = await fetch(`${server.url}/api/v1/webhooks`, {
        method: 'POST',
        headers: asA,
        body: JSON.stringify({ url }),
      });
      const body = (await response.json()) as { field?: string; message?: string };
      expect(response.status, url).toBe(400);
      expect(body.field).toBe('url');
      expect(body.message).toMatch(/loopback, private or reserved.*WEBHOOK_ALLOW_PRIVATE_NETWORKS/);
    }
    expect(await db.selectFrom('webhooks').select('id').where('url', 'like', '%/hook').execute()).toEqual([]);
  });
});
