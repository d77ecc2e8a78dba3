// Builds the process-wide services from the parsed environment, and tears them down on shutdown.
import type { Logger } from 'pino';
import { createDatabase, createPool, type Database } from '@mad/db';
import { createS3Client } from '@mad/storage';
import { openNats, type NatsHandle } from '@mad/protocol';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Services } from '@mad/api';
import { jobLimitsOf, publicUrlOf, settingDefaultsOf, webhookPolicyOf, type ServerEnv } from './env.js';
import { createSecretResolver, outboundUrlProblem, type SecretResolver } from '@mad/auth';
import { createServerAuth, type ServerAuth } from './auth/index.js';
import { dependencyChecks, type Check } from './readiness.js';
import { createStorage } from '@mad/storage';
import { configureChemistry } from '@mad/chem';
import { lazyBoss } from './jobs/boss.js';
import { createJobsPlane } from './jobs/plane.js';
import { storageConfigOf } from './jobs/env.js';
import { serverMetrics, type ServerMetrics } from './observability/metrics.js';

export interface Runtime {
  services: Services;
  db: Database;
  nats: NatsHandle;
  s3: S3Client;
  readinessChecks: Record<string, Check>;
  auth: ServerAuth;
  metrics: ServerMetrics;
  close(): Promise<void>;
}

export { publicUrlOf } from './env.js';

export function createRuntime(
  env: ServerEnv,
  log: Logger,
  secrets: SecretResolver = createSecretResolver({ env: {} }),
): Runtime {
  const pool = createPool({
    connectionString: env.DATABASE_URL,
    maxConnections: env.DATABASE_POOL_MAX,
    applicationName: 'mad-server',
    onConnectionError: (error) =>
      log.warn({ err: error }, 'a Postgres connection broke; the next query opens a new one'),
  });
  const db = createDatabase(pool);
  const nats = openNats({
    servers: env.NATS_URL,
    user: env.NATS_USER,
    pass: env.NATS_PASSWORD,
    name: 'mad-server',
    onEvent: (event, detail) => log.info({ event, detail }, 'nats'),
  });
  const s3 = createS3Client({
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    bucket: env.S3_BUCKET,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  });
  // Jobs: the transactional enqueue (pg-boss, started on first use), cancellation and agents over NATS, S3 links.
  const jobsStorage = createStorage(storageConfigOf(env));
  const jobsBoss = lazyBoss(env.DATABASE_URL, (error) => log.error({ err: error }, 'pg-boss'));
  const jobs = createJobsPlane({
    db,
    boss: () => jobsBoss.get(),
    storage: jobsStorage,
    nats: () => nats.ready,
    log,
    onJobCreated: (pipeline, cache) => {
      metrics.jobs.created.inc({ pipeline });
      if (cache.hits) metrics.jobs.cacheLigands.inc({ pipeline, outcome: 'hit' }, cache.hits);
      if (cache.misses) metrics.jobs.cacheLigands.inc({ pipeline, outcome: 'miss' }, cache.misses);
    },
    onJobFinished: (pipeline, status) => metrics.jobs.finished.inc({ pipeline, status }),
  });
  const readinessChecks = dependencyChecks(
    { db, nats: () => nats.current(), natsError: () => nats.lastError(), s3, bucket: env.S3_BUCKET },
    env.READY_TIMEOUT_MS,
  );
  const metrics = serverMetrics({
    db,
    pool,
    nats: () => nats.current(),
    jobs,
    readinessChecks,
    readyTimeoutMs: env.READY_TIMEOUT_MS,
    log,
    supervisorRestarts: env.MAD_SUPERVISOR_RESTARTS,
  });
  configureChemistry({
    maxMemoryBytes: env.CHEM_WORKER_MAX_MEMORY_MIB * 1024 * 1024,
    maxJobs: env.CHEM_WORKER_MAX_JOBS,
    idleMs: env.CHEM_WORKER_IDLE_MS,
  });
  const services: Services = {
    db,
    publicUrl: publicUrlOf(env),
    jobs,
    telemetry: metrics.api,
    // Molecules share the one bucket client; the server never creates the bucket (start.mjs does in the embedded default).
    storage: jobsStorage,
    uploadLimits: { maxBytes: env.UPLOAD_MAX_BYTES, maxRecords: env.UPLOAD_MAX_RECORDS },
    artifactLinkSeconds: env.ARTIFACT_LINK_SECONDS,
    jobLimits: jobLimitsOf(env),
    writesPerMinute: env.WRITE_RATE_LIMIT_PER_MINUTE,
    settingDefaults: settingDefaultsOf(env),
  };
  const auth = createServerAuth({
    db,
    log,
    publicUrl: services.publicUrl,
    production: env.NODE_ENV === 'production',
    sessionSecret: env.SESSION_SECRET,
    sessionPolicy: { idleTimeoutMs: env.SESSION_IDLE_TIMEOUT_MS, absoluteTimeoutMs: env.SESSION_ABSOLUTE_TIMEOUT_MS },
    rateLimit: {
      maxFailures: env.AUTH_RATE_LIMIT_MAX_FAILURES,
      maxFailuresPerAddress: env.AUTH_RATE_LIMIT_MAX_FAILURES_PER_ADDRESS,
      windowMs: env.AUTH_RATE_LIMIT_WINDOW_MS,
    },
    writesPerMinute: env.WRITE_RATE_LIMIT_PER_MINUTE,
    embeddedIdp: env.EMBEDDED_IDP
      ? { orgSlug: env.EMBEDDED_IDP_ORG, allowRemote: env.EMBEDDED_IDP_ALLOW_REMOTE }
      : null,
    secrets,
    outbound: { allowPrivateAddresses: env.OIDC_ALLOW_PRIVATE_NETWORKS, timeoutMs: env.OIDC_HTTP_TIMEOUT_MS },
  });
  services.providerRules = auth.providerRules;
  services.webhookUrlCheck = (url) => outboundUrlProblem(url, webhookPolicyOf(env));
  services.webhookSecretGraceSeconds = env.WEBHOOK_SECRET_GRACE_SECONDS;
  return {
    services,
    auth,
    db,
    nats,
    s3,
    readinessChecks,
    metrics,
    async close() {
      metrics.stop();
      await jobsBoss.stop();
      jobsStorage.destroy();
      await nats.close();
      s3.destroy();
      await db.destroy();
    },
  };
}
