// The worker's pieces wired together: pg-boss (dispatch and deadline queues), the JetStream streams and consumers,
// the results consumer and the poison-task listener. Used by worker.ts and by in-process integration tests.
import type { Logger } from 'pino';
import { createDatabase, createPool, isConnectionError } from '@mad/db';
import {
  createRegistry,
  poolMetrics,
  serveMetrics,
  workerMetrics,
  type MetricsServer,
  type WorkerMetrics,
} from '@mad/telemetry';
import { createStorage } from '@mad/storage';
import { ensureJobStreams, liveEventsSubject, liveOrgSubject, openNats, retryDelayMs } from '@mad/protocol';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { Subscription } from '@nats-io/transport-node';
import {
  createBoss,
  DEADLINE_QUEUE,
  DISPATCH_QUEUE,
  DISPATCH_WORK_OPTIONS,
  ensureQueues,
  type DispatchPayload,
} from './boss.js';
import { dispatchJob } from './dispatcher.js';
import { startRecorder } from './recorder.js';
import { failJobPastDeadline, listenForPoisonTasks } from './poison.js';
import { countDispatch } from '../observability/worker.js';
import { inDispatchSpan } from '../observability/traces.js';
import { PURGE_QUEUE, purgeJobObjects, type PurgePayload } from './delete.js';
import { applyRetention, RETENTION_QUEUE } from './retention.js';
import { publicUrlOf, settingDefaultsOf, webhookPolicyOf } from '../env.js';
import { startWebhookSender } from './webhooks.js';
import { storageConfigOf, timersOf, type WorkerEnv } from './env.js';

/** Dispatch attempts after a lost database connection before pg-boss is left to retry (about 15-30 s in all). */
const DISPATCH_CONNECTION_RETRIES = 6;

export interface WorkerRuntime {
  metrics: WorkerMetrics;
  /** The metrics endpoint's port (METRICS_PORT; 0 asks for a free one), null when none is served. */
  metricsPort: number | null;
  close(): Promise<void>;
}

export async function startWorker(env: WorkerEnv, log: Logger): Promise<WorkerRuntime> {
  const timers = timersOf(env);
  const pool = createPool({
    connectionString: env.DATABASE_URL,
    maxConnections: Math.min(env.DATABASE_POOL_MAX, 10),
    applicationName: 'mad-worker',
    onConnectionError: (error) =>
      log.warn({ err: error }, 'a Postgres connection broke; the next query opens a new one'),
  });
  const db = createDatabase(pool);
  const registry = createRegistry({ supervisorRestarts: env.MAD_SUPERVISOR_RESTARTS });
  const metrics = workerMetrics(registry);
  poolMetrics(registry, pool);
  const storage = createStorage(storageConfigOf(env));
  const nats = openNats({
    servers: env.NATS_URL,
    user: env.NATS_USER,
    pass: env.NATS_PASSWORD,
    name: 'mad-worker',
    onEvent: (event, detail) => log.info({ event, detail }, 'nats'),
  });
  const metricsServer: MetricsServer | null =
    env.METRICS_PORT === undefined
      ? null
      : await serveMetrics({
          registry,
          host: env.HOST,
          port: env.METRICS_PORT,
          token: env.METRICS_TOKEN,
          ready: () => nats.current() !== null,
        });
  const nc = await nats.ready;
  for (let failures = 0; ; failures += 1) {
    try {
      await ensureJobStreams(nc, timers);
      break;
    } catch (error) {
      // Not ready yet after a NATS start, or a config the server refuses to change in place (e.g. a consumer's
      // max_deliver on NATS 2.9): the error says which; delete the consumer to apply the new value.
      log.warn({ err: error }, 'cannot create or update the jobs streams and consumers; retrying');
      await new Promise((r) => setTimeout(r, retryDelayMs(failures, { baseMs: 250, maxMs: 5_000 })));
    }
  }
  let js: JetStreamClient = jetstream(nc);
  const boss = createBoss(env.DATABASE_URL, 'worker');
  boss.on('error', (error) => log.error({ err: error }, 'pg-boss'));
  await boss.start();
  await ensureQueues(boss);

  const settingDefaults = settingDefaultsOf(env);
  const dispatchOne = async ({ jobId, orgId, trace, cachePolicy }: DispatchPayload) => {
    const started = performance.now();
    const dispatched = await inDispatchSpan(jobId, trace, () =>
      dispatchJob(
        { db, storage, js: () => js, timers, ligandsPerTask: env.LIGANDS_PER_TASK, log, settingDefaults },
        jobId,
        cachePolicy,
      ),
    );
    countDispatch(metrics, dispatched, (performance.now() - started) / 1_000);
    // The deadline: once it passes no agent can still report (presigned URLs expired), so whatever is open is lost.
    await boss.send(
      DEADLINE_QUEUE,
      { jobId },
      { startAfter: new Date(Date.now() + timers.jobDeadlineMs), singletonKey: jobId },
    );
    nc.publish(liveEventsSubject(jobId), '');
    nc.publish(liveOrgSubject(orgId), jobId);
  };
  // Postgres going away mid-dispatch (a restart, a failover) is retried here, in the worker, with backoff: pg-boss
  // would retry too, but its own record of the failure needs the database, so it would only see the job again once
  // the dispatch queue's expiry (minutes) passed. Dispatching again is safe (tasks are published by Nats-Msg-Id).
  const dispatchRetrying = async (payload: DispatchPayload) => {
    for (let failures = 0; ; failures += 1) {
      try {
        return await dispatchOne(payload);
      } catch (error) {
        if (!isConnectionError(error) || failures >= DISPATCH_CONNECTION_RETRIES) throw error;
        log.warn({ err: error, jobId: payload.jobId }, 'dispatch: the database went away; trying again');
        await new Promise((r) => setTimeout(r, retryDelayMs(failures, { baseMs: 500, maxMs: 8_000 })));
      }
    }
  };
  await boss.work<DispatchPayload, unknown, typeof DISPATCH_WORK_OPTIONS>(
    DISPATCH_QUEUE,
    DISPATCH_WORK_OPTIONS,
    (jobs) =>
      Promise.all(
        jobs.map(async (job) => {
          try {
            await dispatchRetrying(job.data);
            return { id: job.id, status: 'completed' as const };
          } catch (error) {
            log.error({ err: error, jobId: job.data.jobId }, 'dispatch failed; pg-boss retries it');
            return {
              id: job.id,
              status: 'failed' as const,
              output: { message: error instanceof Error ? error.message : String(error) },
            };
          }
        }),
      ),
  );
  await boss.work<{ jobId: string }>(DEADLINE_QUEUE, async ([job]) => {
    if (!job) return;
    await failJobPastDeadline({ db, metrics }, nc, job.data.jobId, timers.jobDeadlineMs);
  });

  await boss.work<PurgePayload>(PURGE_QUEUE, async ([job]) => {
    if (!job) return;
    const removed = await purgeJobObjects(storage, job.data);
    if (removed > 0) log.info({ jobId: job.data.jobId, removed }, 'deleted job: objects purged');
  });

  await boss.schedule(RETENTION_QUEUE, env.RETENTION_SCHEDULE);
  await boss.work(RETENTION_QUEUE, async () => {
    const report = await applyRetention({
      db,
      storage,
      defaults: settingDefaultsOf(env),
      batchSize: env.RETENTION_BATCH,
      maxBatches: env.RETENTION_MAX_BATCHES,
      log,
    });
    log.info({ report }, 'retention run');
  });

  const webhooks = await startWebhookSender(
    {
      db,
      log,
      metrics,
      outbound: webhookPolicyOf(env),
      delivery: { maxAttempts: env.WEBHOOK_MAX_ATTEMPTS, retryDelayMs: env.WEBHOOK_RETRY_DELAY_SECONDS * 1_000 },
      publicUrl: publicUrlOf(env),
    },
    boss,
  );

  const recorder = startRecorder({ db, nats: () => nats.ready, log, metrics });
  const advisories: Subscription[] = listenForPoisonTasks({ db, log, metrics }, nc);
  js = jetstream(nc);
  log.info({ timers, metricsPort: metricsServer?.port ?? null }, 'worker started');
  // Once: a test that stops the worker and then restarts it closes it twice.
  let closing: Promise<void> | null = null;
  const closeAll = async (): Promise<void> => {
    await metricsServer?.close();
    for (const subscription of advisories) subscription.unsubscribe();
    await webhooks.stop();
    await boss
      .stop({ graceful: true, timeout: 10_000 })
      .catch((error: unknown) => log.warn({ err: error }, 'pg-boss stop'));
    await recorder.stop();
    await nats.close();
    storage.destroy();
    await db.destroy();
  };

  return {
    metrics,
    metricsPort: metricsServer?.port ?? null,
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
}
