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

/**
 * Consumes reports until stop() is called; survives NATS restarts by re-binding the consumer. A pull loop fetches
 * into a queue; the recording loop takes whatever is queued (up to RECORD_BATCH) and records it in one transaction,
 * then acks: under load batches grow, alone a report is recorded at once. A batch that fails is retried report by
 * report, so one report the database refuses cannot hold back the others.
 */
export function startRecorder(deps: RecorderDeps): { stop(): Promise<void> } {
  let stopped = false;
  let current: { close(): Promise<void | Error> } | null = null;
  const jobs = new Map<string, JobMeta>();
  const queue: JsMsg[] = [];
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  const waitForSignal = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  /** Live subscribers of each changed job, and of its organisation's job list. */
  function wakeUp(nc: NatsConnection, changed: Set<string>) {
    for (const jobId of changed) {
      nc.publish(liveEventsSubject(jobId), '');
      const orgId = jobs.get(jobId)?.orgId;
      if (orgId) nc.publish(liveOrgSubject(orgId), jobId);
    }
  }

  function parse(msg: JsMsg): ReportMessage | null {
    try {
      return ReportMessage.parse(msg.json());
    } catch (error) {
      deps.log.error({ err: error, subject: msg.subject }, 'invalid report dropped');
      msg.term('invalid report');
      return null;
    }
  }

  async function recordOne(nc: NatsConnection, msg: JsMsg, report: ReportMessage) {
    const spans = recordingSpans([{ msg, report }]);
    try {
      const { changed } = await spans.run(() => recordReports(deps, [report], jobs));
      spans.end();
      msg.ack();
      wakeUp(nc, changed);
    } catch (error) {
      spans.end(error);
      deps.log.error({ err: error, jobId: report.jobId, kind: report.kind }, 'report not recorded; retrying');
      msg.nak(2_000);
    }
  }

  async function recordMany(nc: NatsConnection, batch: JsMsg[]) {
    const parsed: { msg: JsMsg; report: ReportMessage }[] = [];
    for (const msg of batch) {
      const report = parse(msg);
      if (report) parsed.push({ msg, report });
    }
    if (parsed.length === 0) return;
    const spans = recordingSpans(parsed);
    try {
      const { changed } = await spans.run(() =>
        recordReports(
          deps,
          parsed.map((p) => p.report),
          jobs,
        ),
      );
      spans.end();
      for (const { msg } of parsed) msg.ack();
      // One wake-up per job and batch, not per report.
      wakeUp(nc, changed);
      deps.log.debug({ reports: parsed.length, jobs: changed.size }, 'reports recorded');
    } catch (error) {
      spans.end(error);
      if (parsed.length === 1) {
        deps.log.error(
          { err: error, jobId: parsed[0]!.report.jobId, kind: parsed[0]!.report.kind },
          'report not recorded; retrying',
        );
        parsed[0]!.msg.nak(2_000);
        return;
      }
      deps.log.warn({ err: error, reports: parsed.length }, 'batch not recorded; recording its reports one by one');
      for (const { msg, report } of parsed) await recordOne(nc, msg, report);
    }
  }

  // Short fetches rather than one long consume(): each pull is a fresh request, so after a NATS restart the next
  // fetch simply works again (a long-lived consume can sit on a pull the restarted server forgot).
  const pull = async () => {
    let fetchFailures = 0;
    while (!stopped) {
      if (queue.length >= QUEUE_HIGH_WATER) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      try {
        const nc = await deps.nats();
        const consumer = await jetstream(nc).consumers.get(REPORTS_STREAM, REPORTS_CONSUMER);
        const messages = await consumer.fetch({ max_messages: RECORD_BATCH, expires: 2_000 });
        current = messages;
        for await (const msg of messages) {
          queue.push(msg);
          signal();
        }
        fetchFailures = 0;
      } catch (error) {
        if (!stopped) {
          deps.log.warn({ err: error }, 'results consumer interrupted; re-binding');
          await new Promise((r) => setTimeout(r, retryDelayMs(fetchFailures++, { baseMs: 250, maxMs: 5_000 })));
        }
      }
    }
  };
  const record = async () => {
    while (!stopped || queue.length > 0) {
      if (queue.length === 0) {
        if (stopped) break;
        await waitForSignal(500);
        continue;
      }
      const batch = queue.splice(0, RECORD_BATCH);
      try {
        await recordMany(await deps.nats(), batch);
      } catch (error) {
        deps.log.error({ err: error }, 'reports not recorded; they will be redelivered');
      }
    }
  };
  const pulling = pull();
  const recording = record();
  return {
    async stop() {
      stopped = true;
      signal();
      await current?.close();
      await pulling;
      await recording;
    },
  };
}
