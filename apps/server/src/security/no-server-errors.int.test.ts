// No 500 on any input (issue 12): each request that used to crash into a 500 (a NUL byte in a name or filter
// reaching Postgres, an empty PATCH, an over-long Idempotency-Key, an identity provider whose discovery document
// names another issuer, or is no JSON discovery document at all) answers a 4xx or 502 that says what and where, in the
// one error shape (a page for a browser), and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { pino } from 'pino';
import { randomUUID } from 'node:crypto';
import { createSession, csrfTokenFor } from '@mad/auth';
import { freePort } from '@mad/test-utils';
import { startMoleculesHarness, type MoleculesHarness } from '../../test/molecules-harness.js';
import { memberWithToken, serveApp, testServerAuth, type Listening } from '../../test/auth-http.js';
import { rawRequest } from '../../test/raw-http.js';

let h: MoleculesHarness;
let api: Listening;
let admin: string;
let adminUserId: string;
let fakeIdp: Server;
let fakeIssuer: string;
/** The paths the fake identity provider was asked for. */
const requested: string[] = [];

beforeAll(async () => {
  h = await startMoleculesHarness('no_server_errors');
  api = await h.serve();
  ({ token: admin, userId: adminUserId } = await memberWithToken(
    h.db,
    h.orgs.acme.id,
    'admin@acme.example.org',
    'admin',
  ));
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

  it("an empty PATCH of the organisation's settings or of a webhook is a 400 naming what may change, nothing stored", async () => {
    const settings = await h.db.selectFrom('organization_settings').selectAll().execute();
    const empty = await call(admin, 'PATCH', '/api/v1/orgs/current/settings', {});
    expect(empty.status, empty.text).toBe(400);
    expect(empty.body).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^send at least one field to change: .*jobEventsRetentionDays/),
    });
    expect(await h.db.selectFrom('organization_settings').selectAll().execute()).toEqual(settings);
    // Only an absent field is no change: null (back to the server default) is one.
    const reset = await call(admin, 'PATCH', '/api/v1/orgs/current/settings', { jobEventsRetentionDays: null });
    expect(reset.status, reset.text).toBe(200);
    const webhook = await call(admin, 'PATCH', `/api/v1/webhooks/${randomUUID()}`, {});
    expect(webhook.status, webhook.text).toBe(400);
    expect(webhook.body).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^send at least one field to change: .*url/),
    });
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

  it('an identity provider that refuses connections, or accepts and never answers, answers a readable 502 within the outbound timeout', async () => {
    // A server of its own with a short outbound timeout (the harness's is 5 s): the silent provider is given up on.
    const quickAuth = testServerAuth({
      db: h.db,
      log: pino({ level: 'silent' }),
      outbound: { allowPrivateAddresses: true, timeoutMs: 500 },
    });
    const quick = await serveApp({ db: h.db, publicUrl: 'http://127.0.0.1' }, pino({ level: 'silent' }), quickAuth);
    const accepted: Socket[] = [];
    const silent = createServer(() => undefined);
    silent.on('connection', (socket: Socket) => accepted.push(socket));
    const silentPort = await freePort();
    await new Promise<void>((resolve) => silent.listen(silentPort, '127.0.0.1', resolve));
    const closedPort = await freePort(); // nothing listens there
    try {
      const cases = [
        { name: 'Refusing', issuer: `http://127.0.0.1:${closedPort}`, reason: /ECONNREFUSED/ },
        { name: 'Silent', issuer: `http://127.0.0.1:${silentPort}`, reason: /did not answer within 500 ms/ },
      ];
      for (const { name, issuer, reason } of cases) {
        const created = await call(admin, 'POST', '/api/v1/providers', { displayName: name, issuer, clientId: 'c' });
        expect(created.status, created.text).toBe(201);
        const id = (created.body as unknown as { id: string }).id;
        const logins = await h.db.selectFrom('login_attempts').select('id_hash').execute();
        const login = (accept: string) =>
          fetch(`${quick.url}/auth/login?provider=${id}`, { headers: { accept }, redirect: 'manual' });
        const page = await login('text/html');
        const pageText = await page.text();
        expect(page.status, `${name}: ${pageText}`).toBe(502);
        expect(page.headers.get('content-type'), name).toMatch(/^text\/html/);
        expect(pageText, name).toMatch(new RegExp(`${name}.{0,40}could not be discovered`));
        const json = await login('application/json');
        const jsonText = await json.text();
        expect(json.status, `${name}: ${jsonText}`).toBe(502);
        expect(json.headers.get('content-type'), name).toMatch(/^application\/json/);
        const body = JSON.parse(jsonText) as { code: string; message: string };
        expect(body, name).toEqual({
          code: 'BAD_GATEWAY',
          message: expect.stringContaining(`identity provider "${name}" could not be discovered at ${issuer}: `),
        });
        expect(body.message, name).toMatch(reason);
        for (const text of [pageText, jsonText]) expect(text, name).not.toMatch(/\bat .+\.(js|ts):\d+/);
        expect(await h.db.selectFrom('login_attempts').select('id_hash').execute(), name).toEqual(logins);
      }
      // The silent provider was reached (and the requests abandoned), not refused before connecting.
      expect(accepted.length).toBeGreaterThan(0);
    } finally {
      for (const socket of accepted) socket.destroy();
      silent.close();
      await quick.close();
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

describe('header lengths and characters', () => {
  // Every header the server reads, over-long and with a control character (sent byte by byte: fetch refuses some).
  // Each is a 400 in the error shape naming the header, on REST and over tRPC, never a 500. A DEL (like NUL, CR, LF
  // and the other control characters but the tab) never reaches a route: Node's HTTP parser refuses the request, a
  // 400 in the same shape on every path (client-errors.ts).
  const DEL = '\u007f';
  const cases: { header: string; field: string; values: Record<string, string> }[] = [
    {
      header: 'x-csrf-token',
      field: 'X-CSRF-Token',
      values: {
        'of 300 characters': 'c'.repeat(300),
        'with a DEL': `abc${DEL}def`,
        'with a tab': 'abc\tdef',
        'with a space': 'abc def',
        'with non-ASCII bytes': 'abc\u00ffdef',
      },
    },
    {
      header: 'x-request-id',
      field: 'X-Request-Id',
      values: { 'of 200 characters': 'r'.repeat(200), 'with a DEL': `abc${DEL}`, 'with a tab': 'a\tb' },
    },
    { header: 'x-org', field: 'X-Org', values: { 'of 300 characters': 'o'.repeat(300), 'with a DEL': `acme${DEL}` } },
    {
      header: 'idempotency-key',
      field: 'Idempotency-Key',
      values: { 'of 300 characters': 'k'.repeat(300), 'with a DEL': `key${DEL}`, 'with a tab': 'a\tb' },
    },
    {
      header: 'authorization',
      field: 'Authorization',
      values: { 'of 600 characters': `Bearer ${'t'.repeat(600)}`, 'with a DEL': `Bearer mad_${DEL}x` },
    },
    {
      header: 'cookie',
      field: 'Cookie',
      values: {
        'of 9,000 characters': `mad_session=${'c'.repeat(9_000)}`,
        'with a DEL': `mad_session=a${DEL}b`,
        'with a tab': 'mad_session=a\tb',
      },
    },
  ];
  /** The body of a raw answer, its chunked framing undone. */
  const bodyOf = (answer: { headers: Record<string, string>; body: string }) => {
    if (!answer.headers['transfer-encoding']?.includes('chunked')) return answer.body;
    let rest = answer.body;
    let text = '';
    for (;;) {
      const eol = rest.indexOf('\r\n');
      const size = parseInt(rest.slice(0, eol), 16);
      if (!(size > 0)) return Buffer.from(text, 'latin1').toString('utf8');
      text += rest.slice(eol + 2, eol + 2 + size);
      rest = rest.slice(eol + 2 + size + 2);
    }
  };
  const errorOf = (surface: 'rest' | 'trpc', body: string) => {
    const parsed = JSON.parse(body) as {
      code?: string;
      message?: string;
      field?: string;
      error?: { json: { message: string; data: { code: string; field?: string; httpStatus: number } } };
    };
    return surface === 'rest' || !parsed.error
      ? { code: parsed.code, message: parsed.message, field: parsed.field }
      : { code: parsed.error.json.data.code, message: parsed.error.json.message, field: parsed.error.json.data.field };
  };

  for (const { header, field, values } of cases)
    for (const [what, value] of Object.entries(values))
      it(`${field} ${what}: 400 naming it, REST and tRPC`, async () => {
        const before = await counts();
        for (const [surface, path] of [
          ['rest', '/api/v1/tokens'],
          ['trpc', '/trpc/tokens.create'],
        ] as const) {
          const body = surface === 'rest' ? '{"name":"h"}' : '{"json":{"name":"h"}}';
          const answer = await rawRequest(api.port, {
            method: 'POST',
            path,
            headers: {
              ...(header === 'authorization' ? {} : { authorization: `Bearer ${admin}` }),
              'content-type': 'application/json',
              'content-length': String(body.length),
              [header]: value,
            },
            body: [body],
            after: 'keep',
          });
          const text = bodyOf(answer);
          expect(answer.status, `${surface} ${text}`).toBe(400);
          expect(answer.headers['content-type'], surface).toMatch(/^application\/json/);
          if (value.includes(DEL)) {
            expect(JSON.parse(text), `${surface} ${text}`).toEqual({
              code: 'BAD_REQUEST',
              message: expect.stringMatching(/^the request is not valid HTTP\/1\.1 \(HPE_INVALID_HEADER_TOKEN\)/),
            });
            continue;
          }
          const error = errorOf(surface, text);
          expect(error, `${surface} ${text}`).toMatchObject({ code: 'BAD_REQUEST', field });
          expect(error.message).toMatch(new RegExp(field, 'i'));
        }
        expect(await counts()).toEqual(before);
      });

  it('X-CSRF-Token with a session: a malformed one is a 400 naming it, a wrong one 403, the right one passes', async () => {
    const session = await createSession(
      h.db,
      { idleTimeoutMs: 3_600_000, absoluteTimeoutMs: 86_400_000 },
      { userId: adminUserId, orgId: h.orgs.acme.id, providerId: null, idToken: null },
    );
    const csrf = csrfTokenFor('a-session-secret-of-at-least-32-characters', session.secretHash);
    const post = (token: string) =>
      rawRequest(api.port, {
        method: 'POST',
        path: '/api/v1/tokens',
        headers: {
          cookie: `mad_session=${session.secret}`,
          'content-type': 'application/json',
          'content-length': '12',
          'x-csrf-token': token,
        },
        body: ['{"name":"h"}'],
        after: 'keep',
      });
    // (A tab or space at either end is not part of the value: the parser strips it.)
    for (const malformed of ['c'.repeat(300), `${csrf.slice(0, 9)}\t${csrf.slice(9)}`, `${csrf} x`, `${csrf}\u00e9`]) {
      const answer = await post(malformed);
      expect(answer.status, bodyOf(answer)).toBe(400);
      expect(JSON.parse(bodyOf(answer))).toMatchObject({ code: 'BAD_REQUEST', field: 'X-CSRF-Token' });
    }
    const wrong = await post(`${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}`);
    expect(wrong.status, bodyOf(wrong)).toBe(403);
    expect(JSON.parse(bodyOf(wrong))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/x-csrf-token/),
    });
    // The right token gets past the check: whatever the route answers, it is not about the CSRF header.
    const right = await post(csrf);
    expect(bodyOf(right)).not.toMatch(/csrf/i);
    expect(right.status).toBeLessThan(500);
    // /auth/logout reads it too.
    const logout = await rawRequest(api.port, {
      method: 'POST',
      path: '/auth/logout',
      headers: { cookie: `mad_session=${session.secret}`, 'x-csrf-token': 'c'.repeat(300), 'content-length': '0' },
      after: 'keep',
    });
    expect(logout.status, bodyOf(logout)).toBe(400);
    expect(JSON.parse(bodyOf(logout))).toMatchObject({ code: 'BAD_REQUEST', field: 'X-CSRF-Token' });
  });

  it('Last-Event-ID of the event stream, over-long or with a control character, is a 400 naming it', async () => {
    for (const value of ['9'.repeat(300), '1\t2', '1\u00e9']) {
      const answer = await rawRequest(api.port, {
        method: 'GET',
        path: `/api/v1/jobs/${randomUUID()}/events`,
        headers: { authorization: `Bearer ${admin}`, accept: 'text/event-stream', 'last-event-id': value },
        after: 'keep',
      });
      expect(answer.status, bodyOf(answer)).toBe(400);
      expect(JSON.parse(bodyOf(answer))).toMatchObject({ code: 'BAD_REQUEST', field: 'Last-Event-ID' });
    }
  });
});
