// A fuzzer of the whole surface (issue 12), generated from what the server serves, never from a hand-kept list: every
// operation of GET /api/v1/openapi.json (path parameters, query strings, JSON bodies per schema) and every procedure
// of the app router over /trpc (its input schema as JSON Schema) is sent wrong types, missing and extra fields, NUL
// bytes and other control characters, huge and empty strings, boundary and non-finite numbers, malformed ids and
// cursors, deep nesting and broken JSON, as each role of one organisation, as the admin of another and anonymously.
// Pass: no answer >= 500, every 4xx in the one error shape ({ code, message, field?, problems? } on REST, tRPC's error
// on /trpc), and nothing stored changes on a refused request: the row count and an MD5 of every row of every table of
// the public schema and of every organisation's schema (org_*) are the same after it (test/table-digest.ts; only the
// columns in CHANGES_ON_READ left out), and the same after every batch of reads. Seeded (FUZZ_SEED, 12 by default): the
// same seed sends the same requests, so a failure is found again; FUZZ_REPORT=<file> writes every failure there (the
// assertion shows the first 40).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { z } from 'zod';
import { appRouter } from '@mad/api';
import { createOrganization } from '@mad/auth';
import type { Database } from '@mad/db';
import {
  digestChanges,
  freePort,
  sharedDataDir,
  tableDigester,
  type ExcludedColumns,
  type TableDigester,
} from '@mad/test-utils';
import { memberWithToken, runtimeHarness, type Listening, type RuntimeHarness } from '../../test/auth-http.js';
import { procedureTable, type AnyRouter } from '../../test/procedures.js';
import { rawRequest, type RawRequest } from '../../test/raw-http.js';
import {
  BAD_IDS,
  BAD_QUERY_VALUES,
  SchemaSampler,
  bodyVariants,
  deeplyNested,
  seededRandom,
  toJsonText,
  type Json,
  type JsonSchema,
} from '../../test/fuzz.js';

const SEED = Number(process.env.FUZZ_SEED ?? 12);
/** Bodies per operation for the caller allowed to run it; the other callers get a sample of these. */
const BODIES_PER_OPERATION = 14;
const QUERY_VARIANTS_PER_OPERATION = 6;
const SAMPLED_PER_OTHER_CALLER = 2;
const HEADER_VARIANTS_PER_OPERATION = 2;
const READ_CONCURRENCY = 4;

/**
 * The only columns a request may change without it being a change: authentication's bookkeeping, written by a read
 * as much as by a write, refused or not. Every other column of every table of public and org_* is compared. (The
 * callers here use API tokens; a caller with a session cookie would add sessions' last_seen_at, idle_expires_at and
 * updated_at, pushed forward the same way.)
 */
const CHANGES_ON_READ: ExcludedColumns = {
  'public.tokens': {
    columns: ['last_used_at', 'updated_at'],
    reason:
      'every request with an API token stamps last_used_at, at most once a minute (packages/auth/src/credential-query.ts), ' +
      'and the tokens_updated_at trigger moves updated_at with it',
  },
};

/** Headers a client may get wrong, each refused with a 400 naming it (request-headers.ts). */
const BROKEN_HEADERS: { label: string; headers: Record<string, string>; refusedNaming: string }[] = [
  { label: 'Authorization: Basic', headers: { authorization: 'Basic Zm9vOmJhcg==' }, refusedNaming: 'Authorization' },
  {
    label: 'Authorization: Bearer of 600 chars',
    headers: { authorization: `Bearer ${'t'.repeat(600)}` },
    refusedNaming: 'Authorization',
  },
  { label: 'Authorization: two tokens', headers: { authorization: 'Bearer one two' }, refusedNaming: 'Authorization' },
  { label: 'X-Request-Id with spaces', headers: { 'x-request-id': 'not a request id' }, refusedNaming: 'X-Request-Id' },
  { label: 'X-Request-Id of 129 chars', headers: { 'x-request-id': 'r'.repeat(129) }, refusedNaming: 'X-Request-Id' },
  {
    label: 'Idempotency-Key of 300 chars',
    headers: { 'idempotency-key': 'k'.repeat(300) },
    refusedNaming: 'Idempotency-Key',
  },
  { label: 'X-Org of 300 chars', headers: { 'x-org': 'o'.repeat(300) }, refusedNaming: 'X-Org' },
  {
    label: 'X-CSRF-Token of 300 chars',
    headers: { 'x-csrf-token': 'c'.repeat(300) },
    refusedNaming: 'X-CSRF-Token',
  },
  { label: 'X-CSRF-Token with a tab', headers: { 'x-csrf-token': 'a\tb' }, refusedNaming: 'X-CSRF-Token' },
  { label: 'Cookie with a tab', headers: { cookie: 'mad_session=a\tb' }, refusedNaming: 'Cookie' },
  { label: 'X-Org in capitals', headers: { 'x-org': 'FUZZ-A' }, refusedNaming: 'X-Org' },
  { label: 'Cookie of 9,000 chars', headers: { cookie: `mad_session=${'c'.repeat(9_000)}` }, refusedNaming: 'Cookie' },
];

type Caller = 'anonymous' | 'viewer' | 'scientist' | 'admin' | 'otherAdmin';
const CALLERS: Caller[] = ['admin', 'scientist', 'viewer', 'otherAdmin', 'anonymous'];

interface Operation {
  method: string;
  path: string;
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema; example?: Json }> };
}

interface FuzzRequest {
  /** The operation or procedure it exercises. */
  target: string;
  label: string;
  method: string;
  url: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  surface: 'rest' | 'trpc';
  /** A broken header: the answer must be a 400 naming it. */
  refusedNaming?: string;
  /** A tRPC subscription: an open event stream is read briefly, then closed. */
  stream?: boolean;
}

interface Failure {
  request: string;
  problem: string;
}

const log = pino({ level: 'silent' });
let harness: RuntimeHarness;
let db: Database;
let server: Listening;
let digester: TableDigester;
const tokens = {} as Record<Exclude<Caller, 'anonymous'>, string>;
const ids: Record<string, string> = {};
/** Ids a destructive request may use up (deleted, revoked, removed): never the callers' own. */
const victims: Record<string, string> = {};

async function api(token: string, method: string, path: string, json?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

beforeAll(async () => {
  harness = await runtimeHarness('mad_fuzz', log, 6);
  db = harness.database.db;
  const port = await freePort();
  ({ server } = await harness.serve(
    {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      AUTH_RATE_LIMIT_MAX_FAILURES: '1000000',
      WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
    },
    port,
  ));
  const orgA = await createOrganization(db, { slug: 'fuzz-a', name: 'Fuzz A' });
  const orgB = await createOrganization(db, { slug: 'fuzz-b', name: 'Fuzz B' });
  for (const role of ['viewer', 'scientist', 'admin'] as const)
    tokens[role] = (await memberWithToken(db, orgA.id, `${role}@a.example.org`, role)).token;
  tokens.otherAdmin = (await memberWithToken(db, orgB.id, 'admin@b.example.org', 'admin')).token;

  // Something of every kind in org A, so ids in paths and bodies reach real rows.
  const receptorFile = await readFile(join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'), 'utf8');
  const admin = tokens.admin;
  const receptor = (await api(admin, 'POST', '/api/v1/molecules/upload', {
    kind: 'receptor',
    files: [{ name: '1iep_receptor.pdbqt', content: receptorFile }],
  })) as { molecules: { id: string; artifactId: string }[] };
  const ligands = (await api(admin, 'POST', '/api/v1/molecules/upload', {
    kind: 'ligand',
    smiles: 'CCO ethanol\nCCCO propanol\nCCCCO butanol',
  })) as { molecules: { id: string; artifactId: string }[] };
  ids.receptorId = receptor.molecules[0]!.id;
  ids.moleculeId = ligands.molecules[0]!.id;
  ids.artifactId = ligands.molecules[0]!.artifactId;
  victims.moleculeId = ligands.molecules[2]!.id;
  const box = { mode: 'box', center: { x: 15.6, y: 53.4, z: 16.8 }, size: { x: 20, y: 20, z: 20 } };
  const job = (await api(admin, 'POST', '/api/v1/pipelines/vina/jobs', {
    receptorId: ids.receptorId,
    ligandIds: [ids.moleculeId],
    bindingSite: box,
  })) as { jobId: string };
  ids.jobId = job.jobId;
  ids.ligandId = ids.moleculeId;
  // Cancelled, so a long-poll (?wait=) on it answers at once.
  await api(admin, 'POST', `/api/v1/jobs/${job.jobId}/cancel`);
  const victimJob = (await api(admin, 'POST', '/api/v1/pipelines/vina/jobs', {
    receptorId: ids.receptorId,
    ligandIds: [ligands.molecules[1]!.id],
    bindingSite: box,
  })) as { jobId: string };
  await api(admin, 'POST', `/api/v1/jobs/${victimJob.jobId}/cancel`);
  victims.jobId = victimJob.jobId;
  victims.tokenId = ((await api(admin, 'POST', '/api/v1/tokens', { name: 'spare' })) as { id: string }).id;
  victims.userId = (
    (await api(admin, 'POST', '/api/v1/members', { email: 'spare@a.example.org', role: 'viewer' })) as {
      userId: string;
    }
  ).userId;
  ids.userId = victims.userId;
  ids.tokenId = victims.tokenId;
  ids.providerId = (
    (await api(admin, 'POST', '/api/v1/providers', {
      displayName: 'Fuzz SSO',
      issuer: 'https://sso.example.org',
      clientId: 'fuzz',
    })) as { id: string }
  ).id;
  // A project and a ligand set (issue 17), and a spare of each for the deletes.
  ids.projectId = ((await api(admin, 'POST', '/api/v1/projects', { name: 'fuzz project' })) as { id: string }).id;
  victims.projectId = ((await api(admin, 'POST', '/api/v1/projects', { name: 'spare project' })) as { id: string }).id;
  const setOf = async (name: string) =>
    (
      (await api(admin, 'POST', '/api/v1/ligand-sets', {
        name,
        projectId: ids.projectId,
        source: { kind: 'ids', moleculeIds: [ids.moleculeId] },
      })) as { id: string }
    ).id;
  ids.ligandSetId = await setOf('fuzz set');
  victims.ligandSetId = await setOf('spare set');
  ids.pipelineId = 'vina';
  ids.file = 'poses.sdf';
  digester = await tableDigester(harness.database.url, CHANGES_ON_READ);
}, 120_000);

afterAll(async () => {
  await digester?.close();
  await harness?.close();
});

/** How many digests the fuzzer took and the milliseconds they cost (printed with the requests). */
const digestCost = { count: 0, ms: 0 };
async function stored() {
  const started = performance.now();
  const digests = await digester.digest();
  digestCost.count += 1;
  digestCost.ms += performance.now() - started;
  return digests;
}

const isDestructive = (method: string, target: string) =>
  method === 'DELETE' || /\b(delete|remove|revoke)\b|\.(delete|remove|revoke)$/.test(target);

function samplerFor(
  random: () => number,
  document: { components?: { schemas?: Record<string, JsonSchema> } },
  destructive: boolean,
) {
  return new SchemaSampler(
    random,
    (ref) => document.components?.schemas?.[ref.replace('#/components/schemas/', '')] ?? {},
    (name) => {
      const key = name === 'ligandIds' || name === 'ligandId' ? 'moleculeId' : name;
      return (destructive ? victims[key] : undefined) ?? ids[key] ?? null;
    },
  );
}

/** Every request of one REST operation: bodies per schema, each query parameter broken, malformed path ids. */
function restRequests(
  random: () => number,
  document: { components?: { schemas?: Record<string, JsonSchema> } },
  op: Operation,
): FuzzRequest[] {
  const target = `${op.method.toUpperCase()} ${op.path}`;
  const destructive = isDestructive(op.method.toUpperCase(), target);
  const sampler = samplerFor(random, document, destructive);
  const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
  const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
  const pathOf = (override?: { name: string; value: string }) =>
    `/api${op.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
      override?.name === name
        ? override.value
        : encodeURIComponent(
            String(
              (destructive ? victims[name] : undefined) ??
                ids[name] ??
                sampler.sample(pathParams.find((p) => p.name === name)?.schema ?? {}, name),
            ),
          ),
    )}`;
  const method = op.method.toUpperCase();
  const requests: FuzzRequest[] = [];
  const add = (
    label: string,
    url: string,
    body?: string,
    contentType = 'application/json',
    headers?: Record<string, string>,
  ) =>
    requests.push({
      target,
      label,
      method,
      url,
      surface: 'rest',
      headers,
      ...(body === undefined ? {} : { body, contentType }),
    });

  const json = op.requestBody?.content?.['application/json'];
  const baseline = pathOf();
  if (json?.schema) {
    const bodies = bodyVariants(sampler, json.schema, BODIES_PER_OPERATION);
    if (json.example !== undefined) bodies.unshift({ label: 'documented example', text: toJsonText(json.example) });
    for (const body of bodies) add(`body ${body.label}`, baseline, body.text);
    add('body as text/plain', baseline, '{}', 'text/plain');
  } else {
    add('no body', baseline);
    if (method !== 'GET') add('unexpected JSON body', baseline, '{"zzUnknownKey":1}');
  }
  const bodyText = json?.schema ? toJsonText(json.example ?? sampler.sample(json.schema)) : undefined;
  for (const param of pathParams)
    for (const bad of sampler.some(BAD_IDS, 4))
      add(`path ${param.name}=${bad.slice(0, 30)}`, pathOf({ name: param.name, value: bad }), bodyText);
  const queryVariants: string[] = ['zzUnknownParam=1'];
  for (const param of queryParams) {
    const value = toQueryValue(sampler.sample(param.schema ?? {}, param.name), param.name);
    queryVariants.push(`${param.name}=${value}&${param.name}=${value}`);
    for (const bad of sampler.some(BAD_QUERY_VALUES, 2))
      queryVariants.push(`${param.name}=${param.name === 'wait' && /^\d/.test(bad) ? '61' : bad}`);
  }
  for (const query of [queryVariants[0]!, ...sampler.some(queryVariants.slice(1), QUERY_VARIANTS_PER_OPERATION)])
    add(`query ${query.slice(0, 60)}`, `${baseline}?${query}`, bodyText);
  for (const broken of sampler.some(BROKEN_HEADERS, HEADER_VARIANTS_PER_OPERATION))
    requests.push({
      target,
      method,
      url: baseline,
      surface: 'rest',
      ...broken,
      ...(bodyText === undefined ? {} : { body: bodyText, contentType: 'application/json' }),
    });
  return requests;
}

function toQueryValue(value: Json, name: string): string {
  if (name === 'wait') return '0';
  if (typeof value === 'string') return encodeURIComponent(value);
  return encodeURIComponent(JSON.stringify(value));
}

/** Every request of one tRPC procedure: its input schema's bodies over GET (queries) or POST (mutations). */
function trpcRequests(random: () => number, row: ReturnType<typeof procedureTable>[number]): FuzzRequest[] {
  const target = `tRPC ${row.path}`;
  const destructive = isDestructive('', row.path);
  const sampler = samplerFor(random, {}, destructive);
  let schema: JsonSchema = {};
  if (row.input) {
    try {
      schema = z.toJSONSchema(row.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    } catch {
      schema = { type: 'object' };
    }
  }
  const wrap = (text: string) => `{"json":${text}}`;
  const bodies = row.input
    ? bodyVariants(sampler, schema, BODIES_PER_OPERATION).map((b) => ({ label: b.label, text: wrap(b.text) }))
    : [
        { label: 'no input', text: wrap('null') },
        { label: 'unexpected input', text: wrap('{"zzUnknownKey":1}') },
      ];
  const raw = [
    { label: 'input not JSON', text: '{"json":' },
    { label: 'superjson meta of an unknown type', text: '{"json":{"a":1},"meta":{"values":{"a":["nope"]}}}' },
    { label: 'superjson meta on a missing key', text: '{"json":{},"meta":{"values":{"a.b.c":["Date"]}}}' },
    { label: 'superjson meta that is not an object', text: '{"json":{},"meta":{"values":"Date"}}' },
    {
      label: 'superjson referential equality into __proto__',
      text: '{"json":{"a":{}},"meta":{"referentialEqualities":{"a":["__proto__.polluted"]}}}',
    },
    { label: 'superjson Date of garbage', text: '{"json":"not a date","meta":{"values":["Date"]}}' },
    { label: 'superjson bigint of garbage', text: '{"json":"12x","meta":{"values":["bigint"]}}' },
    { label: 'input nested 10,000 deep', text: `{"json":${deeplyNested(10_000)}}` },
  ];
  const requests: FuzzRequest[] = [];
  const url = `/trpc/${row.path}`;
  for (const { label, text } of [...bodies, ...raw]) {
    if (row.type === 'mutation')
      requests.push({
        target,
        label,
        method: 'POST',
        url,
        body: text,
        contentType: 'application/json',
        surface: 'trpc',
      });
    else
      requests.push({
        target,
        label,
        method: 'GET',
        url: `${url}?input=${encodeURIComponent(text)}`,
        surface: 'trpc',
        stream: row.type === 'subscription',
      });
  }
  requests.push(
    row.type === 'mutation'
      ? { target, label: 'GET of a mutation', method: 'GET', url, surface: 'trpc' }
      : {
          target,
          label: 'POST of a query',
          method: 'POST',
          url,
          body: '{"json":null}',
          contentType: 'application/json',
          surface: 'trpc',
        },
  );
  for (const broken of sampler.some(BROKEN_HEADERS, 1))
    requests.push({
      target,
      method: row.type === 'mutation' ? 'POST' : 'GET',
      url: row.type === 'mutation' ? url : `${url}?input=${encodeURIComponent('{"json":null}')}`,
      surface: 'trpc',
      ...broken,
      ...(row.type === 'mutation' ? { body: '{"json":null}', contentType: 'application/json' } : {}),
    });
  if (row.type !== 'subscription')
    requests.push({
      target,
      label: 'batch of two with a broken second input',
      method: row.type === 'mutation' ? 'POST' : 'GET',
      url: `/trpc/${row.path},${row.path}?batch=1${row.type === 'mutation' ? '' : `&input=${encodeURIComponent('{"0":{"json":null},"1":"x"}')}`}`,
      surface: 'trpc',
      ...(row.type === 'mutation' ? { body: '{"0":{"json":null},"1":"x"}', contentType: 'application/json' } : {}),
    });
  return requests;
}

const ALLOWED_ERROR_KEYS = new Set(['code', 'message', 'field', 'problems', 'details', 'data']);

/** What is wrong with a REST 4xx body (null when it is the one error shape). */
function restShapeProblem(body: unknown): string | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'not a JSON object';
  const b = body as Record<string, unknown>;
  if (typeof b.code !== 'string' || typeof b.message !== 'string' || !b.message) return 'no code and message';
  if (b.field !== undefined && typeof b.field !== 'string') return 'field is not a string';
  if (
    b.problems !== undefined &&
    !(
      Array.isArray(b.problems) &&
      (b.problems as { field?: unknown; reason?: unknown }[]).every(
        (p) => typeof p?.field === 'string' && typeof p?.reason === 'string',
      )
    )
  )
    return 'problems is not [{ field, reason }]';
  const extra = Object.keys(b).filter((k) => !ALLOWED_ERROR_KEYS.has(k));
  return extra.length ? `keys beyond the error shape: ${extra.join(', ')}` : null;
}

/** What is wrong with a tRPC error answer (superjson-encoded `{ error: { json: { message, code, data } } }`). */
function trpcShapeProblem(status: number, body: unknown): string | null {
  const first = Array.isArray(body) ? body.find((b) => (b as { error?: unknown })?.error) : body;
  const error = (first as { error?: { json?: Record<string, unknown> } } | null)?.error?.json;
  if (!error) return 'not a tRPC error ({ error: { json } })';
  const data = error.data as Record<string, unknown> | undefined;
  if (typeof error.message !== 'string' || typeof error.code !== 'number') return 'no message and code';
  if (typeof data?.code !== 'string' || typeof data.httpStatus !== 'number') return 'no data.code and data.httpStatus';
  if (!Array.isArray(body) && data.httpStatus !== status) return `data.httpStatus ${data.httpStatus} on a ${status}`;
  return null;
}

async function send(request: FuzzRequest, caller: Caller): Promise<{ status: number; text: string; type: string }> {
  const headers: Record<string, string> = {
    ...(caller === 'anonymous' ? {} : { authorization: `Bearer ${tokens[caller]}` }),
    ...(request.contentType ? { 'content-type': request.contentType } : {}),
    ...(request.stream ? { accept: 'text/event-stream' } : {}),
    ...request.headers,
  };
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), request.stream ? 1_500 : 20_000);
  try {
    const response = await fetch(`${server.url}${request.url}`, {
      method: request.method,
      headers,
      redirect: 'manual',
      signal: abort.signal,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('text/event-stream')) {
      // An open stream: its first events are enough (a refusal comes right after `connected`); then close it.
      const reader = response.body!.getReader();
      const until = Date.now() + 150;
      let text = '';
      while (Date.now() < until && !text.includes('serialized-error')) {
        const chunk = await Promise.race([
          reader.read(),
          new Promise<null>((r) => setTimeout(() => r(null), Math.max(1, until - Date.now()))),
        ]);
        if (!chunk || chunk.done) break;
        text += Buffer.from(chunk.value).toString('utf8');
      }
      abort.abort();
      return { status: response.status, text, type };
    }
    return { status: response.status, text: await response.text(), type };
  } finally {
    clearTimeout(timer);
  }
}

/** A tRPC subscription answers 200 and sends a refusal as its first `serialized-error` event, in tRPC's shape. */
function judgeStream(request: FuzzRequest, text: string): string | null {
  const data = /event: serialized-error\ndata: (.*)/.exec(text)?.[1];
  if (!data) return request.refusedNaming ? `a broken ${request.refusedNaming} header opened the stream` : null;
  let error: {
    json?: { message?: unknown; code?: unknown; data?: { code?: unknown; httpStatus?: number; field?: string } };
  };
  try {
    error = JSON.parse(data) as typeof error;
  } catch {
    return `a stream error that is not JSON: ${data.slice(0, 200)}`;
  }
  const shape = error.json;
  if (typeof shape?.message !== 'string' || typeof shape.code !== 'number' || typeof shape.data?.code !== 'string')
    return `a stream error not in tRPC's shape: ${data.slice(0, 200)}`;
  if ((shape.data.httpStatus ?? 500) >= 500) return `the stream sent a server error: ${data.slice(0, 300)}`;
  if (request.refusedNaming && shape.data.field !== request.refusedNaming)
    return `a broken ${request.refusedNaming} header refused naming ${shape.data.field ?? 'nothing'}`;
  return null;
}

function judge(request: FuzzRequest, answer: { status: number; text: string; type: string }): string | null {
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (answer.type.includes('text/event-stream')) return judgeStream(request, answer.text);
  if (request.refusedNaming && answer.status !== 400)
    return `a broken ${request.refusedNaming} header answered ${answer.status}: ${answer.text.slice(0, 200)}`;
  if (answer.status < 400) return null;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return `a ${answer.status} that is not JSON (${answer.type}): ${answer.text.slice(0, 200)}`;
  }
  // The upload's 422 (nothing stored) is its own documented body, the per-record answer; the HTTP parser's refusals
  // (431, 400 before any route) are in the REST shape on every path, /trpc too (clientErrorAnswer).
  if (request.target === 'POST /v1/molecules/upload' && answer.status === 422)
    return Array.isArray((body as { errors?: unknown })?.errors)
      ? null
      : `a 422 without errors: ${answer.text.slice(0, 200)}`;
  const problem =
    request.surface === 'rest' || answer.status === 431
      ? restShapeProblem(body)
      : trpcShapeProblem(answer.status, body);
  if (!problem && request.refusedNaming) {
    const field =
      request.surface === 'rest'
        ? (body as { field?: string }).field
        : (body as { error?: { json?: { data?: { field?: string } } } }).error?.json?.data?.field;
    if (answer.status !== 400 || field !== request.refusedNaming)
      return `a broken ${request.refusedNaming} header answered ${answer.status} naming ${field ?? 'nothing'}: ${answer.text.slice(0, 200)}`;
  }
  return problem ? `a ${answer.status} not in the error shape (${problem}): ${answer.text.slice(0, 300)}` : null;
}

describe('what is stored, digested', () => {
  it('a change of one column of one row shows, in public and in an organisation schema; excluded columns do not', async () => {
    const before = await stored();
    const { results_schema: orgSchema } = await db
      .selectFrom('organizations')
      .select('results_schema')
      .where('slug', '=', 'fuzz-a')
      .executeTakeFirstOrThrow();
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([
        'public.molecules',
        'public.tokens',
        `${orgSchema}.jobs`,
        `${orgSchema}.docking_results`,
      ]),
    );
    expect(before[`${orgSchema}.jobs`]?.rows).toBe(2);
    const molecules = before['public.molecules']!.rows;
    // In one transaction on the digester's connection, then rolled back (the revert: the tables' updated_at triggers
    // would not let an update back to the old value restore the row).
    const run = (text: string, values: unknown[] = []) => digester.client.query(text, values);
    const jobs = `${orgSchema}.jobs`;
    await run('begin');
    try {
      await run(`update molecules set name = name || 'x' where id = $1`, [ids.moleculeId]);
      expect(digestChanges(before, await stored())).toEqual([`public.molecules (${molecules} rows) changed`]);
      await run(`update tokens set last_used_at = now() - interval '1 hour'`);
      expect(digestChanges(before, await stored())).toEqual([`public.molecules (${molecules} rows) changed`]);
      await run(`update ${jobs} set error = 'x' where id = $1`, [ids.jobId]);
      expect(digestChanges(before, await stored())).toEqual([
        `${jobs} (2 rows) changed`,
        `public.molecules (${molecules} rows) changed`,
      ]);
      // A row of a partitioned table (read through its parent), and a table created.
      await run(`delete from ${orgSchema}.job_events where id = (select min(id) from ${orgSchema}.job_events)`);
      await run(`create table ${orgSchema}.zz_new (a int)`);
      const events = before[`${orgSchema}.job_events`]!.rows;
      expect(digestChanges(before, await stored())).toEqual([
        `${orgSchema}.job_events rows ${events} -> ${events - 1}`,
        `${jobs} (2 rows) changed`,
        `${orgSchema}.zz_new created`,
        `public.molecules (${molecules} rows) changed`,
      ]);
    } finally {
      await run('rollback');
    }
    expect(digestChanges(before, await stored())).toEqual([]);
  });
});

describe('the whole surface, fuzzed', () => {
  it('answers no 5xx, every 4xx in the error shape, and stores nothing on a refused request', async () => {
    const random = seededRandom(SEED);
    const document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
      components?: { schemas?: Record<string, JsonSchema> };
    };
    const operations: FuzzRequest[][] = [];
    for (const [path, methods] of Object.entries(document.paths))
      for (const [method, op] of Object.entries(methods))
        operations.push(restRequests(random, document, { ...op, method, path }));
    const procedures = procedureTable(appRouter as unknown as AnyRouter);
    for (const row of procedures) operations.push(trpcRequests(random, row));

    const failures: Failure[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    let digests = await stored();
    const started = Date.now();
    const attempt = async (request: FuzzRequest, caller: Caller) => {
      const name = `${request.target} [${request.label}] as ${caller}`;
      sent += 1;
      try {
        const answer = await send(request, caller);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const problem = judge(request, answer);
        if (problem) failures.push({ request: name, problem });
        return { name, status: answer.status };
      } catch (error) {
        failures.push({ request: name, problem: `no answer: ${(error as Error).message.slice(0, 500)}` });
        return { name, status: 0 };
      }
    };
    for (const requests of operations) {
      const calls = CALLERS.flatMap((caller) =>
        (caller === 'admin'
          ? requests
          : requests.filter(() => random() < SAMPLED_PER_OTHER_CALLER / requests.length)
        ).map((request) => ({ request, caller })),
      );
      // Reads change nothing, so they go READ_CONCURRENCY at a time and what is stored is compared once after them;
      // every other request goes alone, what is stored compared around it.
      const reads = calls.filter((c) => c.request.method === 'GET');
      for (let i = 0; i < reads.length; i += READ_CONCURRENCY)
        await Promise.all(reads.slice(i, i + READ_CONCURRENCY).map((c) => attempt(c.request, c.caller)));
      if (reads.length > 0) {
        const after = await stored();
        const moved = digestChanges(digests, after);
        if (moved.length > 0)
          failures.push({ request: `reads of ${requests[0]?.target}`, problem: `changed ${moved.join(', ')}` });
        digests = after;
      }
      for (const { request, caller } of calls.filter((c) => !reads.includes(c))) {
        const { name, status } = await attempt(request, caller);
        const after = await stored();
        const moved = digestChanges(digests, after);
        if (status >= 400 && moved.length > 0)
          failures.push({ request: name, problem: `refused with ${status} but changed ${moved.join(', ')}` });
        digests = after;
      }
    }
    const restOperations = operations.filter((r) => r[0]?.surface === 'rest').length;
    console.log(
      `whole-surface fuzz (seed ${SEED}): ${sent} requests over ${operations.length} operations ` +
        `(${restOperations} REST operations of the OpenAPI document, ${procedures.length} tRPC procedures) ` +
        `as ${CALLERS.length} callers in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ` +
        [...statuses.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([s, n]) => `${s}: ${n}`)
          .join(', ') +
        `; ${digestCost.count} digests of ${Object.keys(digests).length} tables in ${(digestCost.ms / 1000).toFixed(1)} s`,
    );
    if (process.env.FUZZ_REPORT) await writeFile(process.env.FUZZ_REPORT, JSON.stringify(failures, null, 1));
    expect(failures.slice(0, 40).map((f) => `${f.request}: ${f.problem}`)).toEqual([]);
    expect(restOperations).toBeGreaterThan(30);
    expect(procedures.length).toBeGreaterThan(40);
  }, 300_000);
});

describe('what the fuzzer found, one request each', () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json', ...headers },
      body,
    });
  const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;

  it('JSON nested deeper than 64 levels is a 400 naming the problem (it was a 500 on every REST body)', async () => {
    // tRPC parses its own input, and refuses 5,000 levels itself (400 "Maximum call stack size exceeded"); 100 reach
    // the check in every procedure.
    for (const [path, depth] of [
      ['/api/v1/tokens', 5_000],
      ['/trpc/tokens.create', 100],
    ] as const) {
      const deep = `{"json":${deeplyNested(depth)}}`;
      const answer = await post(path, deep);
      const text = await answer.text();
      expect(answer.status, text).toBe(400);
      expect(text).toMatch(/nests arrays and objects deeper than 64 levels/);
    }
    // 64 levels are read (and refused by the schema for what they hold), 65 are not.
    const at64 = await (await post('/api/v1/tokens', `{"name":"n","zz":${nested(63)}}`)).json();
    expect(at64).toMatchObject({ code: 'BAD_REQUEST', field: 'zz' });
    const at65 = (await (await post('/api/v1/tokens', `{"name":"n","zz":${nested(64)}}`)).json()) as {
      message: string;
    };
    expect(at65.message).toMatch(/deeper than 64 levels/);
  });

  it('a REST body that is not a JSON object is a 400 in the error shape (not PARSE_ERROR, not read as {})', async () => {
    for (const [body, reason] of [
      ['{"name": ', /not JSON/],
      ['null', /must be a JSON object, not null/],
      ['[1,2]', /must be a JSON object, not an array/],
    ] as const) {
      const answer = await post('/api/v1/tokens', body);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(reason) });
    }
  });

  it('a JSON body sent as application/json; charset=utf-8 is read (the bridge dropped it)', async () => {
    const answer = await post('/api/v1/tokens', '{"name":"charset"}', {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(answer.status, await answer.clone().text()).toBe(201);
    expect(await answer.json()).toMatchObject({ id: expect.any(String) });
  });

  it('request lines and headers over 16 KiB answer 431 in the error shape, on /trpc too (it was an empty body)', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { jobId: 'x'.repeat(20_000) } }));
    const requests: RawRequest[] = [
      { method: 'GET', path: `/trpc/jobs.get?input=${input}`, headers: {} },
      { method: 'GET', path: '/api/v1/me', headers: { cookie: `mad_session=${'c'.repeat(20_000)}` } },
    ];
    for (const request of requests) {
      const answer = await rawRequest(server.port, { ...request, after: 'keep' });
      expect(answer.status).toBe(431);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(answer.body)).toMatchObject({
        code: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
        message: expect.stringMatching(/16 KiB/),
      });
    }
  });

  it('a request that is not HTTP answers 400 in the error shape', async () => {
    const answer = await rawRequest(server.port, {
      method: 'GET',
      path: '/api/v1/me',
      headers: { 'bad header': 'x' },
      after: 'keep',
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/not valid HTTP/),
    });
  });

  it("a subscription's refusal raised while streaming keeps its code (another organisation's job: 404, not 500)", async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { jobId: ids.jobId } }));
    const answer = await send(
      {
        target: 'tRPC jobs.onEvents',
        label: 'foreign job',
        method: 'GET',
        url: `/trpc/jobs.onEvents?input=${input}`,
        surface: 'trpc',
        stream: true,
      },
      'otherAdmin',
    );
    const error = JSON.parse(/event: serialized-error\ndata: (.*)/.exec(answer.text)?.[1] ?? 'null') as {
      json: { code: number; data: { code: string; httpStatus: number } };
    } | null;
    expect(error?.json.data, answer.text).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
    expect(error?.json.code).toBe(-32004);
  });

  it('keeps a valid X-Request-Id and refuses an invalid one naming the header, on every route', async () => {
    const kept = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'trace:run-42.step_7' } });
    expect(kept.headers.get('x-request-id')).toBe('trace:run-42.step_7');
    for (const path of ['/health', '/api/v1/version', '/trpc/system.version']) {
      const answer = await fetch(`${server.url}${path}`, { headers: { 'x-request-id': 'has spaces in it' } });
      const body = (await answer.json()) as { field?: string; error?: { json: { data: { field?: string } } } };
      expect(answer.status).toBe(400);
      expect(body.field ?? body.error?.json.data.field).toBe('X-Request-Id');
      expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
