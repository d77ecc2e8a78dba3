// pg-boss: the job's dispatch is enqueued in the same transaction as the job rows, and a deadline job per docking
// job fails whatever has not reported once no agent can still deliver (see deriveTimers).
import { PgBoss, fromKysely } from 'pg-boss';
import type { Transaction } from 'kysely';
import type { DB } from '@mad/db';

export const DISPATCH_QUEUE = 'jobs.dispatch';
export const DEADLINE_QUEUE = 'jobs.deadline';

export interface DispatchPayload {
  jobId: string;
  orgId: string;
}

export function createBoss(connectionString: string, role: 'server' | 'worker'): PgBoss {
  // The HTTP server only sends; maintenance and scheduling run in the worker.
  return new PgBoss({ connectionString, max: role === 'worker' ? 4 : 2, supervise: role === 'worker', schedule: false, application_name: `mad-${role}-pgboss` });
}

export async function ensureQueues(boss: PgBoss): Promise<void> {
  // Dispatch only publishes tasks: a few minutes is plenty; retried 5 times (publishing is idempotent by Nats-Msg-Id).
  await boss.createQueue(DISPATCH_QUEUE, { expireInSeconds: 300, retryLimit: 5, retryDelay: 5, retryBackoff: true });
  await boss.createQueue(DEADLINE_QUEUE, { expireInSeconds: 300, retryLimit: 5, retryDelay: 30 });
}

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
