// One delivery of a task to this agent, as an object with one method per phase: accept, fetch inputs, dock, upload,
// finish (the result published, then the message acked). How an attempt stops early is decided in one place
// (settleStopped: a cancellation or a shutdown ends it the same way whichever phase it interrupts; a timeout is a
// failure), and the attempt's task log is one object (TaskLog) with one upload.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { JsMsg } from '@nats-io/jetstream';
import {
  PROTOCOL_VERSION,
  type AgentStage,
  type EngineName,
  type EventMessage,
  type LigandReportMessage,
  type LigandResult,
  type ResultMessage,
  type TaskMessage,
} from '@mad/protocol';
import { failSpan, withSpan, type AgentMetrics, type Span } from '@mad/telemetry';
import type { BatchInput, BatchOutput, DockingEvent, LigandOutcome } from './engines/types.js';
import type { AgentConfig } from './config.js';
import type { CpuPool } from './cpu-pool.js';
import type { GpuPool } from './gpu-pool.js';
import type { Reporter } from './reporter.js';
import { countTaskFinished, observeLigandPhase, transferTimer, type TransferTimer } from './agent-metrics.js';
import { upload, type DownloadCache } from './transfer.js';
import { downloadInputs, errorText, uploadOutcome, type TaskInputs } from './task-files.js';

export type DockBatch = (input: BatchInput) => Promise<BatchOutput>;

/** Why an attempt stops before its work is done (the reason of its abort signal). */
export interface StopReason {
  kind: 'cancelled' | 'timeout' | 'shutdown';
  reason: string;
}

/** What an attempt needs from the agent that runs it. */
export interface AttemptHost {
  agentId: string;
  config: AgentConfig;
  log: Logger;
  metrics: AgentMetrics | undefined;
  dockBatch: DockBatch;
  cpuPool: CpuPool;
  gpuPool?: GpuPool;
  receptors: DownloadCache;
  reporter: Reporter;
  /** What prepared the ligands (RDKit, Open Babel, the preparation version), reported with every result. */
  toolchain: ResultMessage['toolchain'];
  isCancelled(jobId: string): Promise<boolean>;
  /** The attempt runs (heartbeats list it, cancellations and shutdown reach it) until the returned release. */
  track(attempt: TaskAttempt): () => void;
}

interface Uploaded {
  results: LigandResult[];
  taskLogUploaded: boolean;
}

/** One line per ligand: its poses and best affinity, or where and why it failed. */
function summary(
  list: { ligandId: string; status: string; poses?: { affinityKcalMol: number }[]; stage?: string; reason?: string }[],
): string[] {
  return list.map(
    (r) =>
      `${r.ligandId}: ${r.status === 'succeeded' ? `${r.poses?.length ?? 0} pose(s), best ${r.poses?.[0]?.affinityKcalMol ?? '-'} kcal/mol` : `${r.stage}: ${r.reason}`}`,
  );
}

/** The attempt's timeline (every event it emitted, then the ligands' summary), uploaded to the task's log URL. */
class TaskLog {
  private readonly lines: string[] = [];

  constructor(
    private readonly url: string,
    private readonly timer: TransferTimer | undefined,
  ) {}

  note(...lines: string[]): void {
    this.lines.push(...lines);
  }

  /** Uploads the timeline followed by `closing` lines; true when stored. */
  upload(closing: string[] = []): Promise<boolean> {
    return upload(this.url, `${[...this.lines, ...closing].join('\n')}\n`, undefined, this.timer).then(
      () => true,
      () => false,
    );
  }
}

export class TaskAttempt {
  /** Counted across deliveries and earlier dispatches (a requeued task keeps counting). */
  readonly attempt: number;
  readonly startedAt = new Date().toISOString();
  private readonly abort = new AbortController();
  private readonly timeoutMs: number;
  private readonly workDir: string;
  private readonly timer: TransferTimer | undefined;
  private readonly taskLog: TaskLog;
  /** Events go out without waiting for each ack (one connection keeps them in order); the result waits for all. */
  private readonly pendingEvents = new Set<Promise<unknown>>();
  /** Ligands uploaded and reported while the batch ran (onLigand): not uploaded again at the end. */
  private readonly reported = new Map<string, Promise<LigandResult>>();
  private eventSeq = 0;
  private release: (() => void) | undefined;
  private timeout: NodeJS.Timeout | undefined;
  private keepAlive: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: AttemptHost,
    private readonly msg: JsMsg,
    readonly task: TaskMessage,
    private readonly span: Span,
  ) {
    this.attempt = task.priorAttempts + msg.info.deliveryCount;
    this.timeoutMs = Math.min(task.timeoutMs, host.config.AGENT_TASK_TIMEOUT_MS);
    this.workDir = join(host.config.AGENT_WORK_DIR, `${task.taskId}-${this.attempt}`);
    this.timer = transferTimer(host.metrics);
    this.taskLog = new TaskLog(task.taskLog, this.timer);
    span.setAttributes({
      'mad.job_id': task.jobId,
      'mad.task_id': task.taskId,
      'mad.engine': task.engine,
      'mad.attempt': this.attempt,
    });
  }

  get taskId(): string {
    return this.task.taskId;
  }

  get jobId(): string {
    return this.task.jobId;
  }

  get engine(): EngineName {
    return this.task.engine;
  }

  /** Aborts the attempt's work (downloads, the engine); run() settles it as the reason says. */
  stop(reason: StopReason): void {
    this.abort.abort(reason);
  }

  private get stopped(): StopReason | null {
    return this.abort.signal.aborted ? (this.abort.signal.reason as StopReason) : null;
  }

  async run(): Promise<void> {
    if (!(await this.accept())) return;
    try {
      const inputs = await withSpan('download inputs', {}, () => this.fetchInputs());
      const batch = await this.dock(inputs);
      const stop = this.stopped;
      if (await this.settleStopped()) return;
      const uploaded = await withSpan('upload outputs', {}, () => this.upload(inputs, batch, stop));
      await this.complete(uploaded, batch, stop);
    } catch (error) {
      if (await this.settleStopped()) return;
      await this.fail(error);
    } finally {
      await this.close();
    }
  }

  /**
   * A task of a job cancelled before it started ends at once with a cancelled result. Otherwise the attempt is
   * tracked, timed and kept alive (working()) while it runs, and says so with an 'accepted' event.
   */
  private async accept(): Promise<boolean> {
    if (await this.host.isCancelled(this.jobId)) {
      await this.finish('cancelled', [], 'the job was cancelled before this task started');
      return false;
    }
    this.release = this.host.track(this);
    this.timeout = setTimeout(
      () => this.stop({ kind: 'timeout', reason: `the task exceeded its timeout of ${this.timeoutMs} ms` }),
      this.timeoutMs,
    );
    this.keepAlive = setInterval(() => this.msg.working(), this.task.heartbeatMs);
    const ligands = this.task.ligands.length;
    this.host.log.info({ taskId: this.taskId, jobId: this.jobId, attempt: this.attempt, ligands }, 'task accepted');
    void this.emit(
      'accepted',
      { message: `agent ${this.host.agentId}, attempt ${this.attempt}, ${ligands} ligand(s)` },
      true,
    );
    return true;
  }

  private fetchInputs(): Promise<TaskInputs> {
    return downloadInputs(this.task, this.workDir, this.host.receptors, this.abort.signal, this.timer);
  }

  /** The engine over the ligands that have inputs (none: nothing to run). */
  private async dock(inputs: TaskInputs): Promise<BatchOutput | null> {
    if (!inputs.ligands.length) return null;
    const { config, metrics } = this.host;
    const lastProgress = new Map<string, number>();
    return this.host.dockBatch({
      engine: this.engine,
      receptor: { path: inputs.receptorPath, format: this.task.receptor.format },
      ligands: inputs.ligands,
      box: this.task.box,
      params: { ...this.task.params },
      workDir: join(this.workDir, 'run'),
      hidePathsUnder: config.AGENT_WORK_DIR,
      ad4MapsDir: join(config.AGENT_WORK_DIR, 'ad4-maps'),
      timeoutMs: this.timeoutMs,
      signal: this.abort.signal,
      cpuPool: this.host.cpuPool,
      ...(this.host.gpuPool ? { gpuPool: this.host.gpuPool } : {}),
      phase: observeLigandPhase(metrics, this.engine),
      ...(config.AGENT_PARALLEL_LIGANDS ? { parallelLigands: config.AGENT_PARALLEL_LIGANDS } : {}),
      onEvent: (event) => this.relay(event, lastProgress),
      onLigand: (outcome, engineVersion) => this.reportLigand(outcome, engineVersion),
    });
  }

  /**
   * A ligand docked while the rest of the batch runs: its files go up and its outcome is reported at once (the
   * recorder writes it, with a ligand_done event naming it). A stopped batch's leftovers are decided at its end.
   */
  private reportLigand(outcome: LigandOutcome, engineVersion: string): void {
    if (this.stopped) return;
    if (outcome.status === 'failed' && (outcome.stage === 'cancelled' || outcome.stage === 'timeout')) return;
    const uploaded = uploadOutcome(this.task, outcome, this.timer);
    this.reported.set(outcome.ligandId, uploaded);
    // Awaited with the other reports in flight (pendingEvents) before the task's result goes out.
    void this.track(uploaded.then((result) => this.publishLigand(result, engineVersion)));
  }

  private publishLigand(result: LigandResult, engineVersion: string): Promise<boolean> {
    const name = this.task.ligands.find((l) => l.ligandId === result.ligandId)?.name || result.ligandId;
    const message =
      result.status === 'succeeded'
        ? `${name}: ${result.poses.length} pose(s), best ${result.poses[0]?.affinityKcalMol ?? '-'} kcal/mol${result.validity?.valid === false ? `; flagged: pose 1 fails ${result.validity.failed.join(', ')}` : ''}`
        : `${name}: ${result.stage} failed: ${result.reason}`;
    this.taskLog.note(`${new Date().toISOString()} ligand ${result.ligandId} ${message}`);
    const report: LigandReportMessage = {
      v: PROTOCOL_VERSION,
      kind: 'ligand',
      taskId: this.taskId,
      jobId: this.jobId,
      agentId: this.host.agentId,
      attempt: this.attempt,
      engine: this.engine,
      engineVersion,
      toolchain: this.host.toolchain,
      ligand: result,
      message: message.slice(0, 4_000),
      at: new Date().toISOString(),
    };
    const msgId = `${this.taskId}:${this.attempt}:l:${result.ligandId}`;
    return this.host.reporter.publish(this.jobId, 'ligand', report, msgId, true);
  }

  /** A report in flight: the result waits for every one of them, so none lands after it. */
  private track<T>(published: Promise<T>): Promise<T> {
    this.pendingEvents.add(published);
    void published.finally(() => this.pendingEvents.delete(published));
    return published;
  }

  /** An engine event as a report; progress is throttled to steps of 10 % per ligand, stage changes always go out. */
  private relay(event: DockingEvent, lastProgress: Map<string, number>): void {
    // The ligand report says it, once the ligand's files are up (recorded as the ligand_done event).
    if (event.stage === 'ligand_done') return;
    if (event.stage === 'docking' && event.progress !== undefined) {
      const key = event.ligandId ?? '';
      if (event.progress - (lastProgress.get(key) ?? -1) < 0.1 && event.progress < 1) return;
      lastProgress.set(key, event.progress);
    }
    void this.emit(event.stage, {
      ...(event.ligandId ? { ligandId: event.ligandId } : {}),
      ...(event.progress !== undefined ? { progress: event.progress } : {}),
      ...(event.message ? { message: event.message } : {}),
    });
  }

  /**
   * The ligands' outputs, and the task log beside them (its summary is known from the outcomes); only when a
   * ligand's upload failed is the log written again with that failure.
   */
  private async upload(inputs: TaskInputs, batch: BatchOutput | null, stop: StopReason | null): Promise<Uploaded> {
    void this.emit('uploading');
    // Our own timer aborted the engine: its "cancelled" ligands really ran out of time.
    const outcomes: LigandOutcome[] = (batch?.outcomes ?? []).map((outcome) =>
      stop?.kind === 'timeout' && outcome.status === 'failed' && outcome.stage === 'cancelled'
        ? { ...outcome, stage: 'timeout' as const, reason: stop.reason }
        : outcome,
    );
    const logged = this.taskLog.upload(summary([...inputs.downloadFailures, ...outcomes]));
    const results: LigandResult[] = [
      ...inputs.downloadFailures,
      ...(await Promise.all(
        outcomes.map((outcome) => this.reported.get(outcome.ligandId) ?? uploadOutcome(this.task, outcome, this.timer)),
      )),
    ];
    let taskLogUploaded = await logged;
    if (results.some((r) => r.status === 'failed' && r.stage === 'upload'))
      taskLogUploaded = await this.taskLog.upload(summary(results));
    this.taskLog.note(...summary(results));
    return { results, taskLogUploaded };
  }

  /** The docked task's result: succeeded, or failed with what it finished when its timeout stopped the engine. */
  private async complete(uploaded: Uploaded, batch: BatchOutput | null, stop: StopReason | null): Promise<void> {
    const extra = {
      ...(batch ? { engineVersion: batch.engineVersion } : {}),
      taskLogUploaded: uploaded.taskLogUploaded,
    };
    if (stop?.kind === 'timeout') {
      void this.emit('failed', { message: stop.reason });
      await this.finish('failed', uploaded.results, stop.reason, extra);
      return;
    }
    const docked = uploaded.results.filter((r) => r.status === 'succeeded').length;
    void this.emit('completed', { message: `${docked}/${this.task.ligands.length} ligand(s) docked` });
    await this.finish('succeeded', uploaded.results, undefined, extra);
  }

  /** A phase threw: the task failed (its timeout's reason when that stopped it), with the timeline as its log. */
  private async fail(error: unknown): Promise<void> {
    const stop = this.stopped;
    const reason = stop?.kind === 'timeout' ? stop.reason : `the task could not run: ${errorText(error)}`;
    this.host.log.warn({ err: error, taskId: this.taskId }, 'task failed');
    this.taskLog.note(reason);
    const taskLogUploaded = await this.taskLog.upload();
    void this.emit('failed', { message: reason });
    await this.finish('failed', [], reason, { taskLogUploaded });
  }

  /**
   * A cancellation or a shutdown ends the attempt the same way whichever phase it interrupted: a cancelled result,
   * or the task handed back to the queue (nak) for another agent. False when neither stopped it.
   */
  private async settleStopped(): Promise<boolean> {
    const stop = this.stopped;
    if (stop?.kind === 'shutdown') {
      await this.emit('handed_back', {
        message: 'the agent shut down before finishing; the task goes back to the queue',
      });
      this.msg.nak();
      countTaskFinished(this.host.metrics, this.engine, 'handed_back');
      return true;
    }
    if (stop?.kind === 'cancelled') {
      void this.emit('cancelled', { message: 'stopped: the job was cancelled' });
      await this.finish('cancelled', [], 'the job was cancelled');
      return true;
    }
    return false;
  }

  /** The result, the one report that must arrive: retried until JetStream stores it, then the task is acked. */
  private async finish(
    status: ResultMessage['status'],
    ligands: LigandResult[],
    reason: string | undefined,
    extra: { engineVersion?: string; taskLogUploaded?: boolean } = {},
  ): Promise<void> {
    const result: ResultMessage = {
      v: PROTOCOL_VERSION,
      kind: 'result',
      taskId: this.taskId,
      jobId: this.jobId,
      agentId: this.host.agentId,
      attempt: this.attempt,
      status,
      ...(reason ? { reason: reason.slice(0, 4_000) } : {}),
      engine: this.engine,
      ...(extra.engineVersion ? { engineVersion: extra.engineVersion } : {}),
      toolchain: this.host.toolchain,
      startedAt: this.startedAt,
      finishedAt: new Date().toISOString(),
      taskLogUploaded: extra.taskLogUploaded ?? false,
      ligands,
    };
    this.span.setAttribute('mad.task.status', status);
    if (status === 'failed') failSpan(this.span, reason ?? 'failed');
    await Promise.all(this.pendingEvents);
    const { taskId, jobId, attempt } = this;
    this.host.log.info({ taskId, jobId, attempt, status, reason }, 'task finished');
    const msgId = `${taskId}:${attempt}:result`;
    if (await this.host.reporter.publish(jobId, 'result', result, msgId, true)) {
      await this.msg.ackAck().catch(() => this.msg.ack());
      countTaskFinished(this.host.metrics, this.engine, status, ligands);
    } else {
      this.msg.nak(5_000);
    }
  }

  /** An event report, noted in the task log too; persistent ones are retried like the result. */
  private emit(
    stage: AgentStage,
    extra: { ligandId?: string; progress?: number; message?: string } = {},
    persistent = false,
  ): Promise<boolean> {
    this.eventSeq += 1;
    const { ligandId, progress, message } = extra;
    this.taskLog.note(
      `${new Date().toISOString()} ${stage}${ligandId ? ` ${ligandId}` : ''}${progress !== undefined ? ` ${Math.round(progress * 100)}%` : ''}${message ? ` ${message}` : ''}`,
    );
    const event: EventMessage = {
      v: PROTOCOL_VERSION,
      kind: 'event',
      taskId: this.taskId,
      jobId: this.jobId,
      agentId: this.host.agentId,
      attempt: this.attempt,
      stage,
      at: new Date().toISOString(),
      ...extra,
    };
    const msgId = `${this.taskId}:${this.attempt}:e${this.eventSeq}`;
    return this.track(this.host.reporter.publish(this.jobId, 'event', event, msgId, persistent));
  }

  /** Timers stopped, the attempt no longer tracked, its work folder gone (unless kept for debugging). */
  private async close(): Promise<void> {
    clearTimeout(this.timeout);
    clearInterval(this.keepAlive);
    this.release?.();
    if (!this.host.config.AGENT_KEEP_WORK_DIRS)
      await rm(this.workDir, { recursive: true, force: true }).catch(() => undefined);
  }
}
