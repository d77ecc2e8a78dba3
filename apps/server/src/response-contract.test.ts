// The contract test's validator (test/contract.ts, installed in front of fetch for every integration test by
// test/contract-setup.ts) against the served OpenAPI document: documented answers pass, and an undocumented
// status, content type, operation or body field is named.
import { describe, expect, it } from 'vitest';
import { ResponseContract, type OpenApiDocument } from '../test/contract.js';
import { contractCoverage, contractOf, recordAnswer, type RecordedAnswer } from '../test/contract-record.js';
import { servedOpenApiDocument } from './openapi.js';

const contract = new ResponseContract(servedOpenApiDocument('http://127.0.0.1:8080') as OpenApiDocument);
const json = 'application/json; charset=utf-8';
const job = {
  jobId: '0b4f2a52-5d34-4c1e-9a0e-2f9f3c3b7a11',
  name: 'ABL screen',
  description: null,
  pipeline: 'vina',
  status: 'COMPLETED',
  projectId: null,
  ligandSetId: null,
  receptorId: '5d0c8e3e-8f6a-4c44-9a43-0c1f7b9a2e55',
  receptorName: '1iep_receptorH',
  ligands: { succeeded: 1, failed: 0, cancelled: 0 },
  bestAffinityKcalMol: -11.2,
  ligandCount: 1,
  taskCount: 1,
  createdAt: '2026-12-02T10:00:00.000Z',
  finishedAt: null,
};
const jobsPage = (extra: Record<string, unknown> = {}) => ({
  jobs: [{ ...job, ...extra }],
  nextCursor: null,
  total: 1,
});

describe('the REST response contract', () => {
  it('passes answers the document describes: a page, an error body, a 302, an SSE stream, a CSV', () => {
    const list = contract.problems({
      method: 'GET',
      path: '/v1/jobs',
      status: 200,
      contentType: json,
      body: JSON.stringify(jobsPage()),
    });
    expect(list).toEqual([]);
    const missing = { code: 'NOT_FOUND', message: 'job x not found', data: { code: 'NOT_FOUND', httpStatus: 404 } };
    const jobPath = `/v1/jobs/${job.jobId}`;
    expect(
      contract.problems({
        method: 'GET',
        path: jobPath,
        status: 404,
        contentType: json,
        body: JSON.stringify(missing),
      }),
    ).toEqual([]);
    expect(contract.problems({ method: 'GET', path: `${jobPath}/logs`, status: 302, contentType: null })).toEqual([]);
    expect(
      contract.problems({ method: 'GET', path: `${jobPath}/events`, status: 200, contentType: 'text/event-stream' }),
    ).toEqual([]);
    expect(
      contract.problems({
        method: 'GET',
        path: `${jobPath}/results.csv`,
        status: 200,
        contentType: 'text/csv; charset=utf-8',
      }),
    ).toEqual([]);
    // The literal path wins over the template it also matches.
    expect(contract.operationOf('POST', '/v1/molecules/upload')?.template).toBe('/v1/molecules/upload');
  });

  it('names an undocumented status, field, content type and operation', () => {
    expect(contract.problems({ method: 'GET', path: '/v1/jobs', status: 418, contentType: json, body: '{}' })).toEqual([
      'GET /v1/jobs answered 418: status 418 is not documented for /v1/jobs',
    ]);
    const extra = contract.problems({
      method: 'GET',
      path: '/v1/jobs',
      status: 200,
      contentType: json,
      body: JSON.stringify(jobsPage({ secret: 'x' })),
    });
    expect(extra.join('\n')).toContain('must NOT have additional properties (secret)');
    const badError = contract.problems({
      method: 'GET',
      path: `/v1/jobs/${job.jobId}`,
      status: 404,
      contentType: json,
      body: JSON.stringify({ error: 'not found' }),
    });
    expect(badError.join('\n')).toContain("must have required property 'code'");
    expect(contract.problems({ method: 'GET', path: '/v1/jobs', status: 200, contentType: 'text/html' })).toEqual([
      'GET /v1/jobs answered 200: content type text/html is not documented (application/json)',
    ]);
    expect(
      contract.problems({ method: 'GET', path: '/v1/nowhere', status: 200, contentType: json, body: '{}' }),
    ).toEqual(['GET /v1/nowhere answered 200: no such operation in the document']);
    expect(
      contract.problems({ method: 'PUT', path: '/v1/jobs', status: 404, contentType: json, body: '{"x":1}' }),
    ).not.toEqual([]);
  });

  it('says which operation an answer belongs to and what was compared, and reads every operation from the document', () => {
    const jobPath = `/v1/jobs/${job.jobId}`;
    expect(
      contract.check({
        method: 'GET',
        path: '/v1/jobs',
        status: 200,
        contentType: json,
        body: JSON.stringify(jobsPage()),
      }),
    ).toEqual({
      operation: 'GET /v1/jobs',
      status: 200,
      mediaType: 'application/json',
      validated: 'schema',
      problems: [],
    });
    expect(contract.check({ method: 'GET', path: `${jobPath}/logs`, status: 302, contentType: null })).toMatchObject({
      operation: 'GET /v1/jobs/{jobId}/logs',
      validated: 'status',
      problems: [],
    });
    expect(
      contract.check({ method: 'GET', path: `${jobPath}/results.zip`, status: 200, contentType: 'application/zip' }),
    ).toMatchObject({ operation: 'GET /v1/jobs/{jobId}/results.zip', validated: 'media type', problems: [] });
    const operations = contract.operations();
    const byName = new Map(operations.map((o) => [o.operation, o]));
    expect(byName.get('GET /v1/jobs/{jobId}/events')).toEqual({
      operation: 'GET /v1/jobs/{jobId}/events',
      successes: ['200'],
      mediaTypes: ['application/json', 'text/event-stream'],
    });
    // A redirect's success is its documented 302; job creation's are 200 (a retried Idempotency-Key) and 202.
    expect(byName.get('GET /v1/jobs/{jobId}/logs')).toMatchObject({ successes: ['302'], mediaTypes: [] });
    expect(byName.get('POST /v1/pipelines/{pipelineId}/jobs')?.successes.sort()).toEqual(['200', '202']);
    const doc = servedOpenApiDocument('http://127.0.0.1:8080') as OpenApiDocument;
    const documented = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.map((o) => o.operation).sort()).toEqual(documented.sort());
  });

  it("checks a Server-Sent Event's data against the events of the JSON answer, naming what differs", () => {
    const path = `/v1/jobs/${job.jobId}/events`;
    const event = {
      id: 7,
      kind: 'created',
      taskId: null,
      ligandId: null,
      agentId: null,
      attempt: null,
      progress: null,
      message: null,
      at: '2026-12-02T10:00:00.000Z',
    };
    expect(contract.eventProblems('GET', path, 200, JSON.stringify(event))).toEqual([]);
    expect(contract.eventProblems('GET', path, 200, JSON.stringify({ ...event, id: 'seven' })).join('\n')).toContain(
      'body/id must be integer',
    );
    expect(contract.eventProblems('GET', path, 200, 'not json').join('\n')).toContain('the body is not JSON');
    expect(contract.eventProblems('GET', '/v1/version', 200, '{}')).toEqual([
      "GET /v1/version answered 200 (text/event-stream): the document gives no JSON answer with one array to read the stream's events by",
    ]);
  });

  it('names each operation without a validated success, and counts a redirect only where it is the documented success', async () => {
    // The coverage of a server that answered only what is recorded here (its document served by a stand-in fetch).
    const origin = 'http://127.0.0.1:9';
    const served = JSON.stringify(servedOpenApiDocument(origin));
    await contractOf(origin, async () => new Response(served));
    const seen = (
      operation: string,
      status: number,
      mediaType: string | null,
      validated: RecordedAnswer['validated'],
      problems: string[] = [],
    ) =>
      recordAnswer({
        origin,
        method: operation.split(' ')[0]!,
        path: '',
        operation,
        status,
        mediaType,
        validated,
        problems,
      });
    seen('GET /v1/version', 200, 'application/json', 'schema');
    seen('GET /v1/jobs/{jobId}/logs', 302, null, 'status');
    seen('GET /v1/jobs', 302, null, 'status'); // documents a 200: a redirect is no success of it
    seen('GET /v1/jobs/{jobId}/events', 200, 'application/json', 'schema');
    seen('GET /v1/jobs/{jobId}/events', 200, 'text/event-stream', 'media type'); // no event read: not enough
    seen('GET /v1/me', 200, 'application/json', 'schema', [
      'GET /v1/me answered 200: body must have required property',
    ]);
    seen('DELETE /v1/tokens/{tokenId}', 404, 'application/json', 'schema');
    const coverage = await contractCoverage(origin);
    expect([...coverage.covered].sort()).toEqual(['GET /v1/jobs/{jobId}/logs', 'GET /v1/version']);
    for (const missing of [
      'GET /v1/jobs: 200 application/json (schema)',
      'GET /v1/jobs/{jobId}/events: 200 text/event-stream (first event)',
      'GET /v1/me: 200 application/json (schema)',
      'DELETE /v1/tokens/{tokenId}: 200 application/json (schema)',
      'GET /v1/jobs/{jobId}/results.zip: 200 application/zip (media type)',
    ])
      expect(coverage.missing).toContain(missing);
    expect(coverage.missing).toHaveLength(coverage.operations.length - 2);
    expect(coverage.problems).toEqual(['GET /v1/me answered 200: body must have required property']);
    expect(coverage.answers).toBe(7);
  });

  it('types molecule properties the same on upload and read, and documents creates as 201/202 with Location', () => {
    type Schema = { properties?: Record<string, Schema>; items?: Schema; type?: unknown; headers?: object };
    const doc = servedOpenApiDocument('http://127.0.0.1:8080') as unknown as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, Schema & { content?: Record<string, { schema: Schema }> }> }>
      >;
    };
    const body = (path: string, method: string, status: string) =>
      doc.paths[path]![method]!.responses[status]!.content!['application/json']!.schema;
    const read = body('/v1/molecules/{moleculeId}', 'get', '200').properties!.properties!;
    const listed = body('/v1/molecules', 'get', '200').properties!.molecules!.items!.properties!.properties!;
    const uploaded = body('/v1/molecules/upload', 'post', '201').properties!.molecules!.items!.properties!.properties!;
    for (const schema of [listed, uploaded]) expect(schema).toEqual(read);
    for (const [name, type] of Object.entries({
      molecularWeight: 'number',
      clogP: 'number',
      hbd: 'integer',
      hba: 'integer',
      tpsa: 'number',
      rotatableBonds: 'integer',
      chains: 'array',
    }))
      expect(read.properties![name]?.type, name).toBe(type);
    for (const [path, status] of [
      ['/v1/tokens', '201'],
      ['/v1/members', '201'],
      ['/v1/providers', '201'],
      ['/v1/pipelines/{pipelineId}/jobs', '202'],
    ] as const) {
      const responses = doc.paths[path]!.post!.responses;
      expect(responses['200'] === undefined || path.includes('pipelines'), path).toBe(true);
      expect(responses[status]?.headers, path).toHaveProperty('Location');
    }
  });
});
