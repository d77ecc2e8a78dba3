// The worker's spans: a job's dispatch continues the trace of the request that created it (the pg-boss payload's
// carrier), and each recorded result continues the agent's trace (its message headers). The server's request spans
// come from the http instrumentation (renamed by route template in http.ts).
import type { JsMsg } from '@nats-io/jetstream';
import type { ReportMessage } from '@mad/protocol';
import {
  SpanKind,
  contextFromCarrier,
  contextFromHeaders,
  failSpan,
  inSpan,
  startSpan,
  withSpan,
} from '@mad/telemetry';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs a job's dispatch in a span that continues the creating request's trace (when the payload carries one). */
export function inDispatchSpan<T>(jobId: string, carrier: Record<string, string> | undefined, work: () => Promise<T>) {
  return withSpan(
    'dispatch job',
    { kind: SpanKind.CONSUMER, parent: contextFromCarrier(carrier), attributes: { 'mad.job_id': jobId } },
    () => work(),
  );
}

/**
 * One span per result report of a batch, each continuing its agent's trace. The batch's transaction runs in the first
 * one (so its Postgres spans have a parent); all end when the batch commits or fails.
 */
export function recordingSpans(batch: { msg: JsMsg; report: ReportMessage }[]) {
  const spans = batch.flatMap(({ msg, report }) =>
    report.kind === 'result'
      ? [
          startSpan('record result', {
            kind: SpanKind.CONSUMER,
            parent: contextFromHeaders(msg.headers),
            attributes: {
              'mad.job_id': report.jobId,
              'mad.task_id': report.taskId,
              'mad.attempt': report.attempt,
              'mad.task.status': report.status,
              'mad.batch_size': batch.length,
            },
          }),
        ]
      : [],
  );
  return {
    run: <T>(work: () => Promise<T>): Promise<T> => (spans[0] ? inSpan(spans[0], work) : work()),
    end(error?: unknown) {
      for (const span of spans) {
        if (error) failSpan(span, messageOf(error));
        span.end();
      }
    },
  };
}
