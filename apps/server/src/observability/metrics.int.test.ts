// GET /metrics after a real job (Postgres, nats-server, s3rver, the worker, an in-process agent, vina): the request
// histogram by route template, the job counted, the queue, stream and fleet gauges the server reads when scraped; the
// worker's own endpoint answers too. Prometheus scraping real processes is packages/ops/src/observability.int.test.ts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import {
  counterValue,
  isFinal,
  startJobsStack,
  waitForStatus,
  type InProcessAgent,
  type JobsStack,
} from '../../test/stack.js';

let stack: JobsStack;
let agent: InProcessAgent;
let text: string;
let afterCancel: string;
let workerText: string;

/** The value of one sample of the exposition text (`name{labels} value`), or undefined. */
function sample(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of body.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']),
    );
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
  agent = await stack.startAgent();
  const submit = async (extra: Record<string, unknown> = {}) => {
    const created = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: {
        ...extra,
        receptorId: receptor,
        ligands: [{ smiles: 'N1=CC=CC=C1', name: 'pyridine' }],
        bindingSite: { mode: 'box', center: { x: 37.219, y: -14.579, z: 30.512 }, size: { x: 20, y: 20, z: 20 } },
        params: { exhaustiveness: 1, numModes: 1, seed: 1, cpuPerTask: 1 },
      },
    });
    expect(created.status).toBe(202);
    return ((await created.json()) as { jobId: string }).jobId;
  };
  const jobId = await submit();
  expect((await waitForStatus(stack, jobId, isFinal)).status).toBe('COMPLETED');
  await stack.api('/api/v1/no-such-route');
  text = await (await fetch(`${stack.url}/metrics`)).text();
  workerText = await (await fetch(`http://127.0.0.1:${stack.worker().metricsPort}/metrics`)).text();
  // With no agent left, a second job waits until it is cancelled: the server counts the cancellation.
  await agent.stop();
  // The same inputs would be answered from the result cache: this one must wait for an agent.
  const cancelled = await submit({ useCache: false });
  expect((await stack.api(`/api/v1/jobs/${cancelled}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
  expect((await waitForStatus(stack, cancelled, isFinal)).status).toBe('CANCELLED');
  afterCancel = await (await fetch(`${stack.url}/metrics`)).text();
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

  it('the worker counted the dispatch, the recorded reports, the task, the ligand and the finished job', () => {
    const body = workerText;
    expect(sample(body, 'mad_tasks_dispatched_total', { pipeline: 'vina' })).toBe(1);
    expect(sample(body, 'mad_dispatch_duration_seconds_count', { pipeline: 'vina' })).toBe(1);
    expect(sample(body, 'mad_job_first_accept_seconds_count', { pipeline: 'vina' })).toBe(1);
    expect(sample(body, 'mad_reports_recorded_total', { kind: 'result' })).toBe(1);
    expect(sample(body, 'mad_reports_recorded_total', { kind: 'event' })).toBeGreaterThanOrEqual(4);
    expect(sample(body, 'mad_recording_lag_seconds_count', { kind: 'result' })).toBe(1);
    expect(sample(body, 'mad_tasks_finished_total', { pipeline: 'vina', status: 'succeeded' })).toBe(1);
    expect(sample(body, 'mad_task_run_seconds_count', { pipeline: 'vina', status: 'succeeded' })).toBe(1);
    expect(sample(body, 'mad_ligands_finished_total', { pipeline: 'vina', status: 'succeeded', stage: 'none' })).toBe(
      1,
    );
    expect(sample(body, 'mad_jobs_finished_total', { pipeline: 'vina', status: 'COMPLETED' })).toBe(1);
  });

  it('the server counted the cancellation', () => {
    expect(sample(text, 'mad_jobs_finished_total', { pipeline: 'vina', status: 'CANCELLED' })).toBeUndefined();
    expect(sample(afterCancel, 'mad_jobs_finished_total', { pipeline: 'vina', status: 'CANCELLED' })).toBe(1);
    expect(sample(afterCancel, 'mad_jobs_created_total', { pipeline: 'vina' })).toBe(2);
  });

  it('the agent counted its task: queue wait, preparation and engine time, transfers', async () => {
    const { metrics } = agent;
    expect(await counterValue(metrics.tasks, { engine: 'vina', outcome: 'succeeded' })).toBe(1);
    expect(await counterValue(metrics.ligands, { engine: 'vina', status: 'succeeded' })).toBe(1);
    expect(await counterValue(metrics.redeliveries, { engine: 'vina' })).toBe(0);
    const count = async (
      histogram: { get(): Promise<{ values: { labels: object; value: number; metricName?: string }[] }> },
      labels: Record<string, string>,
    ) =>
      (await histogram.get()).values.find(
        (v) =>
          v.metricName?.endsWith('_count') &&
          Object.entries(labels).every(([k, value]) => (v.labels as Record<string, unknown>)[k] === value),
      )?.value;
    expect(await count(metrics.queueWait, { engine: 'vina' })).toBe(1);
    expect(await count(metrics.preparation, { engine: 'vina' })).toBe(1);
    expect(await count(metrics.docking, { engine: 'vina' })).toBe(1);
    // The receptor's GET; the poses (SDF, PDBQT), the engine log and the task log PUT.
    expect(await count(metrics.transfer, { direction: 'download', outcome: 'ok' })).toBe(1);
    expect(await count(metrics.transfer, { direction: 'upload', outcome: 'ok' })).toBeGreaterThanOrEqual(4);
  });
});
