import { z } from 'zod';
import { envFields } from '@mad/env';

// The server's whole configuration; README lists each variable with its default.
export const serverEnvSchema = z.object({
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
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().min(3).default('mad-artifacts'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: envFields.boolean(true),
  DASHBOARD_DIR: z.string().optional(),
  READY_TIMEOUT_MS: envFields.durationMs(2_000),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;
