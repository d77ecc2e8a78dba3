import { z } from 'zod';
import { envFields } from '@mad/env';
import { createSecretResolver, type OutboundPolicy, type SecretResolver } from '@mad/auth';
import { DEFAULT_ORGANIZATION_SETTINGS } from '@mad/db';
import { DEFAULT_JOB_LIMITS, type JobLimits } from '@mad/domain';
import { telemetryEnvSchema } from '@mad/telemetry';

// The server's whole configuration; README lists each variable with its default.
export const serverEnvSchema = telemetryEnvSchema.extend({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: envFields.port(8080),
  PUBLIC_URL: envFields.url(['http', 'https']).optional(),
  LOG_LEVEL: envFields.logLevel,
  DATABASE_URL: envFields.url(['postgres', 'postgresql']),
  DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(200).default(20),
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  NATS_USER: z.string().optional(),
  NATS_PASSWORD: z.string().optional(),
  S3_ENDPOINT: envFields.url(['http', 'https']).optional(),
  // the address put into presigned URLs for browsers, scripts and agents (default: S3_ENDPOINT)
  S3_PUBLIC_ENDPOINT: envFields.url(['http', 'https']).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().min(3).default('mad-artifacts'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: envFields.boolean(true),
  DASHBOARD_DIR: z.string().optional(),
  READY_TIMEOUT_MS: envFields.durationMs(2_000),
  // molecules (project_design/MOLECULES.md)
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(50 * 1024 * 1024),
  UPLOAD_MAX_RECORDS: z.coerce.number().int().min(1).default(10_000),
  UPLOAD_MAX_FILES: z.coerce.number().int().min(1).max(10_000).default(100),
  // the chemistry worker (RDKit WASM in a worker thread, replaced to give its memory back; project_design/PERFORMANCE.md)
  CHEM_WORKER_MAX_MEMORY_MIB: z.coerce.number().int().min(64).max(65_536).default(256),
  CHEM_WORKER_MAX_JOBS: z.coerce.number().int().min(1).default(500),
  CHEM_WORKER_IDLE_MS: envFields.durationMs(60_000),
  // requests (project_design/ACCESS.md, threat model): every body, counted as it streams
  REQUEST_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(64 * 1024 * 1024),
  // quotas (project_design/JOBS.md, "Quotas"): a request over a JOB_ limit is a 400, an organisation over an ORG_ one a 429
  JOB_MAX_LIGANDS: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_JOB_LIMITS.maxLigandsPerJob),
  JOB_MAX_BOX_VOLUME: z.coerce.number().positive().default(DEFAULT_JOB_LIMITS.maxBoxVolumeAngstrom3),
  JOB_MAX_EXHAUSTIVENESS: z.coerce
    .number()
    .int()
    .min(1)
    .max(DEFAULT_JOB_LIMITS.maxExhaustiveness)
    .default(DEFAULT_JOB_LIMITS.maxExhaustiveness),
  ORG_MAX_ACTIVE_JOBS: z.coerce.number().int().min(1).default(DEFAULT_JOB_LIMITS.maxActiveJobs),
  ORG_MAX_LIGANDS_IN_FLIGHT: z.coerce.number().int().min(1).default(DEFAULT_JOB_LIMITS.maxLigandsInFlight),
  QUOTA_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3_600).default(DEFAULT_JOB_LIMITS.retryAfterSeconds),
  // result cache (project_design/JOBS.md "Result cache"): more new SMILES than this, the dispatcher signs the job
  JOB_SIGN_AT_CREATION_MAX_SMILES: z.coerce.number().int().min(0).default(DEFAULT_JOB_LIMITS.maxSmilesSignedAtCreation),
  WRITE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1_200),
  ARTIFACT_LINK_SECONDS: z.coerce.number().int().min(1).max(604_800).default(300),
  // auth (project_design/ACCESS.md)
  EMBEDDED_IDP: envFields.boolean(false),
  EMBEDDED_IDP_ALLOW_REMOTE: envFields.boolean(false),
  EMBEDDED_IDP_ORG: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'an organisation slug')
    .default('demo'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)').optional(),
  SESSION_IDLE_TIMEOUT_MS: envFields.durationMs(8 * 3_600_000),
  SESSION_ABSOLUTE_TIMEOUT_MS: envFields.durationMs(7 * 24 * 3_600_000),
  AUTH_RATE_LIMIT_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  AUTH_RATE_LIMIT_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  AUTH_RATE_LIMIT_WINDOW_MS: envFields.durationMs(15 * 60_000),
  // identity providers an organisation registers (project_design/ACCESS.md, "Threat model")
  OIDC_SECRETS_DIR: z.string().min(1).optional(),
  OIDC_ALLOW_PRIVATE_NETWORKS: envFields.boolean(false),
  OIDC_HTTP_TIMEOUT_MS: envFields.durationMs(5_000),
  /** Webhook URLs may name loopback/private/link-local addresses (checked at creation and at every send). */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: envFields.boolean(false),
  // a rotated webhook secret keeps signing beside the new one this long (0: not at all; at most 30 days)
  WEBHOOK_SECRET_GRACE_SECONDS: z.coerce.number().int().min(0).max(2_592_000).default(86_400),
  // retention: what an organisation's unset setting means (project_design/DATABASES.md, "Retention")
  RETENTION_JOB_EVENTS_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(36_500)
    .default(DEFAULT_ORGANIZATION_SETTINGS.jobEventsRetentionDays),
  RETENTION_LOGS_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(36_500)
    .default(DEFAULT_ORGANIZATION_SETTINGS.logsRetentionDays),
  RETENTION_SCRATCH_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(36_500)
    .default(DEFAULT_ORGANIZATION_SETTINGS.scratchRetentionDays),
  // result cache: what an organisation's unset cache settings mean (project_design/JOBS.md, "Result cache")
  CACHE_TTL_DAYS: z.coerce.number().int().min(0).max(36_500).default(DEFAULT_ORGANIZATION_SETTINGS.cacheTtlDays),
  CACHE_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(DEFAULT_ORGANIZATION_SETTINGS.cacheMinConfidence),
  // metrics (project_design/OBSERVABILITY.md): GET /metrics, and the worker's METRICS_PORT, need this bearer token when set
  METRICS_TOKEN: envFields.bearerToken,
});

/** The organisation settings' server defaults, from the environment. */
export function settingDefaultsOf(env: ServerEnv) {
  return {
    jobEventsRetentionDays: env.RETENTION_JOB_EVENTS_DAYS,
    logsRetentionDays: env.RETENTION_LOGS_DAYS,
    scratchRetentionDays: env.RETENTION_SCRATCH_DAYS,
    cacheTtlDays: env.CACHE_TTL_DAYS,
    cacheMinConfidence: env.CACHE_MIN_CONFIDENCE,
  };
}

/** The quotas of job requests and organisations, from the environment. */
export function jobLimitsOf(env: ServerEnv): JobLimits {
  return {
    maxLigandsPerJob: env.JOB_MAX_LIGANDS,
    maxBoxVolumeAngstrom3: env.JOB_MAX_BOX_VOLUME,
    maxExhaustiveness: env.JOB_MAX_EXHAUSTIVENESS,
    maxActiveJobs: env.ORG_MAX_ACTIVE_JOBS,
    maxLigandsInFlight: env.ORG_MAX_LIGANDS_IN_FLIGHT,
    retryAfterSeconds: env.QUOTA_RETRY_AFTER_SECONDS,
    maxSmilesSignedAtCreation: env.JOB_SIGN_AT_CREATION_MAX_SMILES,
  };
}

/** Settings that contradict each other; main.ts refuses to start with any of them. */
export function limitProblems(env: ServerEnv): string[] {
  const problems: string[] = [];
  if (env.REQUEST_MAX_BYTES < env.UPLOAD_MAX_BYTES + 64 * 1024)
    problems.push(
      `REQUEST_MAX_BYTES (${env.REQUEST_MAX_BYTES}) must exceed UPLOAD_MAX_BYTES (${env.UPLOAD_MAX_BYTES}) by at least 64 KiB, or no file of the allowed size can be uploaded`,
    );
  return problems;
}

/** Settings that are fine on a laptop and dangerous in production; main.ts refuses to start with any of them. */
export function productionProblems(env: ServerEnv): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (env.EMBEDDED_IDP)
    problems.push(
      'EMBEDDED_IDP=true: the embedded identity provider signs anyone in as dev@example.org without a password; register a real provider (README, "auth") and unset EMBEDDED_IDP',
    );
  if (!env.SESSION_SECRET)
    problems.push(
      'SESSION_SECRET is not set: give a random value of at least 32 characters, the same on every server replica',
    );
  return problems;
}

export type ServerEnv = z.infer<typeof serverEnvSchema>;

/** Where presigned URLs point (the CSP lets the dashboard fetch from there): S3_PUBLIC_ENDPOINT, S3_ENDPOINT or AWS. */
export function objectStoreOrigins(env: Pick<ServerEnv, 'S3_ENDPOINT' | 'S3_PUBLIC_ENDPOINT'>): string[] {
  const endpoint = env.S3_PUBLIC_ENDPOINT ?? env.S3_ENDPOINT;
  return [endpoint ? new URL(endpoint).origin : 'https://*.amazonaws.com'];
}

/**
 * identity_providers.client_secret_ref names an OIDC_CLIENT_SECRET_<ORG>[__<NAME>] variable of the provider's own
 * organisation or a file in OIDC_SECRETS_DIR/<slug>/, read when a sign-in starts; nothing else of the environment
 * (nor another organisation's secret) can be reached through it.
 */
export function providerSecrets(env: ServerEnv, source: Record<string, string | undefined>): SecretResolver {
  return createSecretResolver({ env: source, secretsDir: env.OIDC_SECRETS_DIR });
}

/** Where webhooks may send (the worker's sends and the check when an admin saves a URL): the outbound guard's rules. */
export function webhookPolicyOf(env: ServerEnv & { WEBHOOK_TIMEOUT_MS?: number }): OutboundPolicy {
  return {
    allowHttp: env.NODE_ENV !== 'production',
    allowPrivateAddresses: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    privateNetworksSetting: 'WEBHOOK_ALLOW_PRIVATE_NETWORKS',
    timeoutMs: env.WEBHOOK_TIMEOUT_MS ?? 10_000,
    maxResponseBytes: 1024 * 1024,
  };
}

/** The server's address as users reach it (links in answers and webhook bodies). */
export function publicUrlOf(env: ServerEnv): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
}
