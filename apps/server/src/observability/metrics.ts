// The server's registry: process metrics, requests and procedures, the jobs it creates, the shared cluster state
// (cluster.ts) and its Postgres pool; and the counters other features increment (caching, limits).
import type { Logger } from 'pino';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ApiTelemetry, JobsPlane } from '@mad/api';
import type { createPool, Database } from '@mad/db';
import { chemistryStats } from '@mad/chem';
import {
  chemistryMetrics,
  clusterMetrics,
  createRegistry,
  httpMetrics,
  jobMetrics,
  poolMetrics,
  type HttpMetrics,
  type JobMetrics,
  type Registry,
} from '@mad/telemetry';
import type { Check } from '../readiness.js';
import { clusterCollectors } from './cluster.js';
import { operationsReader } from './operations.js';

export interface ServerMetrics {
  registry: Registry;
  http: HttpMetrics;
  jobs: JobMetrics;
  /** The hooks procedures call (Services.telemetry). */
  api: ApiTelemetry;
  /** Ends the readings the Operations page's signals come from. */
  stop(): void;
}

export function serverMetrics(deps: {
  db: Database;
  pool: ReturnType<typeof createPool>;
  nats: () => NatsConnection | null;
  jobs: JobsPlane;
  readinessChecks: Record<string, Check>;
  readyTimeoutMs: number;
  log: Logger;
  /** MAD_SUPERVISOR_RESTARTS: how often npm start restarted this server before this run. */
  supervisorRestarts?: number;
}): ServerMetrics {
  const registry = createRegistry({ supervisorRestarts: deps.supervisorRestarts ?? 0 });
  const http = httpMetrics(registry);
  const jobs = jobMetrics(registry);
  const cluster = clusterMetrics(registry, clusterCollectors(deps));
  poolMetrics(registry, deps.pool);
  chemistryMetrics(registry, chemistryStats);
  const operations = operationsReader(http, cluster);
  return {
    registry,
    http,
    jobs,
    api: {
      procedure: (path, type, code, seconds) =>
        http.procedureDuration.observe({ procedure: path, type, code }, seconds),
      operations: operations.read,
    },
    stop: operations.stop,
  };
}
