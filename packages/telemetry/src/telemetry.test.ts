import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { context, trace } from '@opentelemetry/api';
import { z } from 'zod';
import {
  agentMetrics,
  contextFromCarrier,
  contextFromHeaders,
  createRegistry,
  injectTraceHeaders,
  metricsAuthorized,
  redactUrl,
  serveMetrics,
  startTracing,
  traceCarrier,
  traceHeaders,
  traceLogFields,
  withSpan,
  workerMetrics,
  type HeaderMap,
} from './index.js';

// An OTLP/HTTP receiver (JSON, as the exporter sends it) and the SDK exporting to it.
// The part of an OTLP/HTTP JSON export the tests read, parsed; the rest of it is kept (one test reads it all).
const OtlpTraces = z.looseObject({
  resourceSpans: z.array(
    z.looseObject({
      resource: z.looseObject({
        attributes: z.array(
          z.looseObject({ key: z.string(), value: z.looseObject({ stringValue: z.string().optional() }) }),
        ),
      }),
      scopeSpans: z.array(
        z.looseObject({
          spans: z.array(
            z.looseObject({
              name: z.string(),
              traceId: z.string(),
              spanId: z.string(),
              parentSpanId: z.string().optional(),
            }),
          ),
        }),
      ),
    }),
  ),
});
const received: z.infer<typeof OtlpTraces>[] = [];
const receiver = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    if (request.url === '/v1/traces') received.push(OtlpTraces.parse(JSON.parse(body)));
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const tracing = startTracing({
  serviceName: 'mad-test',
  endpoint: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
});
afterAll(async () => {
  await tracing.shutdown();
  receiver.close();
});

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

class Headers implements HeaderMap {
  readonly map = new Map<string, string>();
  get = (key: string) => this.map.get(key) ?? '';
  set = (key: string, value: string) => void this.map.set(key, value);
  has = (key: string) => this.map.has(key);
}

describe('trace context across processes', () => {
  it('a carrier continues its trace: the extracted context injects the same traceparent again', () => {
    const continued = contextFromCarrier({ traceparent: PARENT });
    expect(trace.getSpanContext(continued)?.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(traceCarrier(continued)).toEqual({ traceparent: PARENT });
    const headers = injectTraceHeaders(new Headers(), continued) as Headers;
    expect(headers.map.get('traceparent')).toBe(PARENT);
    expect(trace.getSpanContext(contextFromHeaders(headers))?.spanId).toBe('b7ad6b7169203331');
  });

  it('traceHeaders: none when nothing is traced, the traceparent of the active span otherwise', async () => {
    expect(traceHeaders(() => new Headers(), context.active())).toBeUndefined();
    expect(traceHeaders(() => new Headers(), contextFromCarrier({ traceparent: PARENT }))?.map.get('traceparent')).toBe(
      PARENT,
    );
    await withSpan('publisher', {}, async (span) => {
      const headers = traceHeaders(() => new Headers());
      expect(headers?.map.get('traceparent')).toContain(span.spanContext().spanId);
    });
  });

  it('redacts signatures, credentials and OIDC codes from URLs, and nothing else', () => {
    expect(
      redactUrl('http://s3:9000/b/k?X-Amz-Date=20261202T0000Z&X-Amz-Credential=AK%2F1&X-Amz-Signature=abc123&x=1'),
    ).toBe('http://s3:9000/b/k?X-Amz-Date=20261202T0000Z&X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&x=1');
    expect(redactUrl('/auth/callback?code=secret&state=s&iss=https%3A%2F%2Fidp')).toBe(
      '/auth/callback?code=REDACTED&state=REDACTED&iss=https%3A%2F%2Fidp',
    );
    expect(redactUrl('/api/v1/jobs?limit=5')).toBe('/api/v1/jobs?limit=5');
    expect(redactUrl('/no/query')).toBe('/no/query');
  });

  it('exports no presigned signature: a fetch to a presigned URL is traced with it redacted', async () => {
    const port = (receiver.address() as AddressInfo).port;
    await withSpan('transfer', {}, async () => {
      await fetch(`http://127.0.0.1:${port}/bucket/key?X-Amz-Expires=60&X-Amz-Signature=s3cr3t`);
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const exported = JSON.stringify(received);
    expect(exported).toContain('X-Amz-Signature=REDACTED');
    expect(exported).not.toContain('s3cr3t');
  });

  it('spans are exported over OTLP/HTTP with the service name, children under their parent', async () => {
    await withSpan('parent', {}, async () => {
      await withSpan('child', { parent: contextFromCarrier(traceCarrier()) }, async () => undefined);
    });
    await tracing.shutdown();
    const spans = received
      .flatMap((r) => r.resourceSpans)
      .flatMap((r) =>
        r.scopeSpans.flatMap((s) =>
          s.spans.map((span) => ({
            ...span,
            service: r.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue,
          })),
        ),
      );
    const parent = spans.find((s) => s.name === 'parent');
    const child = spans.find((s) => s.name === 'child');
    expect(parent?.service).toBe('mad-test');
    expect(child?.traceId).toBe(parent?.traceId);
    expect(child?.parentSpanId).toBe(parent?.spanId);
  });

  it('nothing to carry outside a trace, and a message without headers continues nothing', () => {
    expect(traceCarrier(context.active())).toEqual({});
    expect(trace.getSpanContext(contextFromHeaders(undefined))).toBeUndefined();
    expect(trace.getSpanContext(contextFromCarrier({ traceparent: 'garbage' }))).toBeUndefined();
  });

  it('log lines inside a continued trace carry its ids', () => {
    expect(traceLogFields()).toEqual({});
    const fields = context.with(contextFromCarrier({ traceparent: PARENT }), traceLogFields);
    expect(fields).toMatchObject({ trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331' });
  });
});

describe('metrics endpoint', () => {
  it('a token, when set, is required as a bearer token', () => {
    expect(metricsAuthorized(undefined, undefined)).toBe(true);
    expect(metricsAuthorized(undefined, 'x'.repeat(16))).toBe(false);
    expect(metricsAuthorized(`Bearer ${'y'.repeat(16)}`, 'x'.repeat(16))).toBe(false);
    expect(metricsAuthorized(`Basic ${'x'.repeat(16)}`, 'x'.repeat(16))).toBe(false);
    expect(metricsAuthorized(`Bearer ${'x'.repeat(16)}`, 'x'.repeat(16))).toBe(true);
  });

  it('serves the registry in the Prometheus text format, 401 without the token', async () => {
    const registry = createRegistry();
    const metrics = agentMetrics(registry);
    metrics.tasks.inc({ engine: 'vina', outcome: 'succeeded' });
    const token = 't'.repeat(24);
    const server = await serveMetrics({ registry, host: '127.0.0.1', port: 0, token });
    try {
      const url = `http://127.0.0.1:${server.port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const answer = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain('text/plain');
      const body = await answer.text();
      expect(body).toContain('mad_agent_tasks_total{engine="vina",outcome="succeeded"} 1');
      expect(body).toContain('process_cpu_user_seconds_total');
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('answers the probes: /health always, /ready as its readiness says; reports supervisor restarts', async () => {
    let ready = false;
    const registry = createRegistry({ processMetrics: false, supervisorRestarts: 2 });
    const server = await serveMetrics({ registry, host: '127.0.0.1', port: 0, ready: () => ready });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/ready`)).status).toBe(503);
      ready = true;
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('mad_process_restarts 2');
    } finally {
      await server.close();
    }
  });

  it('each process has its own registry: a worker counter is not in an agent registry', async () => {
    const worker = createRegistry({ processMetrics: false });
    const agent = createRegistry({ processMetrics: false });
    workerMetrics(worker).tasksFinished.inc({ pipeline: 'vina', status: 'succeeded' });
    agentMetrics(agent);
    expect(await worker.metrics()).toContain('mad_tasks_finished_total{pipeline="vina",status="succeeded"} 1');
    expect(await agent.metrics()).not.toContain('mad_tasks_finished_total');
  });
});
