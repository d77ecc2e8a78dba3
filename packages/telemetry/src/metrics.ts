// Every metric the platform exports, defined once (name, type, labels, help), grouped by the process that owns it.
// Each process makes its own registry (createRegistry) and registers the groups it updates; in-process test stacks
// therefore keep the server's, the worker's and each agent's numbers apart. Label values are bounded sets only
// (pipelines, statuses, stages, route templates, hosts of the configured fleet): never job, task or organisation ids.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type { Registry } from 'prom-client';

/**
 * A registry with the Node process metrics (CPU, memory, event loop lag, GC, handles) and, when given, how often
 * the supervisor restarted this process (MAD_SUPERVISOR_RESTARTS, set by npm start; Kubernetes counts its own).
 */
export function createRegistry(options: { processMetrics?: boolean; supervisorRestarts?: number } = {}): Registry {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  if (options.supervisorRestarts !== undefined)
    new Gauge({
      name: 'mad_process_restarts',
      help: 'Times the supervisor (npm start) restarted this process after it exited unexpectedly, before this run',
      registers: [registry],
    }).set(options.supervisorRestarts);
  return registry;
}

/** Request latency: 5 ms to 10 s. */
export const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Waiting in a queue, or a job's way to its first agent: 100 ms to 1 h. */
export const WAIT_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
/** Preparing or docking one ligand, running one task: 100 ms to 2 h. */
export const WORK_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];
/** From an agent's report to its row in the database: 10 ms to 2 min. */
export const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** HTTP requests (server) and procedures (tRPC and the REST bridge call the same ones). */
export function httpMetrics(registry: Registry) {
  return {
    requestDuration: new Histogram({
      name: 'mad_http_request_duration_seconds',
      help: 'HTTP requests by route template, method and status code: latency (the _count is the request count)',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: HTTP_BUCKETS,
      registers: [registry],
    }),
    inFlight: new Gauge({
      name: 'mad_http_requests_in_flight',
      help: 'HTTP requests being served now (long-lived event streams included)',
      registers: [registry],
    }),
    procedureDuration: new Histogram({
      name: 'mad_api_procedure_duration_seconds',
      help: 'tRPC procedures (called over /trpc or the REST bridge) by procedure, type and outcome code',
      labelNames: ['procedure', 'type', 'code'] as const,
      buckets: HTTP_BUCKETS,
      registers: [registry],
    }),
  };
}
export type HttpMetrics = ReturnType<typeof httpMetrics>;

/** Job state transitions: counted by whichever process makes them (server: created, cancelled; worker: the rest). */
export function jobMetrics(registry: Registry) {
  return {
    created: new Counter({
      name: 'mad_jobs_created_total',
      help: 'Docking jobs created (committed), by pipeline',
      labelNames: ['pipeline'] as const,
      registers: [registry],
    }),
    cacheLigands: new Counter({
      name: 'mad_result_cache_ligands_total',
      help: 'Ligands of created jobs answered from the result cache (hit) or dispatched to the agents (miss), by pipeline',
      labelNames: ['pipeline', 'outcome'] as const,
      registers: [registry],
    }),
    finished: new Counter({
      name: 'mad_jobs_finished_total',
      help: 'Docking jobs that reached a final state, by pipeline and status (COMPLETED, FAILED, CANCELLED)',
      labelNames: ['pipeline', 'status'] as const,
      registers: [registry],
    }),
  };
}
export type JobMetrics = ReturnType<typeof jobMetrics>;

/** The worker: dispatch, recording, task and ligand outcomes as reported by the agents. */
export function workerMetrics(registry: Registry) {
  return {
    jobs: jobMetrics(registry),
    dispatchDuration: new Histogram({
      name: 'mad_dispatch_duration_seconds',
      help: 'Dispatching one job (splitting, presigning, publishing its tasks), by pipeline',
      labelNames: ['pipeline'] as const,
      buckets: WORK_BUCKETS,
      registers: [registry],
    }),
    tasksDispatched: new Counter({
      name: 'mad_tasks_dispatched_total',
      help: 'Tasks published to the JetStream work queue, by pipeline',
      labelNames: ['pipeline'] as const,
      registers: [registry],
    }),
    firstAccept: new Histogram({
      name: 'mad_job_first_accept_seconds',
      help: "From a job's creation to the first task an agent accepted, by pipeline",
      labelNames: ['pipeline'] as const,
      buckets: WAIT_BUCKETS,
      registers: [registry],
    }),
    tasksFinished: new Counter({
      name: 'mad_tasks_finished_total',
      help: 'Task results recorded, by pipeline and status (succeeded, failed, cancelled; lost = poison or past the deadline)',
      labelNames: ['pipeline', 'status'] as const,
      registers: [registry],
    }),
    taskRunDuration: new Histogram({
      name: 'mad_task_run_seconds',
      help: "A task's run on its agent (accepted to result), by pipeline and status",
      labelNames: ['pipeline', 'status'] as const,
      buckets: WORK_BUCKETS,
      registers: [registry],
    }),
    ligandsFinished: new Counter({
      name: 'mad_ligands_finished_total',
      help: 'Ligands with a recorded outcome, by pipeline, status and the stage that failed (none when docked)',
      labelNames: ['pipeline', 'status', 'stage'] as const,
      registers: [registry],
    }),
    reportsRecorded: new Counter({
      name: 'mad_reports_recorded_total',
      help: 'Agent reports recorded in the database, by kind (event, result)',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    recordingLag: new Histogram({
      name: 'mad_recording_lag_seconds',
      help: "From an agent's report (its timestamp) to its commit in the database",
      labelNames: ['kind'] as const,
      buckets: LAG_BUCKETS,
      registers: [registry],
    }),
    recordFailures: new Counter({
      name: 'mad_record_failures_total',
      help: 'Report batches the database refused (each is retried report by report, then redelivered)',
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: 'mad_webhook_deliveries_total',
      help: 'Webhook delivery attempts, by outcome (delivered; retry: failed, sent again later; failed: the last attempt failed; abandoned: the webhook was deactivated first)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
  };
}
export type WorkerMetrics = ReturnType<typeof workerMetrics>;

/** A compute agent: its own view of the tasks it ran, transfers and its slots and cores. */
export function agentMetrics(registry: Registry) {
  return {
    tasks: new Counter({
      name: 'mad_agent_tasks_total',
      help: 'Tasks this agent finished, by engine and outcome (succeeded, failed, cancelled, handed_back)',
      labelNames: ['engine', 'outcome'] as const,
      registers: [registry],
    }),
    redeliveries: new Counter({
      name: 'mad_agent_task_redeliveries_total',
      help: 'Tasks this agent received on a second or later delivery (another agent died or timed out on them)',
      labelNames: ['engine'] as const,
      registers: [registry],
    }),
    queueWait: new Histogram({
      name: 'mad_agent_task_queue_wait_seconds',
      help: 'From the task message stored in JetStream to this agent taking it (first deliveries), by engine',
      labelNames: ['engine'] as const,
      buckets: WAIT_BUCKETS,
      registers: [registry],
    }),
    ligands: new Counter({
      name: 'mad_agent_ligands_total',
      help: 'Ligands this agent finished, by engine and status',
      labelNames: ['engine', 'status'] as const,
      registers: [registry],
    }),
    preparation: new Histogram({
      name: 'mad_agent_ligand_preparation_seconds',
      help: 'Preparing one ligand (RDKit/Open Babel to PDBQT), by engine',
      labelNames: ['engine'] as const,
      buckets: WORK_BUCKETS,
      registers: [registry],
    }),
    docking: new Histogram({
      name: 'mad_agent_ligand_docking_seconds',
      help: 'The engine process docking one ligand, by engine',
      labelNames: ['engine'] as const,
      buckets: WORK_BUCKETS,
      registers: [registry],
    }),
    transfer: new Histogram({
      name: 'mad_agent_transfer_seconds',
      help: 'Presigned S3 transfers, by direction (download, upload) and outcome (ok, error)',
      labelNames: ['direction', 'outcome'] as const,
      buckets: HTTP_BUCKETS,
      registers: [registry],
    }),
    slots: new Gauge({
      name: 'mad_agent_slots',
      help: "This agent's task slots, by state (busy, free)",
      labelNames: ['state'] as const,
      registers: [registry],
    }),
    cpus: new Gauge({
      name: 'mad_agent_cpus',
      help: "This agent's CPU pool (AGENT_CPUS) shared by its engine processes, by state (busy, free)",
      labelNames: ['state'] as const,
      registers: [registry],
    }),
    reportFailures: new Counter({
      name: 'mad_agent_report_publish_failures_total',
      help: 'Reports this agent gave up publishing (events after their retries; a result is retried until stored)',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
  };
}
export type AgentMetrics = ReturnType<typeof agentMetrics>;

/** Shared state read when scraped (by the server only, so Prometheus counts it once). */
export function clusterMetrics(registry: Registry, collect: ClusterCollectors) {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], read: GaugeReader<L>) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        for (const sample of await read()) this.set(sample.labels, sample.value);
      },
    });
  return {
    queueJobs: gauge(
      'mad_queue_jobs',
      'pg-boss jobs by queue (jobs.dispatch, jobs.deadline) and state (queued, active, failed within the retention)',
      ['queue', 'state'],
      collect.queueJobs,
    ),
    queueOldest: gauge(
      'mad_queue_oldest_age_seconds',
      'Age of the oldest pg-boss job waiting to be picked up (0 when none), by queue',
      ['queue'],
      collect.queueOldest,
    ),
    streamMessages: gauge(
      'mad_jetstream_stream_messages',
      'Messages in a JetStream stream (MAD_TASKS: tasks not yet acked; MAD_REPORTS: reports not yet recorded)',
      ['stream'],
      collect.streamMessages,
    ),
    streamBytes: gauge('mad_jetstream_stream_bytes', 'Bytes in a JetStream stream', ['stream'], collect.streamBytes),
    streamOldest: gauge(
      'mad_jetstream_stream_oldest_age_seconds',
      'Age of the oldest message of a stream (0 when empty)',
      ['stream'],
      collect.streamOldest,
    ),
    consumer: gauge(
      'mad_jetstream_consumer_messages',
      'A durable consumer: pending (not yet delivered), ack_pending (delivered, not yet acked), redelivered (now), waiting (pull requests)',
      ['consumer', 'state'],
      collect.consumer,
    ),
    storage: gauge(
      'mad_jetstream_storage_bytes',
      "The account's JetStream storage: used and limit (file store; limit absent when unlimited)",
      ['kind'],
      collect.storage,
    ),
    agents: gauge(
      'mad_fleet_agents',
      'Live agents (heartbeat within its TTL) able to run each engine (0 when none)',
      ['engine'],
      collect.agents,
    ),
    slots: gauge(
      'mad_fleet_slots',
      'Task slots of the live agents, by host and state (busy, free)',
      ['host', 'state'],
      collect.slots,
    ),
    cpus: gauge(
      'mad_fleet_cpus',
      'CPU-pool cores of the live agents, by host and state (busy, free)',
      ['host', 'state'],
      collect.cpus,
    ),
    activeJobs: gauge(
      'mad_jobs_active',
      'Jobs not yet final, by pipeline and status (PENDING, RUNNING)',
      ['pipeline', 'status'],
      collect.activeJobs,
    ),
    activeTasks: gauge(
      'mad_tasks_active',
      'Tasks of the jobs not yet final, by status (PENDING, QUEUED, RUNNING, and the final ones so far)',
      ['status'],
      collect.activeTasks,
    ),
    dependencyUp: gauge(
      'mad_dependency_up',
      'The readiness checks of the server (1 = answers, 0 = not): postgres, nats, s3',
      ['dependency'],
      collect.dependencyUp,
    ),
  };
}

export interface Sample<L extends string> {
  labels: Partial<Record<L, string>>;
  value: number;
}
export type GaugeReader<L extends string> = () => Promise<Sample<L>[]>;
export interface ClusterCollectors {
  queueJobs: GaugeReader<'queue' | 'state'>;
  queueOldest: GaugeReader<'queue'>;
  streamMessages: GaugeReader<'stream'>;
  streamBytes: GaugeReader<'stream'>;
  streamOldest: GaugeReader<'stream'>;
  consumer: GaugeReader<'consumer' | 'state'>;
  storage: GaugeReader<'kind'>;
  agents: GaugeReader<'engine'>;
  slots: GaugeReader<'host' | 'state'>;
  cpus: GaugeReader<'host' | 'state'>;
  activeJobs: GaugeReader<'pipeline' | 'status'>;
  activeTasks: GaugeReader<'status'>;
  dependencyUp: GaugeReader<'dependency'>;
}

/** What poolMetrics reads of a node-postgres pool (pg.Pool has these; this package does not depend on pg). */
export interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number | undefined };
}

/** A node-postgres pool's connections (total, idle, waiting clients), read when scraped. */
export function poolMetrics(registry: Registry, pool: PoolLike | null) {
  return new Gauge({
    name: 'mad_db_pool_connections',
    help: "This process's Postgres pool: connections by state (total, idle, waiting = clients queued for one, max)",
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      if (!pool) return;
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
      // node-postgres's default when max is not given.
      this.set({ state: 'max' }, pool.options.max ?? 10);
    },
  });
}

/** What chemistryMetrics reads (@mad/chem's chemistryStats, kept out of this package's dependencies). */
export interface ChemistryReading {
  started: number;
  recycled: number;
  running: number;
  rdkitInThisThread: boolean;
}

/** The chemistry worker threads (RDKit where its memory can be reclaimed) and whether RDKit leaked into this thread. */
export function chemistryMetrics(registry: Registry, read: () => ChemistryReading) {
  return [
    new Gauge({
      name: 'mad_chemistry_workers',
      help: 'Chemistry worker threads (each its own RDKit): running now, and started and recycled since the process began',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const stats = read();
        this.set({ state: 'running' }, stats.running);
        this.set({ state: 'started' }, stats.started);
        this.set({ state: 'recycled' }, stats.recycled);
      },
    }),
    new Gauge({
      name: 'mad_chemistry_main_thread_rdkit',
      help: "1 when this process's main thread has loaded RDKit itself (its WASM heap never shrinks); 0 expected",
      registers: [registry],
      collect() {
        this.set(read().rdkitInThisThread ? 1 : 0);
      },
    }),
  ];
}
