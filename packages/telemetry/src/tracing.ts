// OpenTelemetry tracing: on when OTEL_EXPORTER_OTLP_ENDPOINT is set (spans go out over OTLP/HTTP, batched), off
// otherwise (the API's no-op tracer: spans cost a function call). The standard instrumentations patch pg, http
// (server and client, so the AWS SDK's S3 calls too), fetch (undici: the agent's presigned transfers) and the AWS
// SDK; they must be registered before those modules load, so each process imports its `instrument.ts` first.
import {
  context,
  propagation,
  trace,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AwsInstrumentation } from '@opentelemetry/instrumentation-aws-sdk';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export { SpanKind, SpanStatusCode, type Context, type Span };

export interface TracingOptions {
  serviceName: string;
  serviceVersion?: string;
  /** OTLP/HTTP base URL (the collector's :4318); traces are POSTed to <endpoint>/v1/traces. Unset: tracing is off. */
  endpoint?: string | undefined;
  /** Fraction of new traces sampled (children follow their parent's decision). */
  sampleRatio?: number;
  /** Extra resource attributes, e.g. the agent id. */
  attributes?: Attributes;
  /** Paths of incoming HTTP requests not traced (health checks, metrics scrapes). */
  ignorePaths?: string[];
}

export interface Tracing {
  enabled: boolean;
  /** Exports what is buffered and stops; call on shutdown. */
  shutdown(): Promise<void>;
}

const DEFAULT_IGNORED = ['/health', '/ready', '/metrics'];

/**
 * Query parameters whose values never leave the process in a span: presigned URLs' signatures and credentials (the
 * agent's transfers: a presigned URL is a capability until it expires) and the OIDC callback's code and state.
 */
export const REDACTED_QUERY_PARAMS = [
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
  'Signature',
  'AWSAccessKeyId',
  'sig',
  'X-Goog-Signature',
  'code',
  'state',
  'token',
  'access_token',
  'id_token_hint',
];
const REDACTED = new Set(REDACTED_QUERY_PARAMS.map((name) => name.toLowerCase()));

/** A URL (or a `?query`) with the values of REDACTED_QUERY_PARAMS replaced by REDACTED. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const params = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=')[0] ?? '';
      return REDACTED.has(decodeURIComponent(name).toLowerCase()) ? `${name}=REDACTED` : pair;
    });
  return `${url.slice(0, at)}?${params.join('&')}`;
}

export function startTracing(options: TracingOptions): Tracing {
  // The W3C propagator is always set, so trace context passes through even a process that exports nothing.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  if (!options.endpoint) return { enabled: false, shutdown: async () => undefined };
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
      ...options.attributes,
    }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio ?? 1) }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, '')}/v1/traces` }), {
        scheduledDelayMillis: 1_000,
      }),
    ],
  });
  provider.register();
  const ignored = new Set(options.ignorePaths ?? DEFAULT_IGNORED);
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => ignored.has((request.url ?? '').split('?')[0] ?? ''),
        redactedQueryParams: REDACTED_QUERY_PARAMS,
        redactedQueryParamsServer: REDACTED_QUERY_PARAMS,
        // The OTLP exporter's own POSTs would trace themselves.
        ignoreOutgoingRequestHook: (request) => request.path === '/v1/traces',
      }),
      new UndiciInstrumentation({
        ignoreRequestHook: (request) => request.path === '/v1/traces',
        // Undici records the whole URL: a presigned URL's signature must not reach the collector.
        requestHook: (span, request) => {
          const path = redactUrl(request.path);
          if (path === request.path) return;
          span.setAttribute('url.full', `${request.origin}${path}`);
          span.setAttribute('url.query', path.slice(path.indexOf('?')));
        },
      }),
      new PgInstrumentation({ requireParentSpan: true }),
      new AwsInstrumentation({ suppressInternalInstrumentation: true }),
    ],
  });
  return {
    enabled: true,
    async shutdown() {
      unregister();
      await provider.shutdown();
    },
  };
}

const tracer = () => trace.getTracer('mad');

/** Runs `work` in a new span (a child of `parent`, or of the active span); records a thrown error and rethrows it. */
export async function withSpan<T>(
  name: string,
  options: { attributes?: Attributes; kind?: SpanKind; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}) },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** A span that is started now and ended by the caller (for phases that do not fit one function call). */
export function startSpan(name: string, options: { attributes?: Attributes; kind?: SpanKind; parent?: Context } = {}) {
  return tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}) },
    options.parent ?? context.active(),
  );
}

/** Runs `work` with `span` as the active span (so spans of pg, fetch, … made inside become its children). */
export function inSpan<T>(span: Span, work: () => T): T {
  return context.with(trace.setSpan(context.active(), span), work);
}

/** The context of a span, to parent later spans on it. */
export function contextOf(span: Span, base: Context = context.active()): Context {
  return trace.setSpan(base, span);
}

/** Marks a span failed with a reason (without an exception). */
export function failSpan(span: Span, message: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

// ── W3C trace context across process boundaries ────────────────────────────────────────────────────────────────

/** `{ traceparent, tracestate? }` of the active (or given) context: empty when nothing is being traced. */
export function traceCarrier(from: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  return carrier;
}

/** The context a carrier (a payload's `trace` field) continues; the active context when it holds none. */
export function contextFromCarrier(carrier: Record<string, string> | undefined | null): Context {
  if (!carrier) return context.active();
  return propagation.extract(context.active(), carrier);
}

/** The part of NATS's MsgHdrs the propagator needs (so this package does not depend on the NATS client). */
export interface HeaderMap {
  get(key: string): string;
  set(key: string, value: string): void;
  has(key: string): boolean;
}

const headerSetter: TextMapSetter<HeaderMap> = { set: (carrier, key, value) => carrier.set(key, value) };
const headerGetter: TextMapGetter<HeaderMap> = {
  get: (carrier, key) => (carrier.has(key) ? carrier.get(key) : undefined),
  keys: () => ['traceparent', 'tracestate'],
};

/** Writes `traceparent` (and `tracestate`) of the active context into message headers. */
export function injectTraceHeaders(headers: HeaderMap, from: Context = context.active()): HeaderMap {
  propagation.inject(from, headers, headerSetter);
  return headers;
}

/**
 * Message headers carrying the active trace context, made with `make` (NATS's `headers`), or undefined when nothing
 * is traced (tracing off, or no span active): untraced messages carry no headers at all.
 */
export function traceHeaders<H extends HeaderMap>(make: () => H, from: Context = context.active()): H | undefined {
  const spanContext = trace.getSpanContext(from);
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return undefined;
  return injectTraceHeaders(make(), from) as H;
}

/** The context continued by a message's `traceparent` header (the active one when the message has none). */
export function contextFromHeaders(headers: HeaderMap | undefined): Context {
  if (!headers) return context.active();
  return propagation.extract(context.active(), headers, headerGetter);
}

/** pino `mixin`: every log line written inside a span carries its `trace_id` and `span_id`. */
export function traceLogFields(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  if (!trace.isSpanContextValid(span.spanContext())) return {};
  return { trace_id: traceId, span_id: spanId, trace_flags: `0${traceFlags.toString(16)}` };
}
