// No request can stop the server (issue 13): truncated, malformed and abandoned bodies of every kind (multipart,
// JSON, urlencoded, chunked framing), sent to every route that reads a body, as every role. Complete HTTP requests
// with a broken body answer a 4xx; requests the client abandons may get no answer; the server answers /health after
// each, and nothing escapes as an unhandled error (which would end the process, and fails this file).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberWithToken, type Listening } from '../../test/auth-http.js';
import { startMoleculesHarness, type MoleculesHarness } from '../../test/molecules-harness.js';
import { chunked, multipartBody, rawRequest, type RawRequest } from '../../test/raw-http.js';

let harness: MoleculesHarness;
let server: Listening;
let port: number;
const tokens: Record<string, string | null> = { anonymous: null };
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);

beforeAll(async () => {
  harness = await startMoleculesHarness('sec_streams');
  server = await harness.serve();
  port = server.port;
  tokens.viewer = harness.tokens.acme.viewer;
  tokens.scientist = harness.tokens.acme.scientist;
  tokens.admin = (await memberWithToken(harness.db, harness.orgs.acme.id, 'admin@acme.example.org', 'admin')).token;
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
});

afterAll(async () => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
  await harness?.close();
});

const ROUTES = [
  '/api/v1/molecules/upload',
  '/trpc/molecules.upload',
  '/trpc/jobs.create',
  '/api/v1/pipelines/vina/jobs',
  '/api/v1/tokens',
  '/auth/logout',
];

const boundary = 'mad-boundary-7MA4YWxkTrZu0gW';
const multipartType = `multipart/form-data; boundary=${boundary}`;
const filePart = { name: 'files', filename: 'a.smi', content: 'CCO ethanol\n' };
const kindPart = { name: 'kind', content: 'ligand' };
/** The 150-byte body of the report: the kind field, a file part, then the end of the body (no closing boundary). */
const unterminated = multipartBody(boundary, [kindPart, filePart], false);
const json = (text: string) => ({ 'content-type': 'application/json', 'content-length': String(text.length) });

interface BodyCase {
  name: string;
  /** True when the HTTP request is complete (the server must answer a 4xx); false when the client cuts it off. */
  complete: boolean;
  request: Omit<RawRequest, 'path'>;
}

const CASES: BodyCase[] = [
  {
    name: 'multipart without its closing boundary, inside a file part',
    complete: true,
    request: {
      headers: { 'content-type': multipartType, 'content-length': String(unterminated.length) },
      body: [unterminated],
    },
  },
  {
    name: 'multipart ending inside a field',
    complete: true,
    request: {
      headers: { 'content-type': multipartType, 'content-length': '60' },
      body: [Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="kind"\r\n\r\nlig`).subarray(0, 60)],
    },
  },
  {
    name: 'multipart ending inside part headers',
    complete: true,
    request: {
      headers: { 'content-type': multipartType, 'content-length': '40' },
      body: [Buffer.from(`--${boundary}\r\ncontent-disposition: form-da`).subarray(0, 40)],
    },
  },
  {
    name: 'multipart without a boundary parameter',
    complete: true,
    request: { headers: { 'content-type': 'multipart/form-data', 'content-length': '5' }, body: ['hello'] },
  },
  {
    name: 'multipart whose body never shows the boundary',
    complete: true,
    request: { headers: { 'content-type': multipartType, 'content-length': '1000' }, body: ['x'.repeat(1000)] },
  },
  {
    name: 'multipart with a control character in a part header',
    complete: true,
    request: (() => {
      const body = Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="a\u0001.smi"\r\n\r\nCCO\r\n--${boundary}--\r\n`,
      );
      return { headers: { 'content-type': multipartType, 'content-length': String(body.length) }, body: [body] };
    })(),
  },
  {
    name: 'multipart, chunked, without the closing boundary',
    complete: true,
    request: {
      headers: { 'content-type': multipartType, 'transfer-encoding': 'chunked' },
      body: chunked([unterminated.subarray(0, 80), unterminated.subarray(80)]),
    },
  },
  {
    name: 'JSON cut in the middle',
    complete: true,
    request: { headers: json('{"kind":"lig'), body: ['{"kind":"lig'] },
  },
  { name: 'JSON that is not JSON', complete: true, request: { headers: json('<xml/>'), body: ['<xml/>'] } },
  {
    name: 'JSON with a lone surrogate and a NUL byte',
    complete: true,
    request: { headers: json('{"kind":"\\ud800\\u0000"}'), body: ['{"kind":"\\ud800\\u0000"}'] },
  },
  {
    name: 'JSON, chunked, cut in the middle',
    complete: true,
    request: {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: chunked(['{"json":{"kind":', '"ligand","smiles":["CC']),
    },
  },
  {
    name: 'urlencoded with a broken percent-escape',
    complete: true,
    request: {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '9' },
      body: ['csrf=%E0%'],
    },
  },
  {
    name: 'chunked framing with a size that is not hex',
    complete: true,
    request: {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: ['zz\r\n{}\r\n0\r\n\r\n'],
    },
  },
  {
    name: 'chunked framing with a chunk longer than its size',
    complete: true,
    request: {
      headers: { 'content-type': multipartType, 'transfer-encoding': 'chunked' },
      body: ['2\r\nabcdef\r\n0\r\n\r\n'],
    },
  },
  {
    name: 'both Content-Length and chunked (request smuggling shape)',
    complete: true,
    request: {
      headers: { 'content-type': 'application/json', 'content-length': '4', 'transfer-encoding': 'chunked' },
      body: ['2\r\n{}\r\n0\r\n\r\n'],
    },
  },
  {
    name: 'multipart cut short of its Content-Length, then half-closed',
    complete: false,
    request: {
      headers: { 'content-type': multipartType, 'content-length': String(unterminated.length + 500) },
      body: [unterminated],
      after: 'end',
    },
  },
  {
    name: 'JSON cut short of its Content-Length, then half-closed',
    complete: false,
    request: {
      headers: { 'content-type': 'application/json', 'content-length': '400' },
      body: ['{"a":'],
      after: 'end',
    },
  },
  {
    name: 'chunked multipart without the last chunk, then half-closed',
    complete: false,
    request: {
      headers: { 'content-type': multipartType, 'transfer-encoding': 'chunked' },
      body: chunked([unterminated], false),
      after: 'end',
    },
  },
  {
    name: 'multipart abandoned half-way (connection reset)',
    complete: false,
    request: {
      headers: { 'content-type': multipartType, 'content-length': '100000' },
      body: [unterminated],
      after: 'destroy',
    },
  },
  {
    name: 'chunked JSON abandoned half-way (connection reset)',
    complete: false,
    request: {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: chunked(['{"json":'], false),
      after: 'destroy',
    },
  },
];

async function healthy(): Promise<boolean> {
  const response = await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
  return response?.status === 200;
}

describe('request bodies that end, break or stop half-way', () => {
  it('the report: a 150-byte multipart upload without its closing boundary is a 400 and the server keeps serving', async () => {
    expect(unterminated.length).toBeLessThan(200);
    const answer = await rawRequest(port, {
      path: '/api/v1/molecules/upload',
      headers: {
        authorization: `Bearer ${tokens.scientist}`,
        'content-type': multipartType,
        'content-length': String(unterminated.length),
      },
      body: [unterminated],
      after: 'keep',
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ message: expect.stringMatching(/multipart/i) });
    expect(await healthy()).toBe(true);
    expect(escaped).toEqual([]);
  });

  for (const role of (process.env.ROLES ?? 'anonymous,viewer,scientist,admin').split(',')) {
    it(`as ${role}: every broken body on every body-reading route answers a 4xx or nothing, never a 5xx`, async () => {
      const wrong: string[] = [];
      let answered = 0;
      for (const path of ROUTES) {
        for (const body of CASES) {
          const token = tokens[role];
          const headers = { ...body.request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
          const timeoutMs = body.complete ? 5_000 : 1_000;
          const answer = await rawRequest(port, { after: 'keep', timeoutMs, ...body.request, headers, path });
          const label = `${path}: ${body.name} → ${answer.status ?? 'no answer'} after ${answer.answeredAfterMs} ms`;
          // A complete request gets an answer that is not a server error (a 4xx, or logout's redirect); a cut-off one
          // may get none, but never a 5xx.
          if ((body.complete && answer.status === null) || (answer.status ?? 0) >= 500) wrong.push(label);
          if (answer.status !== null) answered += 1;
        }
        if (!(await healthy())) wrong.push(`${path}: /health did not answer afterwards`);
      }
      expect(wrong).toEqual([]);
      expect(answered).toBeGreaterThanOrEqual(ROUTES.length * CASES.filter((c) => c.complete).length);
      expect(escaped).toEqual([]);
    });
  }

  it('still stores a well-formed upload afterwards', async () => {
    const body = multipartBody(boundary, [kindPart, filePart]);
    const answer = await rawRequest(port, {
      path: '/api/v1/molecules/upload',
      headers: {
        authorization: `Bearer ${tokens.scientist}`,
        'content-type': multipartType,
        'content-length': String(body.length),
      },
      body: [body],
      after: 'keep',
    });
    expect([200, 201]).toContain(answer.status);
    expect(escaped).toEqual([]);
  });
});
