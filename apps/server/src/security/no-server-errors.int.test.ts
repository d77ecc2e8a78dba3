// No 500 on any input (issue 12): each request that used to crash into a 500 (a NUL byte in a name or filter
// reaching Postgres, an empty PATCH, an over-long Idempotency-Key, an identity provider whose discovery document
// names another issuer) answers a 4xx or 502 that says what and where, in the one error shape, and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { freePort } from '@mad/test-utils';
import { startMoleculesHarness, type MoleculesHarness } from '../../test/molecules-harness.js';
import { memberWithToken, type Listening } from '../../test/auth-http.js';

let h: MoleculesHarness;
let api: Listening;
let admin: string;
let fakeIdp: Server;
let fakeIssuer: string;

beforeAll(async () => {
  h = await startMoleculesHarness('no_server_errors');
  api = await h.serve();
  admin = (await memberWithToken(h.db, h.orgs.acme.id, 'admin@acme.example.org', 'admin')).token;
  // A provider whose discovery document names another issuer.
  const port = await freePort();
  fakeIssuer = `http://127.0.0.1:${port}`;
  fakeIdp = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        issuer: 'https://someone-else.example.org',
        authorization_endpoint: `${fakeIssuer}/auth`,
        token_endpoint: `${fakeIssuer}/token`,
        jwks_uri: `${fakeIssuer}/jwks`,
        response_types_supported: ['code'],
      }),
    );
  });
  await new Promise<void>((resolve) => fakeIdp.listen(port, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => fakeIdp?.close(resolve));
  await h?.close();
});

interface Answer {
  status: number;
  type: string;
  text: string;
  body: { code?: string; message?: string; field?: string } | null;
}

async function call(token: string | null, method: string, path: string, body?: unknown, headers = {}) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: Answer['body'];
  try {
    parsed = JSON.parse(text) as Answer['body'];
  } catch {
    parsed = null;
  }
  return { status: response.status, type: response.headers.get('content-type') ?? '', text, body: parsed };
}

const counts = async () => ({
  molecules: Number(
    (await h.db.selectFrom('molecules').select(h.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  ),
  tokens: Number(
    (await h.db.selectFrom('tokens').select(h.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  ),
  providers: Number(
    (await h.db.selectFrom('identity_providers').select(h.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow())
      .n,
  ),
});

const box = { mode: 'box', center: { x: 0, y: 0, z: 0 }, size: { x: 20, y: 20, z: 20 } };

describe('NUL bytes and other control characters in text', () => {
  const NUL = '\u0000';
  const cases: [string, string | null, string, string, unknown, string][] = [
    [
      'upload SMILES name',
      'scientist',
      'POST',
      '/api/v1/molecules/upload',
      { kind: 'ligand', smiles: [{ smiles: 'CCO', name: `eth${NUL}anol` }] },
      'smiles.0.name',
    ],
    ['token name', 'admin', 'POST', '/api/v1/tokens', { name: `ci${NUL}` }, 'name'],
    [
      'provider name',
      'admin',
      'POST',
      '/api/v1/providers',
      { displayName: `SSO${NUL}`, issuer: 'https://sso.example.org', clientId: 'c' },
      'displayName',
    ],
    [
      'job ligand name',
      'scientist',
      'POST',
      '/api/v1/pipelines/vina/jobs',
      { receptorId: randomUUID(), ligands: [{ smiles: 'CCO', name: `a${NUL}` }], bindingSite: box },
      'ligands.0.name',
    ],
    [
      'molecule name filter',
      'scientist',
      'GET',
      `/api/v1/molecules?name=a${encodeURIComponent(NUL)}`,
      undefined,
      'name',
    ],
    [
      'ligand id of a log',
      'scientist',
      'GET',
      `/api/v1/jobs/${randomUUID()}/logs?ligandId=${encodeURIComponent(NUL)}`,
      undefined,
      'ligandId',
    ],
    ['a bell in a token name', 'admin', 'POST', '/api/v1/tokens', { name: 'ci\u0007' }, 'name'],
  ];
  for (const [what, role, method, path, body, field] of cases) {
    it(`${what}: 400 naming ${field}, nothing stored`, async () => {
      const before = await counts();
      const token = role === 'admin' ? admin : role === 'scientist' ? h.tokens.acme.scientist : null;
      const answer = await call(token, method, path, body);
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body?.field).toBe(field);
      expect(answer.body?.message).toMatch(/control character U\+00(00|07) is not allowed/);
      expect(answer.text).not.toMatch(/invalid byte sequence/);
      expect(await counts()).toEqual(before);
    });
  }
});

describe('other requests that answered 500', () => {
  it('PATCH of a provider with an empty body is a 400', async () => {
    const answer = await call(admin, 'PATCH', `/api/v1/providers/${randomUUID()}`, {});
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body?.message).toMatch(/at least one field/);
  });

  it('an Idempotency-Key of 201 characters (or an empty one) is a 400 naming the header', async () => {
    const job = { receptorId: randomUUID(), ligands: [{ smiles: 'CCO' }], bindingSite: box };
    for (const key of ['k'.repeat(201), '']) {
      const answer = await call(h.tokens.acme.scientist, 'POST', '/api/v1/pipelines/vina/jobs', job, {
        'idempotency-key': key,
      });
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body?.field).toBe('Idempotency-Key');
    }
  });

  it('an identity provider whose discovery names another issuer answers 502, without a stack trace', async () => {
    const created = await call(admin, 'POST', '/api/v1/providers', {
      displayName: 'Wrong issuer',
      issuer: fakeIssuer,
      clientId: 'client',
    });
    expect(created.status, created.text).toBe(201);
    const id = (created.body as unknown as { id: string }).id;
    for (const accept of ['text/html', 'application/json']) {
      const answer = await call(null, 'GET', `/auth/login?provider=${id}`, undefined, { accept });
      expect(answer.status, answer.text).toBe(502);
      expect(answer.text).not.toMatch(/\bat .+\.(js|ts):\d+/);
      expect(answer.text).toMatch(/could not be discovered/);
    }
  });
});
