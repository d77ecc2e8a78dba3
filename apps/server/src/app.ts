// The HTTP surface: /health, /ready, /trpc (tRPC), /api (REST bridge + OpenAPI document) and the dashboard.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import * as trpcExpress from '@trpc/server/adapters/express';
import { createOpenApiExpressMiddleware } from 'trpc-to-openapi';
import {
  appRouter,
  isAppError,
  REST_ANSWERS,
  toTRPCError,
  type Context,
  type Principal,
  type Services,
} from '@mad/api';
import { runChecks, type Check } from './readiness.js';
import { DEFAULT_UPLOAD_MAX_FILES, moleculesUploadRoute, UPLOAD_PATH } from './routes/molecules-upload.js';
import { bodyLimit } from './http/body-limit.js';
import { securityHeaders, type SecurityHeaderOptions } from './http/security-headers.js';
import { acceptBodylessPosts } from './http/bodyless.js';
import { jsonBodies } from './http/json-body.js';
import { checkRequestHeaders, givenRequestId, refuseMalformedHeaders } from './http/request-headers.js';
import { sendApiError } from './routes/http-errors.js';
import { artifactRoute, ARTIFACT_PATH } from './routes/artifacts.js';
import { servedOpenApiDocument } from './openapi.js';
import { apiDocsRouter } from './routes/api-docs.js';
import {
  RESULTS_CSV_PATH,
  RESULTS_SDF_PATH,
  RESULTS_ZIP_PATH,
  resultsCsvRoute,
  resultsSdfRoute,
  resultsZipRoute,
} from './routes/results-export.js';
import { JOB_EVENTS_PATH, jobEventsStreamRoute } from './routes/job-events-stream.js';
import {
  jobLogsRoute,
  LIGAND_FILE_PATH,
  ligandFileRoute,
  restResponseMeta,
  retryAfterMeta,
} from './routes/job-files.js';
import { answerScrape, type HttpMetrics, type Registry } from '@mad/telemetry';
import { httpMetricsMiddleware, templateMatcher } from './observability/http.js';

export interface AppOptions {
  services: Services;
  log: Logger;
  readinessChecks: Record<string, Check>;
  readyTimeoutMs: number;
  /** Resolves the caller from cookies or an Authorization header; null when anonymous. */
  authenticate?: (req: Request) => Promise<Principal | null>;
  /** /auth/* (OIDC sign-in), /idp/* (embedded provider) and the credential check in front of /trpc and /api. */
  authRouter?: RequestHandler;
  dashboardDir?: string;
  /** GET /metrics (the registry; METRICS_TOKEN required when set) and the request metrics recorded into it. */
  metrics?: { registry: Registry; http: HttpMetrics; token?: string | undefined };
  /** Request limits (REQUEST_MAX_BYTES, UPLOAD_MAX_FILES); defaults when omitted. */
  limits?: Partial<RequestLimits>;
  /** CSP, HSTS (production) and the other response headers on every answer; development defaults when omitted. */
  headers?: SecurityHeaderOptions;
  /** How often a job event stream sends a heartbeat comment (15 s when omitted). */
  sseHeartbeatMs?: number;
}

/** A refusal while resolving the caller (401, 403, 429) answers with its code on both /trpc and /api. */
const rethrowAsTRPCError = (error: unknown): never => {
  throw toTRPCError(error);
};

export interface RequestLimits {
  /** Bytes of any request body, counted as it streams. */
  requestMaxBytes: number;
  /** Files in one multipart upload. */
  uploadMaxFiles: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  requestMaxBytes: 64 * 1024 * 1024,
  uploadMaxFiles: DEFAULT_UPLOAD_MAX_FILES,
};

export const REST_MAX_BODY_BYTES = 16 * 1024 * 1024;

export function createApp(options: AppOptions): Express {
  const limits = { ...DEFAULT_REQUEST_LIMITS, ...options.limits };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders(options.headers ?? { production: false }));

  app.use(
    pinoHttp({
      logger: options.log,
      // A malformed X-Request-Id is refused just below (refuseMalformedHeaders); its 400 carries an id of its own.
      genReqId: (req, res) => {
        const id = givenRequestId(req) ?? randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
    }),
  );

  app.use(refuseMalformedHeaders);

  const openApi = servedOpenApiDocument(options.services.publicUrl);
  const metrics = options.metrics;
  if (metrics) {
    app.use(httpMetricsMiddleware(metrics.http, templateMatcher('/api', Object.keys(openApi.paths ?? {}))));
    // Before the credential check: Prometheus authenticates with METRICS_TOKEN, not a user's token.
    app.get('/metrics', (req, res) => void answerScrape(metrics.registry, metrics.token, req, res));
  }
  app.use(bodyLimit({ maxBytes: limits.requestMaxBytes }));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/ready', async (_req, res) => {
    const { ready, body } = await runChecks(options.readinessChecks, options.readyTimeoutMs);
    res.status(ready ? 200 : 503).json(body);
  });

  if (options.authRouter) app.use(options.authRouter);

  const createContext = async ({ req }: { req: Request }): Promise<Context> => {
    // /trpc's headers are checked here, so a malformed one is refused in tRPC's error shape (REST: the middleware).
    try {
      checkRequestHeaders(req, true);
    } catch (error) {
      rethrowAsTRPCError(error);
    }
    return {
      ...options.services,
      requestId: String(req.id), // genReqId gives every request a string id
      log: req.log,
      principal: options.authenticate ? await options.authenticate(req).catch(rethrowAsTRPCError) : null,
      idempotencyKey: req.get('idempotency-key') ?? null,
    };
  };

  app.use(
    '/trpc',
    trpcExpress.createExpressMiddleware({
      router: appRouter,
      createContext,
      maxBodySize: limits.requestMaxBytes,
      responseMeta: retryAfterMeta,
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') options.log.error({ err: error, path }, 'tRPC procedure failed');
      },
    }),
  );

  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.use(apiDocsRouter());
  app.get('/api/v1/jobs/:jobId/logs', jobLogsRoute(createContext));
  app.get(LIGAND_FILE_PATH, ligandFileRoute(createContext));
  app.get(RESULTS_CSV_PATH, resultsCsvRoute(createContext));
  app.get(RESULTS_SDF_PATH, resultsSdfRoute(createContext));
  app.get(RESULTS_ZIP_PATH, resultsZipRoute(createContext));
  // Server-Sent Events when asked for (Accept: text/event-stream); otherwise on to the REST bridge's JSON page.
  app.get(JOB_EVENTS_PATH, jobEventsStreamRoute(createContext, { heartbeatMs: options.sseHeartbeatMs }));
  // Multipart upload and artifact redirects: before the REST bridge, with the same authenticate and access check.
  const authenticate = options.authenticate ?? (async () => null);
  app.post(UPLOAD_PATH, moleculesUploadRoute(options.services, authenticate, { maxFiles: limits.uploadMaxFiles }));
  app.get(ARTIFACT_PATH, artifactRoute(options.services, authenticate));
  app.use('/api', acceptBodylessPosts);
  app.use('/api', jsonBodies(REST_MAX_BODY_BYTES));
  app.use(
    '/api',
    createOpenApiExpressMiddleware({
      router: appRouter,
      createContext,
      responseMeta: restResponseMeta(REST_ANSWERS),
      // The bridge's default is 100 kB, which refuses a job of ~2,000 inline SMILES; jobs of 100,000 ligands are ~4 MB.
      maxBodySize: REST_MAX_BODY_BYTES,
      onError: ({ error, path }: { error: { code: string }; path?: string }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') options.log.error({ err: error, path }, 'REST route failed');
      },
    }),
  );

  serveDashboard(app, options.dashboardDir);
  app.use(lastErrorHandler);
  return app;
}

/**
 * Whatever a route passes on (next(error)) answers JSON in the one error shape, never express's HTML page with a
 * stack trace: an AppError with its status, a body parser's 4xx as itself, anything else a logged 500.
 */
const lastErrorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const status = (error as { status?: unknown }).status;
  if (!isAppError(error) && typeof status === 'number' && status >= 400 && status < 500) {
    res
      .status(status)
      .json({ code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message: String((error as Error).message) });
    return;
  }
  sendApiError(req, res, error);
};

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Molecular Analysis Dashboard</title></head>
<body><main><h1>Molecular Analysis Dashboard</h1><p>The server is running. The dashboard has not been built yet.</p>
<ul><li><a href="/health">/health</a></li><li><a href="/ready">/ready</a></li><li><a href="/api/v1/openapi.json">REST API (OpenAPI)</a></li></ul></main></body></html>`;

/** The dashboard's production build on the same origin; every unknown non-API path gets index.html (client routing). */
function serveDashboard(app: Express, dashboardDir: string | undefined) {
  const index = dashboardDir ? join(dashboardDir, 'index.html') : undefined;
  if (dashboardDir && index && existsSync(index)) {
    app.use(express.static(dashboardDir, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!api\/|trpc\/|auth\/).*/, (_req, res) => res.sendFile(index));
  } else {
    app.get('/', (_req, res) => res.type('html').send(PLACEHOLDER));
  }
}
