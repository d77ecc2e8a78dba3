// The worker's metrics, one named call per thing counted, each made after the change it counts has committed (a
// rolled-back batch counts nothing; a redelivered report finds its task final and is not applied twice).
import type { JobStatus } from '@mad/db';
import type { WorkerMetrics } from '@mad/telemetry';
import type { Dispatched } from '../jobs/dispatcher.js';
import type { Recorded } from '../jobs/record-batch.js';

const seconds = (fromMs: number, toMs: number) => Math.max(0, (toMs - fromMs) / 1_000);

/** One committed batch of agent reports: reports and their lag, task and ligand outcomes, first acceptances, jobs. */
export function countRecorded(metrics: WorkerMetrics | undefined, recorded: Recorded, committedAt = Date.now()): void {
  if (!metrics) return;
  for (const { job, report } of recorded.applied) {
    metrics.reportsRecorded.inc({ kind: report.kind });
    const reportedAt = Date.parse(report.kind === 'result' ? report.finishedAt : report.at);
    if (Number.isFinite(reportedAt))
      metrics.recordingLag.observe({ kind: report.kind }, seconds(reportedAt, committedAt));
    if (report.kind !== 'result') continue;
    const labels = { pipeline: job.pipeline, status: report.status };
    metrics.tasksFinished.inc(labels);
    const ran = seconds(Date.parse(report.startedAt), Date.parse(report.finishedAt));
    if (Number.isFinite(ran)) metrics.taskRunDuration.observe(labels, ran);
  }
  for (const { job, status, stage } of recorded.ligands)
    metrics.ligandsFinished.inc({
      pipeline: job.pipeline,
      status: status.toLowerCase(),
      stage: status === 'SUCCEEDED' ? 'none' : (stage ?? 'task'),
    });
  for (const { job, createdAt, acceptedAt } of recorded.started)
    metrics.firstAccept.observe({ pipeline: job.pipeline }, seconds(createdAt.getTime(), acceptedAt.getTime()));
  for (const { job, status } of recorded.finished) countJobFinished(metrics, job.pipeline, status);
}

export function countJobFinished(metrics: WorkerMetrics | undefined, pipeline: string, status: JobStatus): void {
  metrics?.jobs.finished.inc({ pipeline, status });
}

/** A batch the database refused (it is retried report by report, then redelivered). */
export function countRecordFailure(metrics: WorkerMetrics | undefined): void {
  metrics?.recordFailures.inc();
}

/** Tasks failed without a result (a poison task, or the job's deadline): `lost`, their ligands failed at stage task. */
export function countLostTasks(
  metrics: WorkerMetrics | undefined,
  pipeline: string,
  failure: { tasks: number; ligands: number; jobStatus: JobStatus | null },
): void {
  if (!metrics) return;
  if (failure.tasks > 0) metrics.tasksFinished.inc({ pipeline, status: 'lost' }, failure.tasks);
  if (failure.ligands > 0) metrics.ligandsFinished.inc({ pipeline, status: 'failed', stage: 'task' }, failure.ligands);
  if (failure.jobStatus) countJobFinished(metrics, pipeline, failure.jobStatus);
}

/** One job dispatched: how long it took, how many task messages JetStream stored, a deferred job's cache lookup
 * (as creation counts a job signed at once), and a job that became final in the dispatch. */
export function countDispatch(
  metrics: WorkerMetrics | undefined,
  dispatched: Dispatched,
  durationSeconds: number,
): void {
  if (!metrics) return;
  const { pipeline, tasksPublished, cache, failed } = dispatched;
  metrics.dispatchDuration.observe({ pipeline }, durationSeconds);
  if (tasksPublished > 0) metrics.tasksDispatched.inc({ pipeline }, tasksPublished);
  if (cache?.hits) metrics.jobs.cacheLigands.inc({ pipeline, outcome: 'hit' }, cache.hits);
  if (cache?.misses) metrics.jobs.cacheLigands.inc({ pipeline, outcome: 'miss' }, cache.misses);
  if (dispatched.completedFromCache) countJobFinished(metrics, pipeline, 'COMPLETED');
  if (failed) countLostTasks(metrics, pipeline, failed);
}
