// project_design/OBSERVABILITY.md lists every metric with its type and labels: a metric added here without a row (or a
// row whose type or labels drifted) fails.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  agentMetrics,
  chemistryMetrics,
  clusterMetrics,
  createRegistry,
  httpMetrics,
  jobMetrics,
  poolMetrics,
  workerMetrics,
  type ClusterCollectors,
  type Registry,
} from './index.js';

const doc = readFileSync(fileURLToPath(new URL('../../../project_design/OBSERVABILITY.md', import.meta.url)), 'utf8');
const rows = new Map(
  [...doc.matchAll(/^\| `(mad_\w+)` \| (\w+) \| ([^|]*) \|/gm)].map((m) => [
    m[1]!,
    { type: m[2]!, labels: [...m[3]!.matchAll(/`(\w+)`/g)].map((l) => l[1]!) },
  ]),
);

describe('OBSERVABILITY.md metric tables', () => {
  const registry = createRegistry({ processMetrics: false, supervisorRestarts: 0 });
  httpMetrics(registry);
  jobMetrics(registry);
  clusterMetrics(registry, new Proxy({}, { get: () => async () => [] }) as ClusterCollectors);
  poolMetrics(registry, null);
  chemistryMetrics(registry, () => ({ started: 0, recycled: 0, running: 0, rdkitInThisThread: false }));
  for (const group of [workerMetrics, agentMetrics]) {
    const own = createRegistry({ processMetrics: false });
    group(own);
    for (const metric of own.getMetricsAsArray())
      if (!registry.getSingleMetric(metric.name))
        registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
  }
  const metrics = registry.getMetricsAsArray() as unknown as {
    name: string;
    labelNames: string[];
    constructor: { name: string };
  }[];

  it.each(metrics.map((m) => [m.name, m]))('documents %s with its type and labels', (name, metric) => {
    expect(rows.get(name)).toEqual({ type: metric.constructor.name.toLowerCase(), labels: [...metric.labelNames] });
  });

  it('documents no metric that does not exist', () => {
    const names = new Set(metrics.map((m) => m.name));
    expect([...rows.keys()].filter((name) => !names.has(name))).toEqual([]);
  });
});
