// pg-boss: the job's dispatch is enqueued in the same transaction as the job rows, and a deadline job per docking
// job fails whatever has not reported once no agent can still deliver (see deriveTimers).
import { PgBoss, fromKysely } from 'pg-boss';
import type { Transaction } from 'kysely';
import type { DB } from '@mad/db';
import type { CachePolicy } from '@mad/domain';
import { PURGE_QUEUE } from './delete.js';
import { RETENTION_QUEUE } from './retention.js';

export const DISPATCH_QUEUE = 'jobs.dispatch';
export const DEADLINE_QUEUE = 'jobs.deadline';
/** How long a dispatch claim lives without its worker's heartbeat before pg-boss retries it (pg-boss: at least 10). */
export const DISPATCH_HEARTBEAT_SECONDS = 30;

export interface DispatchPayload {
  jobId: string;
  orgId: string;
  /** W3C trace context of the request that created the job (its dispatch continues that trace). */
  trace?: Record<string, string>;
  /** A job accepted unsigned (too many new SMILES): the cache policy its creation resolved, for the dispatcher. */
  cachePolicy?: CachePolicy;
}

export function createBoss(connectionString: string, role: 'server' | 'worker'): PgBoss {
  // The HTTP server only sends; maintenance and scheduling run in the worker.
  // The worker LISTENs so a new dispatch job wakes it at once (the queue's `notify`); polling stays as the floor.
  return new PgBoss({
    connectionString,
    max: role === 'worker' ? 4 : 2,
    supervise: role === 'worker',
    // Supervision fails or retries expired jobs and jobs whose heartbeat stopped (the dispatch queue's
    // heartbeatSeconds): every 10 s, so a dispatch claimed by a worker that died is retried within ~40 s.
    ...(role === 'worker' ? { superviseIntervalSeconds: 10 } : {}),
    // Cron schedules (retention) are run by the worker's pg-boss.
    schedule: role === 'worker',
    useListenNotify: role === 'worker',
    application_name: `mad-${role}-pgboss`,
  });
}

export async function ensureQueues(boss: PgBoss): Promise<void> {
  // Dispatch publishes tasks (and signs a large job's ligands first: RDKit, ~0.5 ms per new SMILES on each core, more
  // under load): 15 minutes is plenty; retried 5 times (publishing is idempotent by Nats-Msg-Id, signing by its check).
  // `notify`: creating a dispatch job (inside the API's transaction) NOTIFYs on commit, so pickup does not wait for
  // the next poll. `heartbeatSeconds`: the working worker refreshes its claim every 15 s (pg-boss's timer, beside the
  // handler); a worker killed while it holds a dispatch stops refreshing, and supervision retries the job after 30 s
  // instead of leaving the docking job PENDING until the 15-minute expiry (seen in the soak's worker SIGKILL).
  // updateQueue brings queues made by an older version up to date.
  await boss.createQueue(DISPATCH_QUEUE, {
    expireInSeconds: 900,
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    notify: true,
    heartbeatSeconds: DISPATCH_HEARTBEAT_SECONDS,
  });
  await boss.updateQueue(DISPATCH_QUEUE, { notify: true, heartbeatSeconds: DISPATCH_HEARTBEAT_SECONDS });
  await boss.createQueue(DEADLINE_QUEUE, { expireInSeconds: 300, retryLimit: 5, retryDelay: 30 });
  // A deleted job's objects: retried with backoff until the bucket answers (listing and deleting are idempotent).
  await boss.createQueue(PURGE_QUEUE, { expireInSeconds: 600, retryLimit: 20, retryDelay: 10, retryBackoff: true });
  // Retention: one run queued and one active at most (the stately policy), bounded, so a run never outlives the next one by much.
  await boss.createQueue(RETENTION_QUEUE, {
    policy: 'singleton',
    expireInSeconds: 1_800,
    retryLimit: 2,
    retryDelay: 60,
  });
}

/**
 * Dispatch pickup: up to 4 jobs per fetch, dispatched side by side, each with its own outcome (a failed one is
 * retried alone); while fetches come back full the worker fetches again at once (a burst of submissions), and the
 * queue's NOTIFY wakes it for each new job. The polling intervals are only the floor for a lost notification (pg-boss
 * would wait 30 s by default once NOTIFY is active, and the worker rechecks only after a notification).
 */
export const DISPATCH_WORK_OPTIONS = {
  batchSize: 4,
  perJobResults: true,
  burstWhenBatchFull: true,
  pollingIntervalSeconds: 1,
  notifyPollingIntervalSeconds: 2,
} as const;

export async function enqueueDispatch(boss: PgBoss, trx: Transaction<DB>, payload: DispatchPayload): Promise<void> {
  await boss.send(DISPATCH_QUEUE, payload, { db: fromKysely(trx) });
}

/** The HTTP server's sender: started on first use, so a server whose database is down still starts (and says so). */
export function lazyBoss(connectionString: string, onError: (error: unknown) => void) {
  let started: Promise<PgBoss> | null = null;
  let boss: PgBoss | null = null;
  return {
    get(): Promise<PgBoss> {
      started ??= (async () => {
        const instance = createBoss(connectionString, 'server');
        instance.on('error', onError);
        await instance.start();
        await ensureQueues(instance);
        boss = instance;
        return instance;
      })().catch((error: unknown) => {
        started = null;
        throw error;
      });
      return started;
    },
    async stop() {
      await boss?.stop({ graceful: false, timeout: 2_000 }).catch(onError);
    },
  };
}
