// The results consumer: a durable JetStream consumer on the reports stream. Reports are validated with zod and
// recorded in batches, one transaction per batch (record-batch.ts), then acked; a duplicate delivery finds its task
// final and changes nothing. After the commit, live subscribers of each changed job (any process) are woken on a core
// NATS subject.
import type { Logger } from 'pino';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JsMsg } from '@nats-io/jetstream';
import type { Database } from '@mad/db';
import type { WorkerMetrics } from '@mad/telemetry';
import {
  REPORTS_CONSUMER,
  REPORTS_STREAM,
  ReportMessage,
  liveEventsSubject,
  liveOrgSubject,
  retryDelayMs,
} from '@mad/protocol';
import { jobRef, type JobMeta } from '@mad/domain';
import { recordBatch, type BatchItem, type Recorded } from './record-batch.js';
import { countRecorded, countRecordFailure } from '../observability/worker.js';
import { recordingSpans } from '../observability/traces.js';

export interface RecorderDeps {
  db: Database;
  nats: () => Promise<NatsConnection>;
  log: Logger;
  metrics?: WorkerMetrics;
}

/** Reports recorded in one transaction at most. */
export const RECORD_BATCH = 256;
/** Fetched but not yet recorded reports above which no new fetch is made (ack_wait is 30 s; keep well inside it). */
const QUEUE_HIGH_WATER = 2 * RECORD_BATCH;

type Deps = { db: Database; log: Logger; metrics?: WorkerMetrics | undefined };

async function refOf(deps: Deps, jobId: string, jobs: Map<string, JobMeta>): Promise<JobMeta | null> {
  const cached = jobs.get(jobId);
  if (cached) return cached;
  const found = await jobRef(deps.db, jobId);
  if (found) jobs.set(jobId, found);
  return found;
}

/**
 * Records reports in one transaction; reports of unknown jobs are dropped (logged). Returns what changed (the jobs to
 * wake up) and counts it in the worker's metrics once committed.
 */
export async function recordReports(
  deps: Deps,
  reports: ReportMessage[],
  jobs = new Map<string, JobMeta>(),
): Promise<Recorded> {
  const items: BatchItem[] = [];
  for (const report of reports) {
    const job = await refOf(deps, report.jobId, jobs);
    if (job) items.push({ job, report });
    else deps.log.warn({ jobId: report.jobId }, 'report for an unknown job dropped');
  }
  if (items.length === 0) return { changed: new Set(), applied: [], started: [], ligands: [], finished: [] };
  try {
    const recorded = await deps.db.transaction().execute((trx) => recordBatch(trx, items));
    countRecorded(deps.metrics, recorded);
    return recorded;
  } catch (error) {
    countRecordFailure(deps.metrics);
    throw error;
  }
}

export async function recordReport(
  deps: Deps,
  report: ReportMessage,
  jobs = new Map<string, JobMeta>(),
): Promise<boolean> {
  return (await recordReports(deps, [report], jobs)).changed.size > 0;
}

/** Fetched reports waiting to be recorded, and the wake-up of the recording loop when more arrive. */
class ReportQueue {
  private readonly messages: JsMsg[] = [];
  private wake: (() => void) | null = null;

  get length(): number {
    return this.messages.length;
  }

  push(msg: JsMsg): void {
    this.messages.push(msg);
    this.signal();
  }

  take(max: number): JsMsg[] {
    return this.messages.splice(0, max);
  }

  /** Wakes a waiting recording loop (a new report, or stop). */
  signal(): void {
    this.wake?.();
    this.wake = null;
  }

  /** Resolves at the next signal, or after `ms`. */
  waitForSignal(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/**
 * The results consumer's two loops: `pull` fetches into a queue, `record` takes whatever is queued (up to
 * RECORD_BATCH) and records it in one transaction, then acks: under load batches grow, alone a report is recorded at
 * once. A batch that fails is retried report by report, so one report the database refuses cannot hold back the others.
 */
class ReportRecorder {
  private stopped = false;
  private fetching: { close(): Promise<void | Error> } | null = null;
  private readonly jobs = new Map<string, JobMeta>();
  private readonly queue = new ReportQueue();
  private loops: Promise<void>[] = [];

  constructor(private readonly deps: RecorderDeps) {}

  start(): this {
    this.loops = [this.pull(), this.record()];
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.signal();
    await this.fetching?.close();
    await Promise.all(this.loops);
  }

  // Short fetches rather than one long consume(): each pull is a fresh request, so after a NATS restart the next
  // fetch simply works again (a long-lived consume can sit on a pull the restarted server forgot).
  private async pull(): Promise<void> {
    let fetchFailures = 0;
    while (!this.stopped) {
      if (this.queue.length >= QUEUE_HIGH_WATER) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      try {
        await this.fetchOnce();
        fetchFailures = 0;
      } catch (error) {
        if (this.stopped) continue;
        this.deps.log.warn({ err: error }, 'results consumer interrupted; re-binding');
        await new Promise((r) => setTimeout(r, retryDelayMs(fetchFailures++, { baseMs: 250, maxMs: 5_000 })));
      }
    }
  }

  private async fetchOnce(): Promise<void> {
    const nc = await this.deps.nats();
    const consumer = await jetstream(nc).consumers.get(REPORTS_STREAM, REPORTS_CONSUMER);
    const messages = await consumer.fetch({ max_messages: RECORD_BATCH, expires: 2_000 });
    this.fetching = messages;
    for await (const msg of messages) this.queue.push(msg);
  }

  private async record(): Promise<void> {
    while (!this.stopped || this.queue.length > 0) {
      if (this.queue.length === 0) {
        if (this.stopped) break;
        await this.queue.waitForSignal(500);
        continue;
      }
      const batch = this.queue.take(RECORD_BATCH);
      try {
        await this.recordMany(await this.deps.nats(), batch);
      } catch (error) {
        this.deps.log.error({ err: error }, 'reports not recorded; they will be redelivered');
      }
    }
  }

  private async recordMany(nc: NatsConnection, batch: JsMsg[]): Promise<void> {
    const parsed = batch.flatMap((msg) => {
      const report = this.parse(msg);
      return report ? [{ msg, report }] : [];
    });
    if (parsed.length === 0) return;
    const spans = recordingSpans(parsed);
    try {
      const reports = parsed.map((p) => p.report);
      const { changed } = await spans.run(() => recordReports(this.deps, reports, this.jobs));
      spans.end();
      for (const { msg } of parsed) msg.ack();
      // One wake-up per job and batch, not per report.
      this.wakeUp(nc, changed);
      this.deps.log.debug({ reports: parsed.length, jobs: changed.size }, 'reports recorded');
    } catch (error) {
      spans.end(error);
      if (parsed.length === 1) return this.retryLater(parsed[0]!, error);
      this.deps.log.warn(
        { err: error, reports: parsed.length },
        'batch not recorded; recording its reports one by one',
      );
      for (const one of parsed) await this.recordOne(nc, one);
    }
  }

  private async recordOne(nc: NatsConnection, one: { msg: JsMsg; report: ReportMessage }): Promise<void> {
    const spans = recordingSpans([one]);
    try {
      const { changed } = await spans.run(() => recordReports(this.deps, [one.report], this.jobs));
      spans.end();
      one.msg.ack();
      this.wakeUp(nc, changed);
    } catch (error) {
      spans.end(error);
      this.retryLater(one, error);
    }
  }

  private retryLater({ msg, report }: { msg: JsMsg; report: ReportMessage }, error: unknown): void {
    this.deps.log.error({ err: error, jobId: report.jobId, kind: report.kind }, 'report not recorded; retrying');
    msg.nak(2_000);
  }

  private parse(msg: JsMsg): ReportMessage | null {
    try {
      return ReportMessage.parse(msg.json());
    } catch (error) {
      this.deps.log.error({ err: error, subject: msg.subject }, 'invalid report dropped');
      msg.term('invalid report');
      return null;
    }
  }

  /** Live subscribers of each changed job, and of its organisation's job list. */
  private wakeUp(nc: NatsConnection, changed: Set<string>): void {
    for (const jobId of changed) {
      nc.publish(liveEventsSubject(jobId), '');
      const orgId = this.jobs.get(jobId)?.orgId;
      if (orgId) nc.publish(liveOrgSubject(orgId), jobId);
    }
  }
}

/** Consumes reports until stop() is called; survives NATS restarts by re-binding the consumer (ReportRecorder). */
export function startRecorder(deps: RecorderDeps): { stop(): Promise<void> } {
  return new ReportRecorder(deps).start();
}
