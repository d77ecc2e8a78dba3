// Request metrics and span names by route template: express routes by their path pattern, REST bridge calls by the
// OpenAPI path they match, tRPC calls as /trpc (procedures have their own histogram), the dashboard's files as one
// route. The labels stay a fixed set whatever URLs clients send.
import type { Request, RequestHandler, Response } from 'express';
import { trace } from '@opentelemetry/api';
import type { HttpMetrics } from '@mad/telemetry';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Matches a path against OpenAPI templates (`/v1/jobs/{jobId}/status`); longest literal prefix wins ties. */
export function templateMatcher(prefix: string, templates: string[]): (path: string) => string | null {
  const compiled = templates
    .map((template) => ({
      template: `${prefix}${template}`,
      pattern: new RegExp(
        `^${prefix}${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}/]+\}/g, '[^/]+')}/?$`,
      ),
      literal: template.replace(/\{[^}/]+\}/g, '').length,
    }))
    .sort((a, b) => b.literal - a.literal);
  return (path) => compiled.find((entry) => entry.pattern.test(path))?.template ?? null;
}

export function routeOf(req: Request, restTemplate: (path: string) => string | null): string {
  const path = req.originalUrl.split('?')[0] ?? '/';
  const matched = req.route as { path?: unknown } | undefined;
  if (matched && typeof matched.path === 'string') return `${req.baseUrl}${matched.path}`;
  if (path === '/trpc' || path.startsWith('/trpc/')) return '/trpc';
  if (path.startsWith('/api/')) return restTemplate(path) ?? '/api/(unmatched)';
  if (path.startsWith('/auth/') || path.startsWith('/idp/')) return `/${path.split('/')[1]}/(other)`;
  if (req.method === 'GET' || req.method === 'HEAD') return '(dashboard)';
  return '(unmatched)';
}

const isStream = (res: Response) => String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');

/** Counts and times every request once it ends; event streams (SSE) count as in flight but are not timed. */
export function httpMetricsMiddleware(
  metrics: HttpMetrics,
  restTemplate: (path: string) => string | null,
): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const span = trace.getActiveSpan();
    metrics.inFlight.inc();
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      metrics.inFlight.dec();
      const route = routeOf(req, restTemplate);
      const method = METHODS.has(req.method) ? req.method : 'OTHER';
      span?.updateName(`${method} ${route}`);
      span?.setAttribute('http.route', route);
      if (isStream(res)) return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.requestDuration.observe({ method, route, status: String(res.statusCode) }, seconds);
    };
    res.once('finish', end);
    res.once('close', end);
    next();
  };
}
