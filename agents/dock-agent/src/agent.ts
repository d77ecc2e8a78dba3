// The agent daemon's core: one loop per slot pulls a task (only for engines this host has), keeps it alive with
// working() while it computes, runs dockBatch, uploads outputs through the task's presigned PUTs, publishes the
// result, then acks. Heartbeats go to the mad_agents KV bucket; cancellations arrive through the mad_cancels bucket.
import { availableParallelism, hostname } from 'node:os';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JsMsg } from '@nats-io/jetstream';
import { Kvm, KvWatchInclude, type KV } from '@nats-io/kv';
import {
  AGENTS_BUCKET,
  CANCELS_BUCKET,
  PREPARATION_VERSION,
  PROTOCOL_VERSION,
  TASKS_STREAM,
  Pose,
  TaskMessage,
  reportSubject,
  taskConsumer,
  type AgentHeartbeat,
  type AgentStage,
  type EngineName,
  type EventMessage,
  type LigandResult,
  type ResultMessage,
  retryDelayMs,
} from '@mad/protocol';
import type { BatchInput, BatchOutput, LigandOutcome } from './engines/types.js';
import type { Capabilities } from './capabilities.js';
import type { AgentConfig } from './config.js';
import { CpuPool } from './cpu-pool.js';
import {
  SpanKind,
  contextFromHeaders,
  failSpan,
  traceHeaders,
  withSpan,
  type AgentMetrics,
  type Span,
} from '@mad/telemetry';
import { download, DownloadCache, upload, uploadFile } from './transfer.js';
import {
  countReportGivenUp,
  countTaskFinished,
  countTaskReceived,
  observeLigandPhase,
  transferTimer,
  type TransferTimer,
} from './agent-metrics.js';

export type DockBatch = (input: BatchInput) => Promise<BatchOutput>;

export interface AgentOptions {
  config: AgentConfig;
  nats: () => Promise<NatsConnection>;
  capabilities: Capabilities;
  engines: EngineName[];
  dockBatch: DockBatch;
  log: Logger;
  /** The agent's registry's metrics (main.ts serves them on AGENT_METRICS_PORT). */
  metrics?: AgentMetrics;
}

interface RunningTask {
  taskId: string;
  jobId: string;
  engine: EngineName;
  attempt: number;
  startedAt: string;
  abort: AbortController;
}

type StopReason =
  { kind: 'cancelled'; reason: string } | { kind: 'timeout'; reason: string } | { kind: 'shutdown'; reason: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class DockAgent {
  private stopping = false;
  private readonly running = new Map<string, RunningTask>();
  private readonly loops: Promise<void>[] = [];
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly startedAt = new Date().toISOString();
  private buckets: Promise<{ agents: KV; cancels: KV }> | null = null;
  private watchStop: (() => void) | null = null;
  /** The receptor of a job is fetched once per agent, not once per task. */
  private readonly receptors = new DownloadCache();
  /** The agent's cores, shared by the tasks its slots run (cpu-pool.ts). */
  private readonly cpuPool: CpuPool;
  /** Bound pull consumers per engine (a consumers.get is a JetStream API round trip): dropped on error, re-bound. */
  private readonly consumers = new Map<EngineName, ReturnType<ReturnType<typeof jetstream>['consumers']['get']>>();

  constructor(private readonly options: AgentOptions) {
    this.cpuPool = new CpuPool(options.config.AGENT_CPUS ?? availableParallelism());
  }

  get agentId() {
    return this.options.config.AGENT_ID;
  }

  start(): void {
    const { config, log } = this.options;
    for (let slot = 0; slot < config.AGENT_SLOTS; slot += 1) this.loops.push(this.pullLoop(slot));
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), config.AGENT_HEARTBEAT_MS);
    void this.heartbeat();
    void this.watchCancels();
    log.info({ agentId: this.agentId, engines: this.options.engines, slots: config.AGENT_SLOTS }, 'agent started');
  }

  /** Stops pulling; in-flight tasks get the grace period to finish, then are handed back (nak) to the queue. */
  async stop(graceMs = this.options.config.AGENT_SHUTDOWN_GRACE_MS): Promise<void> {
    this.stopping = true;
    await this.heartbeat();
    const finished = Promise.all(this.loops);
    const timer = setTimeout(() => {
      for (const task of this.running.values())
        task.abort.abort({ kind: 'shutdown', reason: 'the agent is shutting down' } satisfies StopReason);
    }, graceMs);
    await finished;
    clearTimeout(timer);
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.beatTimer);
    this.beatTimer = undefined;
    this.watchStop?.();
    try {
      await (await this.kv()).agents.delete(this.agentId);
    } catch {
      // The heartbeat TTL removes the entry anyway.
    }
  }

  private kv() {
    this.buckets ??= this.options
      .nats()
      .then(async (nc) => {
        const kvm = new Kvm(jetstream(nc));
        return { agents: await kvm.open(AGENTS_BUCKET), cancels: await kvm.open(CANCELS_BUCKET) };
      })
      .catch((error: unknown) => {
        this.buckets = null;
        throw error;
      });
    return this.buckets;
  }

  private lastBeatAt = 0;
  private beatTimer: NodeJS.Timeout | undefined;

  /**
   * A heartbeat when a task starts or ends, so busy slots show promptly, but at most one per second: at hundreds of
   * short tasks a second, one KV put per task start and end would cost more than the tasks.
   */
  private beatSoon(): void {
    if (this.beatTimer) return;
    const wait = Math.max(0, this.lastBeatAt + 1_000 - Date.now());
    this.beatTimer = setTimeout(() => {
      this.beatTimer = undefined;
      void this.heartbeat();
    }, wait);
  }

  private async heartbeat(): Promise<void> {
    this.lastBeatAt = Date.now();
    const { capabilities, config, metrics } = this.options;
    metrics?.slots.set({ state: 'busy' }, this.running.size);
    metrics?.slots.set({ state: 'free' }, Math.max(0, config.AGENT_SLOTS - this.running.size));
    metrics?.cpus.set({ state: 'busy' }, this.cpuPool.size - this.cpuPool.available);
    metrics?.cpus.set({ state: 'free' }, this.cpuPool.available);
    const beat: AgentHeartbeat = {
      v: PROTOCOL_VERSION,
      agentId: this.agentId,
      hostname: hostname(),
      startedAt: this.startedAt,
      heartbeatAt: new Date().toISOString(),
      state: this.stopping ? 'draining' : 'running',
      slots: config.AGENT_SLOTS,
      busySlots: this.running.size,
      cpuPool: { size: this.cpuPool.size, busy: this.cpuPool.size - this.cpuPool.available },
      engines: capabilities.engines.filter((e) => this.options.engines.includes(e.name)),
      preparationVersion: PREPARATION_VERSION,
      capabilities: {
        obabel: capabilities.obabel,
        rdkit: capabilities.rdkit,
        cpuCores: capabilities.cpuCores,
        gpus: capabilities.gpus,
      },
      currentTasks: [...this.running.values()].map((t) => ({
        taskId: t.taskId,
        jobId: t.jobId,
        engine: t.engine,
        attempt: t.attempt,
        startedAt: t.startedAt,
      })),
    };
    try {
      await (await this.kv()).agents.put(this.agentId, JSON.stringify(beat));
    } catch (error) {
      this.options.log.debug({ err: error }, 'heartbeat not sent');
    }
  }

  private async watchCancels(): Promise<void> {
    for (let failures = 0; !this.stopping; failures += 1) {
      try {
        const { cancels } = await this.kv();
        const watch = await cancels.watch({ include: KvWatchInclude.UpdatesOnly });
        this.watchStop = () => watch.stop();
        for await (const entry of watch) {
          if (entry.operation !== 'PUT') continue;
          for (const task of this.running.values()) {
            if (task.jobId === entry.key)
              task.abort.abort({ kind: 'cancelled', reason: 'the job was cancelled' } satisfies StopReason);
          }
        }
      } catch (error) {
        if (!this.stopping) this.options.log.warn({ err: error }, 'cancellation watch interrupted; restarting');
      }
      if (!this.stopping) await sleep(retryDelayMs(failures, { baseMs: 500, maxMs: 10_000 }));
    }
  }

  private async isCancelled(jobId: string): Promise<boolean> {
    try {
      const entry = await (await this.kv()).cancels.get(jobId);
      return entry?.operation === 'PUT';
    } catch {
      return false;
    }
  }

  private async pullLoop(slot: number): Promise<void> {
    let turn = slot;
    let failures = 0;
    while (!this.stopping) {
      const engine = this.options.engines[turn % this.options.engines.length]!;
      turn += 1;
      let msg: JsMsg | null;
      try {
        let bound = this.consumers.get(engine);
        if (!bound) {
          const nc = await this.options.nats();
          bound = jetstream(nc).consumers.get(TASKS_STREAM, taskConsumer(engine));
          this.consumers.set(engine, bound);
          bound.catch(() => this.consumers.get(engine) === bound && this.consumers.delete(engine));
        }
        msg = await (await bound).next({ expires: 5_000 });
      } catch (error) {
        this.consumers.delete(engine);
        if (!this.stopping)
          this.options.log.debug({ err: error, engine }, 'no task pulled (NATS or consumer unavailable)');
        await sleep(retryDelayMs(failures++, { baseMs: 250, maxMs: 5_000 }));
        continue;
      }
      failures = 0;
      if (!msg) continue;
      if (this.stopping) {
        msg.nak();
        break;
      }
      await this.runTask(msg).catch((error: unknown) => this.options.log.error({ err: error }, 'task handling failed'));
    }
  }

  private async publishReport(
    jobId: string,
    kind: 'event' | 'result',
    body: EventMessage | ResultMessage,
    msgId: string,
    persistent: boolean,
  ) {
    const giveUpAt = Date.now() + 120_000;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const nc = await this.options.nats();
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
          this.options.log.warn({ err: error, jobId, kind, attempt }, 'report not yet published; retrying');
        if (!persistent || Date.now() > giveUpAt) {
          this.options.log.warn({ err: error, jobId, kind }, 'report not published');
          countReportGivenUp(this.options.metrics, kind);
          return false;
        }
        await sleep(retryDelayMs(attempt, { baseMs: 200, maxMs: 5_000 }));
      }
    }
  }

  /** A task message in a span that continues the dispatch's trace (its traceparent header); phases are children. */
  private runTask(msg: JsMsg): Promise<void> {
    return withSpan(
      'run task',
      {
        kind: SpanKind.CONSUMER,
        parent: contextFromHeaders(msg.headers),
        attributes: { 'mad.agent_id': this.agentId, 'mad.delivery': msg.info.deliveryCount },
      },
      (span) => this.runTaskInSpan(msg, span),
    );
  }

  private async runTaskInSpan(msg: JsMsg, span: Span): Promise<void> {
    const { config, log, metrics } = this.options;
    const timer = transferTimer(metrics);
    const parsed = TaskMessage.safeParse(msg.json());
    if (!parsed.success) {
      log.error({ subject: msg.subject, issues: parsed.error.issues.slice(0, 5) }, 'invalid task message terminated');
      msg.term('invalid task message');
      return;
    }
    const task = parsed.data;
    const attempt = task.priorAttempts + msg.info.deliveryCount;
    span.setAttributes({
      'mad.job_id': task.jobId,
      'mad.task_id': task.taskId,
      'mad.engine': task.engine,
      'mad.attempt': attempt,
    });
    countTaskReceived(metrics, task.engine, msg);
    const startedAt = new Date().toISOString();
    const timeline: string[] = [];
    let eventSeq = 0;
    // Events are published without waiting for each ack (one connection keeps them in order); the result waits
    // for all of them, so no event of the task can land after its result.
    const pendingEvents = new Set<Promise<boolean>>();
    const emit = (
      stage: AgentStage,
      extra: { ligandId?: string; progress?: number; message?: string } = {},
      persistent = false,
    ) => {
      eventSeq += 1;
      timeline.push(
        `${new Date().toISOString()} ${stage}${extra.ligandId ? ` ${extra.ligandId}` : ''}${extra.progress !== undefined ? ` ${Math.round(extra.progress * 100)}%` : ''}${extra.message ? ` ${extra.message}` : ''}`,
      );
      const event: EventMessage = {
        v: PROTOCOL_VERSION,
        kind: 'event',
        taskId: task.taskId,
        jobId: task.jobId,
        agentId: this.agentId,
        attempt,
        stage,
        at: new Date().toISOString(),
        ...extra,
      };
      const published = this.publishReport(
        task.jobId,
        'event',
        event,
        `${task.taskId}:${attempt}:e${eventSeq}`,
        persistent,
      );
      pendingEvents.add(published);
      void published.finally(() => pendingEvents.delete(published));
      return published;
    };
    const finish = async (
      status: ResultMessage['status'],
      ligands: LigandResult[],
      reason: string | undefined,
      extra: { engineVersion?: string; taskLogUploaded?: boolean } = {},
    ) => {
      const result: ResultMessage = {
        v: PROTOCOL_VERSION,
        kind: 'result',
        taskId: task.taskId,
        jobId: task.jobId,
        agentId: this.agentId,
        attempt,
        status,
        ...(reason ? { reason: reason.slice(0, 4_000) } : {}),
        engine: task.engine,
        ...(extra.engineVersion ? { engineVersion: extra.engineVersion } : {}),
        toolchain: {
          rdkit: this.options.capabilities.rdkit,
          obabel: this.options.capabilities.obabel,
          preparationVersion: PREPARATION_VERSION,
        },
        startedAt,
        finishedAt: new Date().toISOString(),
        taskLogUploaded: extra.taskLogUploaded ?? false,
        ligands,
      };
      // The result is the one report that must arrive: retried until JetStream stores it, then the task is acked.
      span.setAttribute('mad.task.status', status);
      if (status === 'failed') failSpan(span, reason ?? 'failed');
      await Promise.all(pendingEvents);
      log.info({ taskId: task.taskId, jobId: task.jobId, attempt, status, reason }, 'task finished');
      if (await this.publishReport(task.jobId, 'result', result, `${task.taskId}:${attempt}:result`, true)) {
        await msg.ackAck().catch(() => msg.ack());
        countTaskFinished(metrics, task.engine, status, ligands);
      } else {
        msg.nak(5_000);
      }
    };

    if (await this.isCancelled(task.jobId)) {
      await finish('cancelled', [], 'the job was cancelled before this task started');
      return;
    }

    const abort = new AbortController();
    const timeoutMs = Math.min(task.timeoutMs, config.AGENT_TASK_TIMEOUT_MS);
    const timeout = setTimeout(
      () =>
        abort.abort({
          kind: 'timeout',
          reason: `the task exceeded its timeout of ${timeoutMs} ms`,
        } satisfies StopReason),
      timeoutMs,
    );
    const keepAlive = setInterval(() => msg.working(), task.heartbeatMs);
    const running: RunningTask = {
      taskId: task.taskId,
      jobId: task.jobId,
      engine: task.engine,
      attempt,
      startedAt,
      abort,
    };
    this.running.set(task.taskId, running);
    const workDir = join(config.AGENT_WORK_DIR, `${task.taskId}-${attempt}`);
    this.beatSoon();
    log.info({ taskId: task.taskId, jobId: task.jobId, attempt, ligands: task.ligands.length }, 'task accepted');
    void emit(
      'accepted',
      { message: `agent ${this.agentId}, attempt ${attempt}, ${task.ligands.length} ligand(s)` },
      true,
    );

    try {
      const { receptorPath, ligands, downloadFailures } = await withSpan('download inputs', {}, () =>
        this.downloadInputs(task, workDir, abort.signal, timer),
      );

      let lastProgress = new Map<string, number>();
      const batch = ligands.length
        ? await this.options.dockBatch({
            engine: task.engine,
            receptor: { path: receptorPath, format: task.receptor.format },
            ligands,
            box: task.box,
            params: { ...task.params },
            workDir: join(workDir, 'run'),
            timeoutMs,
            signal: abort.signal,
            cpuPool: this.cpuPool,
            phase: observeLigandPhase(metrics, task.engine),
            ...(config.AGENT_PARALLEL_LIGANDS ? { parallelLigands: config.AGENT_PARALLEL_LIGANDS } : {}),
            onEvent: (event) => {
              // Progress is throttled to steps of 10 % per ligand; stage changes always go out.
              if (event.stage === 'docking' && event.progress !== undefined) {
                const key = event.ligandId ?? '';
                if (event.progress - (lastProgress.get(key) ?? -1) < 0.1 && event.progress < 1) return;
                lastProgress.set(key, event.progress);
              }
              void emit(event.stage, {
                ...(event.ligandId ? { ligandId: event.ligandId } : {}),
                ...(event.progress !== undefined ? { progress: event.progress } : {}),
                ...(event.message ? { message: event.message } : {}),
              });
            },
          })
        : null;
      lastProgress = new Map();

      const stop = abort.signal.aborted ? (abort.signal.reason as StopReason) : null;
      if (stop?.kind === 'shutdown') {
        await emit('handed_back', { message: 'the agent shut down before finishing; the task goes back to the queue' });
        msg.nak();
        countTaskFinished(metrics, task.engine, 'handed_back');
        return;
      }
      if (stop?.kind === 'cancelled') {
        void emit('cancelled', { message: 'stopped: the job was cancelled' });
        await finish('cancelled', [], 'the job was cancelled');
        return;
      }

      void emit('uploading');
      // Our own timer aborted the engine: its "cancelled" ligands really ran out of time.
      const outcomes = (batch?.outcomes ?? []).map((outcome) =>
        stop?.kind === 'timeout' && outcome.status === 'failed' && outcome.stage === 'cancelled'
          ? { ...outcome, stage: 'timeout' as const, reason: stop.reason }
          : outcome,
      );
      const summary = (
        list: {
          ligandId: string;
          status: string;
          poses?: { affinityKcalMol: number }[];
          stage?: string;
          reason?: string;
        }[],
      ) =>
        list.map(
          (r) =>
            `${r.ligandId}: ${r.status === 'succeeded' ? `${r.poses?.length ?? 0} pose(s), best ${r.poses?.[0]?.affinityKcalMol ?? '-'} kcal/mol` : `${r.stage}: ${r.reason}`}`,
        );
      const logOf = (lines: string[]) => `${[...timeline, ...lines].join('\n')}\n`;
      // The task log goes up beside the ligands' files (its summary is known from the outcomes); only when a
      // ligand's upload failed is it written again with that failure.
      const { results, taskLogUploaded } = await withSpan('upload outputs', {}, async () => {
        const taskLog = upload(task.taskLog, logOf(summary([...downloadFailures, ...outcomes])), undefined, timer).then(
          () => true,
          () => false,
        );
        const uploaded: LigandResult[] = [
          ...downloadFailures,
          ...(await Promise.all(outcomes.map((outcome) => this.uploadOutcome(task, outcome, timer)))),
        ];
        let logUploaded = await taskLog;
        if (uploaded.some((r) => r.status === 'failed' && r.stage === 'upload')) {
          logUploaded = await upload(task.taskLog, logOf(summary(uploaded)), undefined, timer).then(
            () => true,
            () => false,
          );
        }
        return { results: uploaded, taskLogUploaded: logUploaded };
      });
      timeline.push(...summary(results));
      if (stop?.kind === 'timeout') {
        void emit('failed', { message: stop.reason });
        await finish('failed', results, stop.reason, {
          ...(batch ? { engineVersion: batch.engineVersion } : {}),
          taskLogUploaded,
        });
        return;
      }
      void emit('completed', {
        message: `${results.filter((r) => r.status === 'succeeded').length}/${task.ligands.length} ligand(s) docked`,
      });
      await finish('succeeded', results, undefined, {
        ...(batch ? { engineVersion: batch.engineVersion } : {}),
        taskLogUploaded,
      });
    } catch (error) {
      const stop = abort.signal.aborted ? (abort.signal.reason as StopReason) : null;
      if (stop?.kind === 'shutdown') {
        msg.nak();
        countTaskFinished(metrics, task.engine, 'handed_back');
        return;
      }
      if (stop?.kind === 'cancelled') {
        await finish('cancelled', [], 'the job was cancelled');
        return;
      }
      const reason = stop?.kind === 'timeout' ? stop.reason : `the task could not run: ${errorText(error)}`;
      log.warn({ err: error, taskId: task.taskId }, 'task failed');
      timeline.push(reason);
      const taskLogUploaded = await upload(task.taskLog, `${timeline.join('\n')}\n`, undefined, timer).then(
        () => true,
        () => false,
      );
      void emit('failed', { message: reason });
      await finish('failed', [], reason, { taskLogUploaded });
    } finally {
      clearTimeout(timeout);
      clearInterval(keepAlive);
      this.running.delete(task.taskId);
      this.beatSoon();
      if (!config.AGENT_KEEP_WORK_DIRS) await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** The receptor (shared by the job's tasks: cached) and the ligand files; a ligand that fails to download fails. */
  private async downloadInputs(
    task: TaskMessage,
    workDir: string,
    signal: AbortSignal,
    timer: TransferTimer | undefined,
  ): Promise<{ receptorPath: string; ligands: BatchInput['ligands']; downloadFailures: LigandResult[] }> {
    await mkdir(join(workDir, 'inputs'), { recursive: true });
    const receptorPath = join(workDir, 'inputs', `receptor.${task.receptor.format}`);
    await this.receptors.download(task.receptor.url, receptorPath, signal, timer);
    const downloadFailures: LigandResult[] = [];
    const ligands: BatchInput['ligands'] = [];
    for (const [index, ligand] of task.ligands.entries()) {
      if (ligand.source.kind === 'smiles') {
        ligands.push({ ligandId: ligand.ligandId, name: ligand.name, source: ligand.source });
        continue;
      }
      const path = join(workDir, 'inputs', `ligand-${index + 1}.${ligand.source.format}`);
      try {
        await download(ligand.source.url, path, signal, timer);
        ligands.push({
          ligandId: ligand.ligandId,
          name: ligand.name,
          source: { kind: 'file', path, format: ligand.source.format },
        });
      } catch (error) {
        downloadFailures.push({
          ligandId: ligand.ligandId,
          status: 'failed',
          stage: 'preparation',
          reason: `the ligand file could not be downloaded: ${errorText(error)}`,
        });
      }
    }
    return { receptorPath, ligands, downloadFailures };
  }

  private async uploadOutcome(
    task: TaskMessage,
    outcome: LigandOutcome,
    timer: TransferTimer | undefined,
  ): Promise<LigandResult> {
    const target = task.ligands.find((l) => l.ligandId === outcome.ligandId);
    if (!target)
      return {
        ligandId: outcome.ligandId,
        status: 'failed',
        stage: 'docking',
        reason: 'unknown ligand in the engine output',
      };
    if (outcome.status === 'failed') {
      const logUploaded = outcome.logPath
        ? await uploadFile(target.outputs.log, outcome.logPath, undefined, timer).then(
            () => true,
            () => false,
          )
        : false;
      const stage = outcome.stage === 'cancelled' ? 'cancelled' : outcome.stage;
      return {
        ligandId: outcome.ligandId,
        status: 'failed',
        stage,
        reason: outcome.reason,
        uploaded: { log: logUploaded },
      };
    }
    try {
      // The ligand's files go up side by side; poses must arrive, the log is best effort.
      const [, , logUploaded] = await Promise.all([
        uploadFile(target.outputs.posesSdf, outcome.posesSdfPath, undefined, timer),
        outcome.posesPdbqtPath ? uploadFile(target.outputs.posesPdbqt, outcome.posesPdbqtPath, undefined, timer) : null,
        uploadFile(target.outputs.log, outcome.logPath, undefined, timer).then(
          () => true,
          () => false,
        ),
      ]);
      return {
        ligandId: outcome.ligandId,
        status: 'succeeded',
        poses: outcome.poses.map((pose) => Pose.parse(pose)),
        uploaded: { posesSdf: true, posesPdbqt: outcome.posesPdbqtPath !== null, log: logUploaded },
        notes: outcome.notes,
      };
    } catch (error) {
      return {
        ligandId: outcome.ligandId,
        status: 'failed',
        stage: 'upload',
        reason: `the poses could not be uploaded: ${errorText(error)}`,
      };
    }
  }
}

/** The work folder, created at start so a misconfigured path fails before any task is taken. */
export async function ensureWorkDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
  await writeFile(join(path, '.mad-agent'), '');
}
