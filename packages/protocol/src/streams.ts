// Creates (or brings up to date) the JetStream streams, consumers and KV buckets of the jobs protocol. The server
// worker owns their configuration; agents only bind to them (and open the KV buckets).
import type { NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import {
  AGENTS_BUCKET,
  CANCELS_BUCKET,
  ENGINES,
  REPORTS_CONSUMER,
  REPORTS_STREAM,
  TASKS_STREAM,
  taskConsumer,
  taskSubject,
  type DerivedTimers,
} from './jobs.js';

const nanos = (ms: number) => ms * 1_000_000;

async function upsertStream(
  jsm: JetStreamManager,
  name: string,
  config: { subjects: string[]; retention: RetentionPolicy; duplicate_window: number; max_age: number },
) {
  try {
    await jsm.streams.info(name);
    await jsm.streams.update(name, {
      subjects: config.subjects,
      duplicate_window: config.duplicate_window,
      max_age: config.max_age,
    });
  } catch (error) {
    if (!String((error as Error).message).includes('not found')) throw error;
    await jsm.streams.add({ name, storage: StorageType.File, num_replicas: 1, ...config });
  }
}

async function upsertConsumer(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  config: { filter_subject: string; ack_wait: number; max_deliver: number; max_ack_pending: number },
) {
  try {
    await jsm.consumers.info(stream, durable);
    await jsm.consumers.update(stream, durable, {
      ack_wait: config.ack_wait,
      max_deliver: config.max_deliver,
      max_ack_pending: config.max_ack_pending,
    });
  } catch (error) {
    if (!String((error as Error).message).includes('not found')) throw error;
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ...config,
    });
  }
}

/** Streams and consumers of the jobs protocol, with the timers of `timers` (see deriveTimers for the reasons). */
export async function ensureJobStreams(nc: NatsConnection, timers: DerivedTimers): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await upsertStream(jsm, TASKS_STREAM, {
    subjects: ENGINES.map(taskSubject),
    retention: RetentionPolicy.Workqueue,
    duplicate_window: nanos(timers.duplicateWindowMs),
    max_age: nanos(timers.presignMs),
  });
  for (const engine of ENGINES) {
    await upsertConsumer(jsm, TASKS_STREAM, taskConsumer(engine), {
      filter_subject: taskSubject(engine),
      ack_wait: nanos(timers.ackWaitMs),
      max_deliver: timers.maxDeliver,
      max_ack_pending: 10_000,
    });
  }
  await upsertStream(jsm, REPORTS_STREAM, {
    subjects: ['mad.reports.>'],
    retention: RetentionPolicy.Workqueue,
    duplicate_window: nanos(timers.duplicateWindowMs),
    max_age: nanos(timers.presignMs),
  });
  // Recording never gives up: a report that cannot be recorded now (database down) is retried until it can.
  await upsertConsumer(jsm, REPORTS_STREAM, REPORTS_CONSUMER, {
    filter_subject: 'mad.reports.>',
    ack_wait: nanos(30_000),
    max_deliver: -1,
    max_ack_pending: 1_000,
  });
  await openJobBuckets(nc);
}

export interface JobBuckets {
  agents: KV;
  cancels: KV;
}

/** Agents' heartbeats expire after 30 s of silence; cancellations are kept a week (longer than any task budget). */
export async function openJobBuckets(nc: NatsConnection): Promise<JobBuckets> {
  const kvm = new Kvm(jetstream(nc));
  const [agents, cancels] = await Promise.all([
    kvm.create(AGENTS_BUCKET, { ttl: 30_000, history: 1 }),
    kvm.create(CANCELS_BUCKET, { ttl: 7 * 24 * 3_600_000, history: 1 }),
  ]);
  return { agents, cancels };
}
