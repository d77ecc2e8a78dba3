// The agent's metrics, one named call per thing counted (AGENT_METRICS_PORT serves them): every call is a no-op when
// the agent runs without a registry (tests, embedding). The ligand phases are also spans of the task's trace.
import type { JsMsg } from '@nats-io/jetstream';
import type { EngineName, LigandResult } from '@mad/protocol';
import { withSpan, type AgentMetrics } from '@mad/telemetry';
import type { LigandPhase } from './engines/types.js';

export type TaskOutcome = 'succeeded' | 'failed' | 'cancelled' | 'handed_back';
export type TransferDirection = 'download' | 'upload';

/** A task message taken: a redelivery is counted, and a first delivery's wait since JetStream stored the message. */
export function countTaskReceived(metrics: AgentMetrics | undefined, engine: EngineName, msg: JsMsg): void {
  if (!metrics) return;
  if (msg.info.deliveryCount > 1) {
    metrics.redeliveries.inc({ engine });
    return;
  }
  const waitedMs = Date.now() - msg.time.getTime();
  if (Number.isFinite(waitedMs)) metrics.queueWait.observe({ engine }, Math.max(0, waitedMs) / 1_000);
}

/** A task ended on this agent: its outcome, and its ligands by status when it reported a result. */
export function countTaskFinished(
  metrics: AgentMetrics | undefined,
  engine: EngineName,
  outcome: TaskOutcome,
  ligands: LigandResult[] = [],
): void {
  if (!metrics) return;
  metrics.tasks.inc({ engine, outcome });
  for (const ligand of ligands) metrics.ligands.inc({ engine, status: ligand.status });
}

/** One ligand's preparation or engine run, timed (by engine) whatever its outcome. */
export async function timeLigandPhase<T>(
  metrics: AgentMetrics | undefined,
  engine: EngineName,
  phase: 'preparation' | 'docking',
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    metrics?.[phase].observe({ engine }, (performance.now() - started) / 1_000);
  }
}

/** dockBatch's phase wrapper: each ligand's preparation and engine run as a span ('prepare ligand', 'dock ligand'), timed. */
export function observeLigandPhase(metrics: AgentMetrics | undefined, engine: EngineName): LigandPhase {
  return (phase, ligandId, work) =>
    withSpan(
      phase === 'preparation' ? 'prepare ligand' : 'dock ligand',
      { attributes: { 'mad.ligand_id': ligandId, 'mad.engine': engine } },
      () => timeLigandPhase(metrics, engine, phase, work),
    );
}

/** A presigned transfer (with its retries), timed by direction and outcome. */
export type TransferTimer = (direction: TransferDirection, outcome: 'ok' | 'error', seconds: number) => void;

export const transferTimer = (metrics: AgentMetrics | undefined): TransferTimer | undefined =>
  metrics ? (direction, outcome, seconds) => metrics.transfer.observe({ direction, outcome }, seconds) : undefined;

/** A report the agent gave up publishing. */
export function countReportGivenUp(metrics: AgentMetrics | undefined, kind: 'event' | 'ligand' | 'result'): void {
  metrics?.reportFailures.inc({ kind });
}
