// The Prometheus text endpoint: `GET /metrics` on the server's own port, or a port of its own for the worker and the
// agents (METRICS_PORT, AGENT_METRICS_PORT). With a token, only `Authorization: Bearer <token>` may read it
// (Prometheus: `authorization: { credentials_file: … }`); the comparison takes constant time.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when the request may read the metrics: no token configured, or the right bearer token. */
export function metricsAuthorized(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

/** Answers one scrape: 401 without the token, otherwise the registry in the Prometheus text format. */
export async function answerScrape(
  registry: Registry,
  token: string | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (!metricsAuthorized(request.headers.authorization, token)) {
    response.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' });
    response.end('metrics need Authorization: Bearer <METRICS_TOKEN>\n');
    return;
  }
  try {
    const body = await registry.metrics();
    response.writeHead(200, { 'content-type': registry.contentType });
    response.end(body);
  } catch (error) {
    response.writeHead(500, { 'content-type': 'text/plain' });
    response.end(`metrics could not be collected: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A small HTTP server answering GET /metrics, GET /health (liveness: the process answers) and GET /ready (readiness:
 * `ready()` holds, e.g. its NATS connection is up) for a process that serves no HTTP otherwise; the Kubernetes
 * probes of the worker and the agents use the last two.
 */
export async function serveMetrics(options: {
  registry: Registry;
  host: string;
  port: number;
  token?: string | undefined;
  ready?: () => boolean;
}): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'GET' && path === '/metrics') {
      void answerScrape(options.registry, options.token, request, response);
    } else if (request.method === 'GET' && path === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"status":"ok"}');
    } else if (request.method === 'GET' && path === '/ready') {
      const ready = options.ready?.() ?? true;
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(ready ? '{"status":"ready"}' : '{"status":"not ready"}');
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('GET /metrics\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
