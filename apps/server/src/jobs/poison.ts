// Poison tasks: when a task reaches max_deliver without an ack (its agents kept dying or timing out), JetStream
// publishes a MAX_DELIVERIES advisory. The worker turns the task into a failed task with that reason and removes
// the message, so nothing is silently lost. (If the worker misses the advisory, the job's deadline catches it.)
import type { Logger } from 'pino';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { Database } from '@mad/db';
import type { WorkerMetrics } from '@mad/telemetry';
import {
  ENGINES,
  MaxDeliveriesAdvisory,
  TASKS_STREAM,
  TaskMessage,
  liveEventsSubject,
  liveOrgSubject,
  maxDeliveriesAdvisory,
} from '@mad/protocol';
import { failOpenTasks, jobRef } from '@mad/domain';
import { countLostTasks } from '../observability/worker.js';

type Deps = { db: Database; log: Logger; metrics?: WorkerMetrics | undefined };

export async function failPoisonTask(
  deps: Deps,
  nc: NatsConnection,
  streamSeq: number,
  deliveries: number,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const stored = await jsm.streams.getMessage(TASKS_STREAM, { seq: streamSeq }).catch(() => null);
  if (!stored) return;
  const task = TaskMessage.safeParse(stored.json());
  if (task.success) {
    const job = await jobRef(deps.db, task.data.jobId);
    if (job) {
      const reason = `no agent finished the task in ${deliveries} deliveries (agents crashed, were killed or lost their connection)`;
      const failure = await deps.db.transaction().execute((trx) => failOpenTasks(trx, job, reason, task.data.taskId));
      countLostTasks(deps.metrics, job.pipeline, failure);
      if (failure.tasks > 0) nc.publish(liveEventsSubject(job.jobId), '');
      if (failure.tasks > 0) nc.publish(liveOrgSubject(job.orgId), job.jobId);
      deps.log.warn({ taskId: task.data.taskId, jobId: job.jobId, deliveries }, 'poison task failed');
    }
  }
  await jsm.streams.deleteMessage(TASKS_STREAM, streamSeq).catch(() => undefined);
}

/** "12 s", "5 min", "2 h 30 min": the job's budget in words a chemist reads in the task's reason. */
export function formatBudget(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1_000))} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * The job's deadline (pg-boss `jobs.deadline`, jobDeadlineMs after dispatch): by then every presigned URL has
 * expired and the task messages have aged out of the stream, so no agent can still report; whatever is open is
 * failed with that reason and the job settles.
 */
export async function failJobPastDeadline(
  deps: Pick<Deps, 'db' | 'metrics'>,
  nc: NatsConnection,
  jobId: string,
  jobDeadlineMs: number,
): Promise<number> {
  const job = await jobRef(deps.db, jobId);
  if (!job) return 0;
  const reason = `no result within the job's time budget (${formatBudget(jobDeadlineMs)})`;
  const failure = await deps.db.transaction().execute((trx) => failOpenTasks(trx, job, reason));
  countLostTasks(deps.metrics, job.pipeline, failure);
  if (failure.tasks > 0) nc.publish(liveEventsSubject(job.jobId), '');
  if (failure.tasks > 0) nc.publish(liveOrgSubject(job.orgId), job.jobId);
  return failure.tasks;
}

export function listenForPoisonTasks(deps: Deps, nc: NatsConnection): Subscription[] {
  return ENGINES.map((engine) =>
    nc.subscribe(maxDeliveriesAdvisory(engine), {
      callback: (error, msg) => {
        if (error) return;
        const advisory = MaxDeliveriesAdvisory.safeParse(msg.json());
        if (!advisory.success) return;
        failPoisonTask(deps, nc, advisory.data.stream_seq, advisory.data.deliveries).catch((err: unknown) =>
          deps.log.error({ err }, 'poison task not recorded'),
        );
      },
    }),
  );
}
