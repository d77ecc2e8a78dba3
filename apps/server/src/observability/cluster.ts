// The shared state the server reads when scraped: pg-boss queues, JetStream streams and consumers, the fleet's
// heartbeats, the jobs not yet final and the readiness of Postgres, NATS and S3. Only the server exports these (the
// worker and agents export what they do), so Prometheus sees each once however many workers run. Each reader is a
// few indexed statements or JetStream API calls; a reader that fails exports nothing for that scrape (the gauge's
// series disappear, which `absent()` alerts notice) rather than failing the whole scrape.
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { Database } from '@mad/db';
import type { JobsPlane } from '@mad/api';
import {
  ACTIVE_JOB_STATUSES,
  ENGINES,
  REPORTS_CONSUMER,
  REPORTS_STREAM,
  TASKS_STREAM,
  TASK_STATUSES,
  taskConsumer,
} from '@mad/protocol';
import type { ClusterCollectors, GaugeReader, Sample } from '@mad/telemetry';
import { DEADLINE_QUEUE, DISPATCH_QUEUE } from '../jobs/boss.js';
import type { Check } from '../readiness.js';

export interface ClusterDeps {
  db: Database;
  nats: () => NatsConnection | null;
  jobs: JobsPlane;
  readinessChecks: Record<string, Check>;
  readyTimeoutMs: number;
  log: Logger;
}

const QUEUES = [DISPATCH_QUEUE, DEADLINE_QUEUE];
const STREAMS = [TASKS_STREAM, REPORTS_STREAM];
const CONSUMERS = [
  ...ENGINES.map((engine) => ({ stream: TASKS_STREAM, name: taskConsumer(engine) })),
  { stream: REPORTS_STREAM, name: REPORTS_CONSUMER },
];

/** Caches one read for `ttlMs`, so the gauges of a scrape that share a source (streams, heartbeats) read it once. */
function shared<T>(read: () => Promise<T>, ttlMs = 1_000): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (!cached || Date.now() - cached.at > ttlMs) {
      const value = read();
      cached = { at: Date.now(), value };
      value.catch(() => (cached = null));
    }
    return cached.value;
  };
}

export function clusterCollectors(deps: ClusterDeps): ClusterCollectors {
  const quiet =
    <L extends string>(what: string, read: GaugeReader<L>): GaugeReader<L> =>
    async () => {
      try {
        return await read();
      } catch (error) {
        deps.log.debug({ err: error, what }, 'metrics: could not read');
        return [];
      }
    };
  const jsm = () => {
    const nc = deps.nats();
    if (!nc || nc.isClosed()) throw new Error('NATS not connected');
    return jetstreamManager(nc, { timeout: deps.readyTimeoutMs });
  };

  const queues = shared(async () => {
    const { rows } = await sql<{ name: string; state: string; n: number; oldest: number | null }>`
      select name, state, count(*)::int as n,
        extract(epoch from now() - min(created_on) filter (where state in ('created', 'retry') and start_after <= now()))::float8 as oldest
      from pgboss.job where name = any(${QUEUES}::text[]) and state in ('created', 'retry', 'active', 'failed')
      group by name, state`.execute(deps.db);
    return rows;
  });
  const streams = shared(async () => {
    const manager = await jsm();
    return Promise.all(STREAMS.map(async (name) => ({ name, info: await manager.streams.info(name) })));
  });
  const consumers = shared(async () => {
    const manager = await jsm();
    const found = await Promise.all(
      CONSUMERS.map(async ({ stream, name }) => ({
        name,
        info: await manager.consumers.info(stream, name).catch(() => null),
      })),
    );
    return found.flatMap(({ name, info }) => (info ? [{ name, info }] : []));
  });
  const fleet = shared(() => deps.jobs.agents());

  const byHost = (
    pick: (a: Awaited<ReturnType<JobsPlane['agents']>>[number]) => { busy: number; free: number } | null,
  ) =>
    quiet('fleet', async () => {
      const totals = new Map<string, { busy: number; free: number }>();
      for (const agent of await fleet()) {
        const use = pick(agent);
        if (!use) continue;
        const total = totals.get(agent.hostname) ?? { busy: 0, free: 0 };
        total.busy += use.busy;
        total.free += use.free;
        totals.set(agent.hostname, total);
      }
      return [...totals].flatMap(([host, use]) => [
        { labels: { host, state: 'busy' }, value: use.busy },
        { labels: { host, state: 'free' }, value: use.free },
      ]);
    });

  return {
    queueJobs: quiet('pg-boss', async () => {
      const rows = await queues();
      const state = (s: string) => (s === 'created' || s === 'retry' ? 'queued' : s);
      const totals = new Map<string, number>();
      for (const queue of QUEUES) for (const s of ['queued', 'active', 'failed']) totals.set(`${queue}\u0000${s}`, 0);
      for (const row of rows) {
        const key = `${row.name}\u0000${state(row.state)}`;
        totals.set(key, (totals.get(key) ?? 0) + row.n);
      }
      return [...totals].map(([key, value]) => {
        const [queue, s] = key.split('\u0000') as [string, string];
        return { labels: { queue, state: s }, value };
      });
    }),
    queueOldest: quiet('pg-boss', async () => {
      const rows = await queues();
      return QUEUES.map((queue) => ({
        labels: { queue },
        value: Math.max(0, ...rows.filter((r) => r.name === queue).map((r) => Number(r.oldest ?? 0))),
      }));
    }),
    streamMessages: quiet('jetstream', async () =>
      (await streams()).map(({ name, info }) => ({ labels: { stream: name }, value: info.state.messages })),
    ),
    streamBytes: quiet('jetstream', async () =>
      (await streams()).map(({ name, info }) => ({ labels: { stream: name }, value: info.state.bytes })),
    ),
    streamOldest: quiet('jetstream', async () =>
      (await streams()).map(({ name, info }) => ({
        labels: { stream: name },
        value:
          info.state.messages > 0 && info.state.first_ts
            ? Math.max(0, (Date.now() - Date.parse(info.state.first_ts)) / 1_000)
            : 0,
      })),
    ),
    consumer: quiet('jetstream', async () =>
      (await consumers()).flatMap(({ name, info }) => [
        { labels: { consumer: name, state: 'pending' }, value: info.num_pending },
        { labels: { consumer: name, state: 'ack_pending' }, value: info.num_ack_pending },
        { labels: { consumer: name, state: 'redelivered' }, value: info.num_redelivered },
        { labels: { consumer: name, state: 'waiting' }, value: info.num_waiting },
      ]),
    ),
    storage: quiet('jetstream', async () => {
      const account = await (await jsm()).getAccountInfo();
      const samples: Sample<'kind'>[] = [{ labels: { kind: 'used' }, value: account.storage }];
      if (account.limits.max_storage > 0)
        samples.push({ labels: { kind: 'limit' }, value: account.limits.max_storage });
      return samples;
    }),
    agents: quiet('fleet', async () => {
      const agents = await fleet();
      return ENGINES.map((engine) => ({
        labels: { engine },
        value: agents.filter((a) => a.state === 'running' && a.engines.some((e) => e.name === engine)).length,
      }));
    }),
    slots: byHost((agent) => ({ busy: agent.busySlots, free: Math.max(0, agent.slots - agent.busySlots) })),
    cpus: byHost((agent) =>
      agent.cpuPool ? { busy: agent.cpuPool.busy, free: Math.max(0, agent.cpuPool.size - agent.cpuPool.busy) } : null,
    ),
    activeJobs: quiet('jobs', async () => {
      const rows = await deps.db
        .selectFrom('jobs_meta')
        .select(['pipeline', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', 'in', ACTIVE_JOB_STATUSES)
        .groupBy(['pipeline', 'status'])
        .execute();
      return ENGINES.flatMap((pipeline) =>
        ACTIVE_JOB_STATUSES.map((status) => ({
          labels: { pipeline, status },
          value: rows.find((r) => r.pipeline === pipeline && r.status === status)?.n ?? 0,
        })),
      );
    }),
    activeTasks: quiet('jobs', async () => {
      // The active jobs per results schema (partial index), then their counters (job_state_counts, kept by triggers).
      const active = await deps.db
        .selectFrom('jobs_meta')
        .select(['results_schema', 'id'])
        .where('status', 'in', ACTIVE_JOB_STATUSES)
        .execute();
      const bySchema = new Map<string, string[]>();
      for (const row of active) bySchema.set(row.results_schema, [...(bySchema.get(row.results_schema) ?? []), row.id]);
      const totals = new Map<string, number>(TASK_STATUSES.map((status) => [status, 0]));
      for (const [schema, ids] of bySchema) {
        const { rows } = await sql<{ status: string; n: number }>`
          select status, sum(n)::int as n from ${sql.table(`${schema}.job_state_counts`)}
          where job_id = any(${ids}::uuid[]) and entity = 'task' group by status`.execute(deps.db);
        for (const row of rows) totals.set(row.status, (totals.get(row.status) ?? 0) + row.n);
      }
      return [...totals].map(([status, value]) => ({ labels: { status }, value }));
    }),
    dependencyUp: async () =>
      Promise.all(
        Object.entries(deps.readinessChecks).map(async ([dependency, check]) => {
          let timer: NodeJS.Timeout | undefined;
          const up = await Promise.race([
            check().then(
              () => 1,
              () => 0,
            ),
            new Promise<number>((resolve) => (timer = setTimeout(() => resolve(0), deps.readyTimeoutMs))),
          ]);
          clearTimeout(timer);
          return { labels: { dependency }, value: up };
        }),
      ),
  };
}
