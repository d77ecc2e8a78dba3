// The results consumer: a durable JetStream consumer on the reports stream. Each report is validated with zod and
// recorded in one transaction (state.ts), then acked; a duplicate delivery finds its task final and changes nothing.
// After the commit, live subscribers of the job (any process) are woken on a core NATS subject.
import type { Logger } from 'pino';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JsMsg } from '@nats-io/jetstream';
import type { Database } from '@mad/db';
import { REPORTS_CONSUMER, REPORTS_STREAM, ReportMessage, liveEventsSubject, liveOrgSubject } from '@mad/protocol';
import { jobRef, recordEvent, recordResult, type JobRef } from './state.js';

export interface RecorderDeps {
  db: Database;
  nats: () => Promise<NatsConnection>;
  log: Logger;
}

export async function recordReport(deps: { db: Database; log: Logger }, report: ReportMessage, jobs = new Map<string, JobRef>()): Promise<boolean> {
  let job = jobs.get(report.jobId);
  if (!job) {
    const found = await jobRef(deps.db, report.jobId);
    if (!found) {
      deps.log.warn({ jobId: report.jobId }, 'report for an unknown job dropped');
      return false;
    }
    job = found;
    jobs.set(report.jobId, job);
  }
  const target = job;
  return deps.db.transaction().execute((trx) => (report.kind === 'event' ? recordEvent(trx, target, report) : recordResult(trx, target, report)));
}

/** Consumes reports until stop() is called; survives NATS restarts by re-binding the consumer. */
export function startRecorder(deps: RecorderDeps): { stop(): Promise<void> } {
  let stopped = false;
  let current: { close(): Promise<void | Error> } | null = null;
  const jobs = new Map<string, JobRef>();

  async function handle(nc: NatsConnection, msg: JsMsg) {
    let report: ReportMessage;
    try {
      report = ReportMessage.parse(msg.json());
    } catch (error) {
      deps.log.error({ err: error, subject: msg.subject }, 'invalid report dropped');
      msg.term('invalid report');
      return;
    }
    try {
      const changed = await recordReport(deps, report, jobs);
      deps.log.debug({ jobId: report.jobId, kind: report.kind, taskId: report.taskId, changed }, 'report recorded');
      msg.ack();
      if (changed) nc.publish(liveEventsSubject(report.jobId), '');
      const orgId = jobs.get(report.jobId)?.orgId;
      if (changed && orgId) nc.publish(liveOrgSubject(orgId), report.jobId);
    } catch (error) {
      deps.log.error({ err: error, jobId: report.jobId, kind: report.kind }, 'report not recorded; retrying');
      msg.nak(2_000);
    }
  }

  // Short fetches rather than one long consume(): each pull is a fresh request, so after a NATS restart the next
  // fetch simply works again (a long-lived consume can sit on a pull the restarted server forgot).
  const loop = async () => {
    while (!stopped) {
      try {
        const nc = await deps.nats();
        const consumer = await jetstream(nc).consumers.get(REPORTS_STREAM, REPORTS_CONSUMER);
        const messages = await consumer.fetch({ max_messages: 64, expires: 2_000 });
        current = messages;
        for await (const msg of messages) await handle(nc, msg);
      } catch (error) {
        if (!stopped) {
          deps.log.warn({ err: error }, 'results consumer interrupted; re-binding');
          await new Promise((r) => setTimeout(r, 1_000));
        }
      }
    }
  };
  const done = loop();
  return {
    async stop() {
      stopped = true;
      await current?.close();
      await done;
    },
  };
}
