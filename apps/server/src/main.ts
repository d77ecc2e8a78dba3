// The HTTP server process: parses its environment, applies nothing to the database (migrations run separately),
// serves until SIGINT/SIGTERM, then drains.
import { tracing } from './instrument.js';
import { fileURLToPath } from 'node:url';
import { loadEnvOrExit } from '@mad/env';
import { limitProblems, objectStoreOrigins, productionProblems, providerSecrets, serverEnvSchema } from './env.js';
import { createLogger } from './logger.js';
import { createRuntime } from './services.js';
import { createApp } from './app.js';
import { answerClientErrors } from './http/client-errors.js';

const env = loadEnvOrExit(serverEnvSchema, 'server');
const contradictions = limitProblems(env);
if (contradictions.length > 0) {
  process.stderr.write(`server: refusing to start:\n${contradictions.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(78);
}
const unsafe = productionProblems(env);
if (unsafe.length > 0) {
  process.stderr.write(
    `server: refusing to start with NODE_ENV=production:\n${unsafe.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(78);
}
const log = createLogger(env.LOG_LEVEL);
const runtime = createRuntime(env, log, providerSecrets(env, process.env));
const dashboardDir = env.DASHBOARD_DIR ?? fileURLToPath(new URL('../../dashboard/dist/', import.meta.url));
const app = createApp({
  services: runtime.services,
  log,
  readinessChecks: runtime.readinessChecks,
  readyTimeoutMs: env.READY_TIMEOUT_MS,
  dashboardDir,
  authenticate: runtime.auth.authenticate,
  authRouter: runtime.auth.router,
  metrics: { registry: runtime.metrics.registry, http: runtime.metrics.http, token: env.METRICS_TOKEN },
  limits: { requestMaxBytes: env.REQUEST_MAX_BYTES, uploadMaxFiles: env.UPLOAD_MAX_FILES },
  headers: { production: env.NODE_ENV === 'production', objectStoreOrigins: objectStoreOrigins(env) },
});
// The embedded IdP registers itself once the database answers (the server serves /ready meanwhile).
void (async function registerEmbeddedIdp() {
  for (;;) {
    try {
      return await runtime.auth.start();
    } catch (error) {
      log.warn({ err: error }, 'cannot register the embedded identity provider yet; retrying in 5 s');
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  }
})();

const server = answerClientErrors(
  app.listen(env.PORT, env.HOST, () => {
    log.info({ url: runtime.services.publicUrl, port: env.PORT }, 'server listening');
  }),
);
server.on('error', (error) => {
  log.fatal({ err: error }, 'cannot listen');
  process.exit(1);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  server.close();
  server.closeAllConnections();
  await runtime.close().catch((error) => log.error({ err: error }, 'shutdown error'));
  await tracing.shutdown().catch((error: unknown) => log.warn({ err: error }, 'traces not flushed'));
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
