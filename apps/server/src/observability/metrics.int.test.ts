// GET /metrics after a real job (Postgres, nats-server, s3rver, the worker, an in-process agent, vina): the request
// histogram by route template, the job counted, the queue, stream and fleet gauges the server reads when scraped; the
// worker's own endpoint answers too. Prometheus scraping real processes is packages/ops/src/observability.int.test.ts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { isFinal, startJobsStack, waitForStatus, type JobsStack } from '../jobs/test-stack.js';

let stack: JobsStack;
let text: string;

/** The value of one sample of the exposition text (`name{labels} value`), or undefined. */
function sample(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of body.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

beforeAll(async () => {
  stack = await startJobsStack({ LIGANDS_PER_TASK: '1', METRICS_PORT: '0' });
  const receptor = await stack.addMolecule(
    'receptor',
    join(sharedDataDir, 'dockstring/targets/CYP3A4_target.pdbqt'),
    'pdbqt',
  );
  await stack.startAgent();
  const created = await stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: {
      receptorId: receptor,
      ligands: [{ smiles: 'N1=CC=CC=C1', name: 'pyridine' }],
      bindingSite: { mode: 'box', center: { x: 37.219, y: -14.579, z: 30.512 }, size: { x: 20, y: 20, z: 20 } },
      params: { exhaustiveness: 1, numModes: 1, seed: 1, cpuPerTask: 1 },
    },
  });
  expect(created.status).toBe(202);
  const { jobId } = (await created.json()) as { jobId: string };
  expect((await waitForStatus(stack, jobId, isFinal)).status).toBe('COMPLETED');
  await stack.api('/api/v1/no-such-route');
  text = await (await fetch(`${stack.url}/metrics`)).text();
});

afterAll(async () => {
  await stack?.close();
});

describe('GET /metrics of the server after a job', () => {
  it('counts requests by route template, method and status, never by raw URL', () => {
    const route = '/api/v1/pipelines/{pipelineId}/jobs';
    expect(sample(text, 'mad_http_request_duration_seconds_count', { method: 'POST', route, status: '202' })).toBe(1);
    expect(
      sample(text, 'mad_http_request_duration_seconds_count', { route: '/api/v1/jobs/{jobId}/status' }),
    ).toBeGreaterThan(0);
    expect(sample(text, 'mad_http_request_duration_seconds_count', { route: '/api/(unmatched)', status: '404' })).toBe(
      1,
    );
    expect(text).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(
      sample(text, 'mad_api_procedure_duration_seconds_count', { procedure: 'pipelines.createJob', code: 'OK' }),
    ).toBe(1);
  });

  it('counts the job, and reads the queue, stream, fleet and dependency state when scraped', () => {
    expect(sample(text, 'mad_jobs_created_total', { pipeline: 'vina' })).toBe(1);
    expect(sample(text, 'mad_jobs_active', { pipeline: 'vina', status: 'RUNNING' })).toBe(0);
    expect(sample(text, 'mad_queue_jobs', { queue: 'jobs.dispatch', state: 'queued' })).toBe(0);
    expect(sample(text, 'mad_queue_oldest_age_seconds', { queue: 'jobs.dispatch' })).toBe(0);
    expect(sample(text, 'mad_jetstream_stream_messages', { stream: 'MAD_TASKS' })).toBe(0);
    expect(sample(text, 'mad_jetstream_consumer_messages', { consumer: 'agents_vina', state: 'pending' })).toBe(0);
    expect(sample(text, 'mad_fleet_agents', { engine: 'vina' })).toBe(1);
    expect(sample(text, 'mad_fleet_agents', { engine: 'gnina' })).toBe(0);
    // One slot, busy or free depending on whether the agent's last heartbeat came before the result.
    const slots = ['busy', 'free'].map((state) => sample(text, 'mad_fleet_slots', { state }) ?? NaN);
    expect(slots[0]! + slots[1]!).toBe(1);
    for (const dependency of ['postgres', 'nats', 's3'])
      expect(sample(text, 'mad_dependency_up', { dependency })).toBe(1);
    expect(sample(text, 'mad_db_pool_connections', { state: 'max' })).toBe(20);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('the worker answers on its METRICS_PORT', async () => {
    const port = stack.worker().metricsPort;
    expect(port).toBeGreaterThan(0);
    const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(sample(body, 'mad_db_pool_connections', { state: 'max' })).toBe(10);
    expect(body).toContain('# TYPE mad_tasks_finished_total counter');
  });
});
