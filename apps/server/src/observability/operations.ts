// The Operations page's platform half (operations.overview): the API's golden signals from the request histogram's
// recent readings, and the shared state the cluster gauges read when scraped (queues, streams, consumers, fleet,
// dependencies), read through the same gauges, so the page and Prometheus see the same numbers.
import type { PlatformOperations } from '@mad/api';
import { HTTP_BUCKETS, requestWindow, type HttpMetrics, type clusterMetrics } from '@mad/telemetry';

type ClusterGauges = ReturnType<typeof clusterMetrics>;
type Gauge = ClusterGauges[keyof ClusterGauges];

async function samples(gauge: Gauge) {
  return (await gauge.get()).values.map((v) => ({ labels: v.labels as Record<string, string>, value: v.value }));
}

const valueOf = (rows: { labels: Record<string, string>; value: number }[], labels: Record<string, string>) =>
  rows.find((row) => Object.entries(labels).every(([key, value]) => row.labels[key] === value))?.value ?? 0;

export function operationsReader(http: HttpMetrics, cluster: ClusterGauges) {
  const window = requestWindow(http.requestDuration, HTTP_BUCKETS);
  const toApi = (signals: Awaited<ReturnType<typeof window.read>>['current']) => ({
    ...signals,
    at: new Date(signals.atMs),
  });
  return {
    stop: window.stop,
    async read(): Promise<PlatformOperations> {
      const [
        api,
        inFlight,
        queueJobs,
        queueOldest,
        streamMessages,
        streamBytes,
        streamOldest,
        consumer,
        agents,
        slots,
        cpus,
        up,
      ] = await Promise.all([
        window.read({ windowMs: 5 * 60_000, stepMs: 30_000 }),
        http.inFlight.get(),
        samples(cluster.queueJobs),
        samples(cluster.queueOldest),
        samples(cluster.streamMessages),
        samples(cluster.streamBytes),
        samples(cluster.streamOldest),
        samples(cluster.consumer),
        samples(cluster.agents),
        samples(cluster.slots),
        samples(cluster.cpus),
        samples(cluster.dependencyUp),
      ]);
      const names = (rows: { labels: Record<string, string> }[], label: string) => [
        ...new Set(rows.map((row) => row.labels[label]!).filter(Boolean)),
      ];
      const total = (rows: typeof slots, state: string) =>
        rows.filter((row) => row.labels.state === state).reduce((sum, row) => sum + row.value, 0);
      return {
        api: {
          current: toApi(api.current),
          series: api.series.map(toApi),
          inFlight: inFlight.values[0]?.value ?? 0,
        },
        queues: names(queueJobs, 'queue').map((queue) => ({
          queue,
          queued: valueOf(queueJobs, { queue, state: 'queued' }),
          active: valueOf(queueJobs, { queue, state: 'active' }),
          failed: valueOf(queueJobs, { queue, state: 'failed' }),
          oldestAgeSeconds: valueOf(queueOldest, { queue }),
        })),
        streams: names(streamMessages, 'stream').map((stream) => ({
          stream,
          messages: valueOf(streamMessages, { stream }),
          bytes: valueOf(streamBytes, { stream }),
          oldestAgeSeconds: valueOf(streamOldest, { stream }),
        })),
        consumers: names(consumer, 'consumer').map((name) => ({
          consumer: name,
          pending: valueOf(consumer, { consumer: name, state: 'pending' }),
          ackPending: valueOf(consumer, { consumer: name, state: 'ack_pending' }),
          redelivered: valueOf(consumer, { consumer: name, state: 'redelivered' }),
          waiting: valueOf(consumer, { consumer: name, state: 'waiting' }),
        })),
        fleet: {
          agentsByEngine: agents.map((row) => ({ engine: row.labels.engine ?? '', agents: row.value })),
          hosts: names(slots, 'host').length,
          slots: { busy: total(slots, 'busy'), free: total(slots, 'free') },
          cpus: { busy: total(cpus, 'busy'), free: total(cpus, 'free') },
        },
        dependencies: up.map((row) => ({ dependency: row.labels.dependency ?? '', up: row.value === 1 })),
      };
    },
  };
}
