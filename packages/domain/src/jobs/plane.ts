// What the jobs procedures need from the running system beyond the database: the transactional enqueue (pg-boss),
// cancellation fan-out and the agent registry (NATS), presigned links (S3) and live event notifications. The server
// implements it (apps/server/src/jobs/plane.ts); procedures never touch pg-boss, NATS or S3 directly.
import type { Transaction } from 'kysely';
import type { AgentHeartbeat } from '@mad/protocol';
import type { DB } from '@mad/db';
import type { CachePolicy } from './cache.js';

/** What the result cache did for a job at its creation (a deferred job's lookup is the worker's to count). */
export interface JobCreatedCache {
  hits: number;
  misses: number;
  completed: boolean;
}

export interface JobsPlane {
  /** Enqueues the job's dispatch inside the caller's transaction: it exists only if the job rows commit. */
  enqueueDispatch(
    trx: Transaction<DB>,
    job: { jobId: string; orgId: string; cachePolicy?: CachePolicy },
  ): Promise<void>;
  /**
   * A job committed (not an idempotent replay of an existing one): counted in the server's metrics, with how many of
   * its ligands the result cache answered (hits), how many go to the agents (misses), and whether the cache answered
   * every one (the job is COMPLETED at creation, so it is counted finished too).
   */
  jobCreated(pipeline: string, cache: JobCreatedCache): void;
  /** Marks the job cancelled in the database and tells every agent to stop its tasks. */
  cancel(job: { jobId: string; resultsSchema: string }, reason: string): Promise<void>;
  /**
   * Deletes a finished job: its rows now, its objects now or (when the bucket fails) by the worker's retried purge.
   * `not-finished` when the job is not final (nothing changed), `gone` when it no longer exists.
   */
  deleteJob(job: {
    jobId: string;
    orgId: string;
    resultsSchema: string;
  }): Promise<
    | { outcome: 'deleted'; objectsDeleted: number | null }
    | { outcome: 'not-finished'; status: string }
    | { outcome: 'gone' }
  >;
  /** Live agents, from their heartbeats. */
  agents(): Promise<AgentHeartbeat[]>;
  presignGet(key: string, downloadName?: string): Promise<string>;
  readObject(key: string): Promise<Buffer>;
  /** Resolves each time new events of the job were recorded (in any process), until the signal aborts. */
  eventNotifications(jobId: string, signal: AbortSignal): AsyncIterable<void>;
  /** Yields the id of each job of the organisation whose state changed (in any process), until the signal aborts. */
  orgJobNotifications(orgId: string, signal: AbortSignal): AsyncIterable<string>;
  /** Resolves each time an agent heartbeats, joins or leaves on purpose (expiry by TTL is silent), until the signal aborts. */
  agentNotifications(signal: AbortSignal): AsyncIterable<void>;
}
