// The agent daemon: one loop per slot pulls a task (only for engines this host has) and runs it as a TaskAttempt
// (task-attempt.ts: accept, fetch inputs, dock, upload, finish). Heartbeats go to the mad_agents KV bucket;
// cancellations arrive through the mad_cancels bucket and stop the attempts of that job; stop() drains.
import { availableParallelism, hostname } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JsMsg } from '@nats-io/jetstream';
import { Kvm, KvWatchInclude, type KV } from '@nats-io/kv';
import {
  AGENTS_BUCKET,
  CANCELS_BUCKET,
  PREPARATION_VERSION,
  PROTOCOL_VERSION,
  TASKS_STREAM,
  TaskMessage,
  taskConsumer,
  type AgentHeartbeat,
  type EngineName,
  retryDelayMs,
} from '@mad/protocol';
import { SpanKind, contextFromHeaders, withSpan, type AgentMetrics } from '@mad/telemetry';
import type { Capabilities } from './capabilities.js';
import type { AgentConfig } from './config.js';
import { CpuPool } from './cpu-pool.js';
import { GpuPool } from './gpu-pool.js';
import { DownloadCache } from './transfer.js';
import { countTaskReceived } from './agent-metrics.js';
import { Reporter } from './reporter.js';
import { TaskAttempt, type AttemptHost, type DockBatch } from './task-attempt.js';

export type { DockBatch } from './task-attempt.js';

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class DockAgent {
  private stopping = false;
  private readonly running = new Map<string, TaskAttempt>();
  private readonly loops: Promise<void>[] = [];
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly startedAt = new Date().toISOString();
  private buckets: Promise<{ agents: KV; cancels: KV }> | null = null;
  private watchStop: (() => void) | null = null;
  /** The receptor of a job is fetched once per agent, not once per task. */
  private readonly receptors = new DownloadCache();
  /** The agent's cores, shared by the tasks its slots run (cpu-pool.ts). */
  private readonly cpuPool: CpuPool;
  /** Its GPUs, one gnina process each (gpu-pool.ts). */
  private readonly gpuPool: GpuPool;
  /** Bound pull consumers per engine (a consumers.get is a JetStream API round trip): dropped on error, re-bound. */
  private readonly consumers = new Map<EngineName, ReturnType<ReturnType<typeof jetstream>['consumers']['get']>>();

  /** What each task attempt gets from the agent (task-attempt.ts). */
  private readonly host: AttemptHost;

  constructor(private readonly options: AgentOptions) {
    const { config, log, metrics, dockBatch } = options;
    this.cpuPool = new CpuPool(config.AGENT_CPUS ?? availableParallelism());
    this.gpuPool = new GpuPool(options.capabilities.gpus);
    this.host = {
      agentId: config.AGENT_ID,
      config,
      log,
      metrics,
      dockBatch,
      cpuPool: this.cpuPool,
      gpuPool: this.gpuPool,
      receptors: this.receptors,
      reporter: new Reporter(options.nats, log, metrics),
      toolchain: {
        rdkit: options.capabilities.rdkit,
        obabel: options.capabilities.obabel,
        preparationVersion: PREPARATION_VERSION,
      },
      isCancelled: (jobId) => this.isCancelled(jobId),
      track: (attempt) => {
        this.running.set(attempt.taskId, attempt);
        this.beatSoon();
        return () => {
          this.running.delete(attempt.taskId);
          this.beatSoon();
        };
      },
    };
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
      for (const attempt of this.running.values())
        attempt.stop({ kind: 'shutdown', reason: 'the agent is shutting down' });
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
      ...(this.gpuPool.size ? { gpuPool: { size: this.gpuPool.size, busy: this.gpuPool.busy } } : {}),
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
          for (const attempt of this.running.values()) {
            if (attempt.jobId === entry.key) attempt.stop({ kind: 'cancelled', reason: 'the job was cancelled' });
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
      // Only while fewer ligands wait for CPUs than the agent has (cpu-pool.ts whenRoom): an agent takes more
      // tasks than its cores can start only to look ahead over them (longest first), never to hoard.
      await this.cpuPool.whenRoom();
      if (this.stopping) break;
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

  /** A task message in a span that continues the dispatch's trace (its traceparent header); phases are children. */
  private runTask(msg: JsMsg): Promise<void> {
    return withSpan(
      'run task',
      {
        kind: SpanKind.CONSUMER,
        parent: contextFromHeaders(msg.headers),
        attributes: { 'mad.agent_id': this.agentId, 'mad.delivery': msg.info.deliveryCount },
      },
      (span) => {
        const parsed = TaskMessage.safeParse(msg.json());
        if (!parsed.success) {
          const issues = parsed.error.issues.slice(0, 5);
          this.options.log.error({ subject: msg.subject, issues }, 'invalid task message terminated');
          msg.term('invalid task message');
          return Promise.resolve();
        }
        countTaskReceived(this.options.metrics, parsed.data.engine, msg);
        return new TaskAttempt(this.host, msg, parsed.data, span).run();
      },
    );
  }
}

/** The work folder, created at start so a misconfigured path fails before any task is taken. */
export async function ensureWorkDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
  await writeFile(join(path, '.mad-agent'), '');
}
