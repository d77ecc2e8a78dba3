// Builds the process-wide services from the parsed environment, and tears them down on shutdown.
import type { Logger } from 'pino';
import { createDatabase, type Database } from '@mad/db';
import { createS3Client } from '@mad/storage';
import { openNats, type NatsHandle } from '@mad/protocol';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Services } from '@mad/api';
import type { ServerEnv } from './env.js';
import { dependencyChecks, type Check } from './readiness.js';

export interface Runtime {
  services: Services;
  db: Database;
  nats: NatsHandle;
  s3: S3Client;
  readinessChecks: Record<string, Check>;
  close(): Promise<void>;
}

export function publicUrlOf(env: ServerEnv): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
}

export function createRuntime(env: ServerEnv, log: Logger): Runtime {
  const db = createDatabase({ connectionString: env.DATABASE_URL, maxConnections: env.DATABASE_POOL_MAX, applicationName: 'mad-server' });
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
  const services: Services = { db, publicUrl: publicUrlOf(env) };
  return {
    services,
    db,
    nats,
    s3,
    readinessChecks: dependencyChecks(
      { db, nats: () => nats.current(), natsError: () => nats.lastError(), s3, bucket: env.S3_BUCKET },
      env.READY_TIMEOUT_MS,
    ),
    async close() {
      await nats.close();
      s3.destroy();
      await db.destroy();
    },
  };
}
