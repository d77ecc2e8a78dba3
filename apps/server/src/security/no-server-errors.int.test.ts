// No 500 on any input (issue 12): each request that used to crash into a 500 (a NUL byte in a name or filter
// reaching Postgres, an empty PATCH, an over-long Idempotency-Key, an identity provider whose discovery document
// names another issuer, or is no JSON discovery document at all) answers a 4xx or 502 that says what and where, in the
// one error shape (a page for a browser), and stores nothing.
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
/** The paths the fake identity provider was asked for. */
const requested: string[] = [];

beforeAll(async () => {
  h = await startMoleculesHarness('no_server_errors');
  api = await h.serve();
  admin = (await memberWithToken(h.db, h.orgs.acme.id, 'admin@acme.example.org', 'admin')).token;
  // A provider whose discovery document names another issuer (issuer /), and issuers under /bad/<case> whose
  // discovery document is not one (BAD_DISCOVERY), each at every well-known URL. Loopback is reachable: the harness's outbound policy allows private
  // addresses (testServerAuth).
  const port = await freePort();
  fakeIssuer = `http://127.0.0.1:${port}`;
  fakeIdp = createServer((req, res) => {
    // Any discovery URL of such an issuer (openid-client also tries the RFC 8414 form after an error status).
    const bad = /\/bad\/([a-z0-9-]+)/.exec(req.url ?? '')?.[1];
    requested.push(req.url ?? '');
    const served = bad ? BAD_DISCOVERY[bad] : undefined;
    if (served) {
      res.writeHead(served.status, { 'content-type': served.type });
      res.end(served.body);
      return;
    }
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

/** Discovery documents that are not one: what the fake provider answers at /bad/<case>/.well-known/... */
const BAD_DISCOVERY: Record<string, { status: number; type: string; body: string }> = {
  'html-page': {
    status: 200,
    type: 'text/html; charset=utf-8',
    body: '<!doctype html><html><body><h1>Sign in</h1><script>alert("idp")</script></body></html>',
  },
  'text-junk': { status: 200, type: 'text/plain', body: 'ok\n\u0000\u0007 not a document' },
  'json-junk': { status: 200, type: 'application/json', body: '{"issuer": "http://127.0.0.1' },
  'json-array': { status: 200, type: 'application/json', body: '[1, 2, 3]' },
  'json-string': { status: 200, type: 'application/json', body: '"<b>discovery</b>"' },
  'empty-body': { status: 200, type: 'application/json', body: '' },
  'html-404': { status: 404, type: 'text/html', body: '<html><body>Not Found</body></html>' },
  'html-500': {
    status: 500,
    type: 'text/html',
    body: '<html><body>Internal Server Error at Foo.bar (x.js:1:2)</body></html>',
  },
};

/** What the 502 says of each (openid-client's reason, as describeOidcError passes it on). */
const REASON: Record<string, RegExp> = {
  'html-page': /unexpected response content-type: HTTP 200, text\/html, not application\/json/,
  'text-junk': /unexpected response content-type: HTTP 200, text\/plain, not application\/json/,
  'json-junk': /Unterminated string in JSON at position \d+/,
  'json-array': /"response" body must be a top level object/,
  'json-string': /"response" body must be a top level object/,
  'empty-body': /Unexpected end of JSON input/,
  'html-404': /unexpected HTTP response status code: HTTP 404, text\/html/,
  'html-500': /unexpected HTTP response status code: HTTP 500, text\/html/,
};

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

  it('an identity provider whose discovery document is not JSON (an HTML page, text, broken JSON) answers a readable 502', async () => {
    const before = await counts();
    for (const name of Object.keys(BAD_DISCOVERY)) {
      const created = await call(admin, 'POST', '/api/v1/providers', {
        displayName: `Bad discovery ${name}`,
        issuer: `${fakeIssuer}/bad/${name}`,
        clientId: 'client',
      });
      expect(created.status, created.text).toBe(201);
      const id = (created.body as unknown as { id: string }).id;
      const logins = await h.db.selectFrom('login_attempts').select('id_hash').execute();
      requested.length = 0;
      // A browser gets a page, an API client the error shape.
      const page = await call(null, 'GET', `/auth/login?provider=${id}`, undefined, { accept: 'text/html' });
      expect(page.status, `${name}: ${page.text}`).toBe(502);
      expect(page.type, name).toMatch(/^text\/html/);
      expect(page.text, name).toMatch(new RegExp(`Bad discovery ${name}.{0,40}could not be discovered`));
      const json = await call(null, 'GET', `/auth/login?provider=${id}`, undefined, { accept: 'application/json' });
      expect(json.status, `${name}: ${json.text}`).toBe(502);
      expect(json.type, name).toMatch(/^application\/json/);
      expect(json.body, name).toEqual({
        code: 'BAD_GATEWAY',
        message: expect.stringMatching(
          new RegExp(
            `could not be discovered at http://127\\.0\\.0\\.1:\\d+: ${REASON[name]!.source}; try again later`,
          ),
        ),
      });
      for (const answer of [page, json]) {
        expect(answer.text, name).not.toMatch(/\bat .+\.(js|ts):\d+/);
        // Nothing of the provider's answer is echoed as markup.
        expect(answer.text, name).not.toContain('<script>alert');
        expect(answer.text, name).not.toContain('<b>discovery');
      }
      expect(await h.db.selectFrom('login_attempts').select('id_hash').execute(), name).toEqual(logins);
      expect(requested.length, name).toBeGreaterThan(0);
      expect(requested.every((path) => path.includes(`/bad/${name}`))).toBe(true);
    }
    expect((await counts()).providers).toBe(before.providers + Object.keys(BAD_DISCOVERY).length);
  });
});
