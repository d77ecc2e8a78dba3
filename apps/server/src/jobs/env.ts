import { z } from 'zod';
import { envFields } from '@mad/env';
import { DEFAULT_TIMERS, deriveTimers } from '@mad/protocol';
import type { StorageConfig } from '@mad/storage';
import { serverEnvSchema, type ServerEnv } from '../env.js';

// The worker's configuration: the server's, plus the jobs timers (project_design/JOBS.md gives their reasons).
export const workerEnvSchema = serverEnvSchema.extend({
  TASK_ACK_WAIT_MS: envFields.durationMs(DEFAULT_TIMERS.ackWaitMs),
  TASK_MAX_DELIVER: z.coerce.number().int().min(1).max(20).default(DEFAULT_TIMERS.maxDeliver),
  TASK_TIMEOUT_MS: envFields.durationMs(DEFAULT_TIMERS.taskTimeoutMs),
  TASK_QUEUE_ALLOWANCE_MS: envFields.durationMs(DEFAULT_TIMERS.queueAllowanceMs),
  /** Ligands per task: one receptor preparation and grid serve the whole batch. */
  LIGANDS_PER_TASK: z.coerce.number().int().min(1).max(1_000).default(8),
  /** The worker's own metrics endpoint (GET /metrics on HOST:METRICS_PORT); unset: none. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Retention (jobs/retention.ts): when it runs (cron, the worker's time zone), rows or keys per statement, statements per run. */
  RETENTION_SCHEDULE: z.string().min(9).default('*/15 * * * *'),
  RETENTION_BATCH: z.coerce.number().int().min(10).max(10_000).default(5_000),
  RETENTION_MAX_BATCHES: z.coerce.number().int().min(1).max(10_000).default(100),
  /** Webhooks (jobs/webhooks.ts): one attempt's deadline, attempts before a delivery fails, the first retry's delay. */
  WEBHOOK_TIMEOUT_MS: envFields.durationMs(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
});
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function timersOf(env: WorkerEnv) {
  return deriveTimers({
    ackWaitMs: env.TASK_ACK_WAIT_MS,
    maxDeliver: env.TASK_MAX_DELIVER,
    taskTimeoutMs: env.TASK_TIMEOUT_MS,
    queueAllowanceMs: env.TASK_QUEUE_ALLOWANCE_MS,
  });
}

/** The bucket the jobs read and write, from the server's S3 variables. */
export function storageConfigOf(
  env: Pick<
    ServerEnv,
    | 'S3_ENDPOINT'
    | 'S3_PUBLIC_ENDPOINT'
    | 'S3_REGION'
    | 'S3_BUCKET'
    | 'S3_ACCESS_KEY_ID'
    | 'S3_SECRET_ACCESS_KEY'
    | 'S3_FORCE_PATH_STYLE'
  >,
): StorageConfig {
  return {
    endpoint: env.S3_ENDPOINT,
    ...(env.S3_PUBLIC_ENDPOINT ? { publicEndpoint: env.S3_PUBLIC_ENDPOINT } : {}),
    region: env.S3_REGION,
    bucket: env.S3_BUCKET,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  };
}
