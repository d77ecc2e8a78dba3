// The agent's reports to the server: events and results on the job's report subjects (JetStream), de-duplicated by
// their message id, carrying the active span's trace context so the recorder continues the trace.
import type { Logger } from 'pino';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import {
  reportSubject,
  retryDelayMs,
  type EventMessage,
  type LigandReportMessage,
  type ReportKind,
  type ResultMessage,
} from '@mad/protocol';
import { traceHeaders, type AgentMetrics } from '@mad/telemetry';
import { countReportGivenUp } from './agent-metrics.js';

/** How long a persistent report (a result, the 'accepted' event) is retried before the agent gives up on it. */
const PERSISTENT_BUDGET_MS = 120_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Reporter {
  constructor(
    private readonly nats: () => Promise<NatsConnection>,
    private readonly log: Logger,
    private readonly metrics: AgentMetrics | undefined,
  ) {}

  /**
   * Publishes one report; a persistent one is retried (with backoff) until JetStream stores it or the budget is
   * spent. True when stored.
   */
  async publish(
    jobId: string,
    kind: ReportKind,
    body: EventMessage | LigandReportMessage | ResultMessage,
    msgId: string,
    persistent: boolean,
  ): Promise<boolean> {
    const giveUpAt = Date.now() + PERSISTENT_BUDGET_MS;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const nc = await this.nats();
        // The active span's trace context (the task's, or a ligand phase's): the recorder continues it.
        const traced = traceHeaders(headers);
        await jetstream(nc).publish(reportSubject(jobId, kind), JSON.stringify(body), {
          msgID: msgId,
          timeout: 5_000,
          ...(traced ? { headers: traced } : {}),
        });
        return true;
      } catch (error) {
        if (attempt % 10 === 9)
          this.log.warn({ err: error, jobId, kind, attempt }, 'report not yet published; retrying');
        if (!persistent || Date.now() > giveUpAt) {
          this.log.warn({ err: error, jobId, kind }, 'report not published');
          countReportGivenUp(this.metrics, kind);
          return false;
        }
        await sleep(retryDelayMs(attempt, { baseMs: 200, maxMs: 5_000 }));
      }
    }
  }
}
