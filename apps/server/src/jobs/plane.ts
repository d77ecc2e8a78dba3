// The server side of the JobsPlane the API procedures use: pg-boss transactional enqueue, cancellation (database +
// the cancels KV bucket the agents watch), the agents registry, presigned links and live event wake-ups.
import type { Logger } from 'pino';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { KvWatchInclude } from '@nats-io/kv';
import type { PgBoss } from 'pg-boss';
import type { Database } from '@mad/db';
import type { Storage } from '@mad/storage';
import { jetstreamManager } from '@nats-io/jetstream';
import {
  AGENTS_BUCKET,
  AgentHeartbeat,
  liveEventsSubject,
  liveOrgSubject,
  openJobBuckets,
  type CancelRecord,
  type JobBuckets,
} from '@mad/protocol';
import { traceCarrier } from '@mad/telemetry';
import { enqueueDispatch } from './boss.js';
import { cancelJob, jobRef, type JobCreatedCache, type JobsPlane } from '@mad/domain';
import { deleteJobRows, JobNotFinishedError, purgeJobObjects } from './delete.js';

export interface PlaneDeps {
  db: Database;
  boss: () => Promise<PgBoss>;
  storage: Storage;
  nats: () => Promise<NatsConnection>;
  log: Logger;
  /** Counts a committed job (the server's metrics). */
  onJobCreated?: (pipeline: string, cache: JobCreatedCache) => void;
  /** Counts a job this process made final (a cancellation, or every ligand from the cache; the server's metrics). */
  onJobFinished?: (pipeline: string, status: 'CANCELLED' | 'COMPLETED') => void;
}

/** The messages of a core NATS subject until the signal aborts. */
async function* wakeups(nc: NatsConnection, subject: string, signal: AbortSignal): AsyncGenerator<Msg> {
  const subscription = nc.subscribe(subject);
  const stop = () => subscription.unsubscribe();
  signal.addEventListener('abort', stop, { once: true });
  try {
    yield* subscription;
  } finally {
    signal.removeEventListener('abort', stop);
    subscription.unsubscribe();
  }
}

export function createJobsPlane(deps: PlaneDeps): JobsPlane {
  let buckets: Promise<JobBuckets> | null = null;
  const kv = () =>
    (buckets ??= deps
      .nats()
      .then(openJobBuckets)
      .catch((error: unknown) => {
        buckets = null;
        throw error;
      }));
  return {
    jobCreated(pipeline, cache) {
      deps.onJobCreated?.(pipeline, cache);
      if (cache.completed) deps.onJobFinished?.(pipeline, 'COMPLETED');
    },
    async enqueueDispatch(trx, job) {
      // The request's trace context rides in the payload, so the dispatch continues the request's trace.
      const trace = traceCarrier();
      await enqueueDispatch(await deps.boss(), trx, { ...job, ...(trace.traceparent ? { trace } : {}) });
    },
    async cancel({ jobId }, reason) {
      const job = await jobRef(deps.db, jobId);
      if (!job) return;
      const changed = await deps.db.transaction().execute((trx) => cancelJob(trx, job, reason));
      if (changed) deps.onJobFinished?.(job.pipeline, 'CANCELLED');
      // Always (re)announce: a retried cancel after a NATS hiccup must still reach the agents.
      const record: CancelRecord = { jobId, at: new Date().toISOString(), reason };
      await (await kv()).cancels.put(jobId, JSON.stringify(record));
      if (changed) (await deps.nats()).publish(liveEventsSubject(jobId), '');
      if (changed) (await deps.nats()).publish(liveOrgSubject(job.orgId), jobId);
    },
    async deleteJob(job) {
      try {
        if (!(await deleteJobRows(deps.db, await deps.boss(), job))) return { outcome: 'gone' };
      } catch (error) {
        if (error instanceof JobNotFinishedError) return { outcome: 'not-finished', status: error.status };
        throw error;
      }
      (await deps.nats()).publish(liveOrgSubject(job.orgId), job.jobId);
      try {
        return { outcome: 'deleted', objectsDeleted: await purgeJobObjects(deps.storage, job) };
      } catch (error) {
        deps.log.warn({ err: error, jobId: job.jobId }, 'job deleted; its objects are left to the worker (jobs.purge)');
        return { outcome: 'deleted', objectsDeleted: null };
      }
    },
    async agents() {
      // The bucket's subjects (one per live agent) in one stream-info request: a keys() watcher can chase heartbeats
      // that keep arriving and never finish.
      const { agents } = await kv();
      const jsm = await jetstreamManager(await deps.nats());
      const info = await jsm.streams.info(`KV_${AGENTS_BUCKET}`, { subjects_filter: `$KV.${AGENTS_BUCKET}.>` });
      const keys = Object.keys(info.state.subjects ?? {}).map((subject) =>
        subject.slice(`$KV.${AGENTS_BUCKET}.`.length),
      );
      const list: AgentHeartbeat[] = [];
      for (const key of keys) {
        const entry = await agents.get(key);
        if (!entry || entry.operation !== 'PUT') continue;
        const parsed = AgentHeartbeat.safeParse(entry.json());
        if (parsed.success) list.push(parsed.data);
      }
      return list;
    },
    presignGet: (key, downloadName) => deps.storage.presignGet(key, downloadName ? { downloadName } : {}),
    readObject: (key) => deps.storage.getObject(key),
    async *eventNotifications(jobId, signal) {
      for await (const _ of wakeups(await deps.nats(), liveEventsSubject(jobId), signal)) yield;
    },
    async *orgJobNotifications(orgId, signal) {
      for await (const msg of wakeups(await deps.nats(), liveOrgSubject(orgId), signal)) yield msg.string();
    },
    async *agentNotifications(signal) {
      // Updates only: the fleet's current state is read with agents(), so the watcher need not replay the bucket.
      const watcher = await (await kv()).agents.watch({ include: KvWatchInclude.UpdatesOnly });
      const stop = () => watcher.stop();
      signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const _ of watcher) yield;
      } finally {
        signal.removeEventListener('abort', stop);
        watcher.stop();
      }
    },
  };
}
