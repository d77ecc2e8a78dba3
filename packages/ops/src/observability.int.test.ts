// Metrics and traces end to end: `npm start` (scripts/start.mjs, the built server, worker and agent as real
// processes, on free ports and a fresh database) starts Debian's Prometheus with its generated configuration and
// infra/prometheus's rules, and every process exports its spans over OTLP/HTTP to a receiver inside this test
// (OTEL_EXPORTER_OTLP_ENDPOINT); a small job runs (one SMILES, vina, exhaustiveness 1); then Prometheus's HTTP API
// answers for the job counter, the request histogram, the recording rules and `up` of every target, and the job is
// one trace from the server's request through the worker's dispatch, the agent's phases and the recording.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, freePort, sharedDataDir, type TestDatabase } from '@mad/test-utils';
import { repoRoot } from './paths.js';

const dataDir = mkdtempSync(join(tmpdir(), 'mad-obs-test-'));
let database: TestDatabase;
let child: ChildProcess;
let output = '';
let ports: Record<'port' | 'prometheus' | 'worker' | 'agent', number>;
let token: string;
const base = () => `http://127.0.0.1:${ports.port}`;
let jobId: string;

/** Spans as the OTLP/HTTP JSON exporter sends them, with the service that sent each. */
interface ReceivedSpan {
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, string | number | boolean>;
}
const spans: ReceivedSpan[] = [];
type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpAttribute = { key: string; value: OtlpValue };
const attributesOf = (list: OtlpAttribute[] = []) =>
  Object.fromEntries(
    list.map(({ key, value }) => [
      key,
      value.stringValue ??
        (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue ?? '')),
    ]),
  );
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (request.url === '/v1/traces') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: {
          resource: { attributes: OtlpAttribute[] };
          scopeSpans: {
            spans: (Omit<ReceivedSpan, 'service' | 'attributes'> & { attributes?: OtlpAttribute[] })[];
          }[];
        }[];
      };
      for (const resource of body.resourceSpans) {
        const service = String(attributesOf(resource.resource.attributes)['service.name']);
        for (const scope of resource.scopeSpans)
          for (const span of scope.spans) spans.push({ ...span, service, attributes: attributesOf(span.attributes) });
      }
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not seen within ${timeoutMs / 1000} s\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

interface PromVector {
  metric: Record<string, string>;
  value: [number, string];
}
async function query(expr: string): Promise<PromVector[]> {
  const response = await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await response.json()) as { status: string; data: { result: PromVector[] } };
  expect(body.status).toBe('success');
  return body.data.result;
}

beforeAll(async () => {
  database = await createTestDatabase('mad_obs');
  ports = { port: await freePort(), prometheus: await freePort(), worker: await freePort(), agent: await freePort() };
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs'), '--skip-build'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      PORT: String(ports.port),
      PUBLIC_URL: base(),
      NATS_PORT: String(await freePort()),
      S3_PORT: String(await freePort()),
      PROMETHEUS_PORT: String(ports.prometheus),
      METRICS_PORT: String(ports.worker),
      AGENT_METRICS_PORT: String(ports.agent),
      AGENT_SLOTS: '1',
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until('the stack', async () => (output.includes('is running') ? true : undefined), 240_000);

  const cli = spawnSync(
    process.execPath,
    [join(repoRoot, 'apps/server/dist/cli.js'), 'create-token', '--org', 'demo', '--email', 'dev@example.org'],
    { env: { ...process.env, DATABASE_URL: database.url }, encoding: 'utf8' },
  );
  expect(cli.status, cli.stderr).toBe(0);
  token = cli.stdout.trim().split('\n').at(-1)!.trim();
  const auth = { authorization: `Bearer ${token}` };

  const form = new FormData();
  form.set('kind', 'receptor');
  const receptorPath = join(sharedDataDir, 'dockstring/targets/CYP3A4_target.pdbqt');
  form.append('files', new Blob([readFileSync(receptorPath)]), 'CYP3A4_target.pdbqt');
  const uploaded = await fetch(`${base()}/api/v1/molecules/upload`, { method: 'POST', body: form, headers: auth });
  expect(uploaded.status).toBeLessThan(300);
  const receptorId = ((await uploaded.json()) as { molecules: { id: string }[] }).molecules[0]!.id;
  const created = await fetch(`${base()}/api/v1/pipelines/vina/jobs`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      receptorId,
      ligands: [{ smiles: 'N1=CC=CC=C1', name: 'pyridine' }],
      bindingSite: { mode: 'box', center: { x: 37.219, y: -14.579, z: 30.512 }, size: { x: 20, y: 20, z: 20 } },
      params: { exhaustiveness: 1, numModes: 1, seed: 1, cpuPerTask: 1 },
    }),
  });
  expect(created.status).toBe(202);
  ({ jobId } = (await created.json()) as { jobId: string });
  await until(
    'the job to finish',
    async () => {
      const status = (await (await fetch(`${base()}/api/v1/jobs/${jobId}/status`, { headers: auth })).json()) as {
        status: string;
      };
      return ['COMPLETED', 'FAILED', 'CANCELLED'].includes(status.status) ? status.status : undefined;
    },
    240_000,
  );
}, 600_000);

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 40_000))]);
  }
  await database?.drop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
  receiver.close();
}, 90_000);

describe('npm start with Prometheus, after a job', () => {
  it('says where Prometheus and the metrics endpoints are', () => {
    expect(output).toContain(`prometheus  http://127.0.0.1:${ports.prometheus}`);
    expect(output).toContain(`worker http://127.0.0.1:${ports.worker}/metrics`);
  });

  it('the server, the worker and the agent answer GET /metrics', async () => {
    for (const url of [
      `${base()}/metrics`,
      `http://127.0.0.1:${ports.worker}/metrics`,
      `http://127.0.0.1:${ports.agent}/metrics`,
    ]) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(await response.text(), url).toContain('process_cpu_seconds_total');
    }
  });

  it('Prometheus scrapes every target (up = 1)', async () => {
    const up = await until('every target up', async () => {
      const result = await query('up');
      return result.length === 3 && result.every((r) => r.value[1] === '1') ? result : undefined;
    });
    expect(up.map((r) => r.metric.job).sort()).toEqual(['mad-agent', 'mad-server', 'mad-worker']);
  });

  it('has the job counted and the request histogram by route template', async () => {
    const jobs = await until('the job counter', async () => {
      const result = await query('sum by (pipeline) (mad_jobs_created_total)');
      return result.length > 0 ? result : undefined;
    });
    expect(jobs).toEqual([{ metric: { pipeline: 'vina' }, value: [expect.any(Number), '1'] }]);
    const created = await query(
      'sum(mad_http_request_duration_seconds_count{job="mad-server", method="POST", route="/api/v1/pipelines/{pipelineId}/jobs", status="202"})',
    );
    expect(created[0]?.value[1]).toBe('1');
    const buckets = await query('count(mad_http_request_duration_seconds_bucket{job="mad-server"})');
    expect(Number(buckets[0]?.value[1])).toBeGreaterThan(10);
  });

  it('evaluates the golden-signal recording rules and sees the fleet', async () => {
    const agents = await query('mad_fleet_agents{engine="vina"}');
    expect(agents[0]?.value[1]).toBe('1');
    const rate = await until('the request rate rule', async () => {
      const result = await query('sum(mad:http_requests:rate5m)');
      return result.length > 0 && Number(result[0]!.value[1]) > 0 ? result : undefined;
    });
    expect(Number(rate[0]!.value[1])).toBeGreaterThan(0);
    const rules = (await (await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/rules`)).json()) as {
      data: { groups: { name: string; rules: { health: string }[] }[] };
    };
    const groups = rules.data.groups.map((g) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['mad-golden-signals', 'mad-api', 'mad-jobs', 'mad-dependencies']));
    for (const group of rules.data.groups) for (const rule of group.rules) expect(rule.health).not.toBe('err');
  });
});

describe('one trace per job, across the server, the worker and the agent', () => {
  it('links the request, the dispatch, the agent’s phases and the recording by their parents', async () => {
    const named = (service: string, name: string) =>
      spans.filter((s) => s.service === service && s.name === name && (s.attributes['mad.job_id'] ?? jobId) === jobId);
    // The result is recorded last; its span is exported within a second or two of the commit.
    const [recorded] = await until('the recording span', async () => {
      const found = named('mad-worker', 'record result');
      return found.length > 0 ? found : undefined;
    });
    const [request] = spans.filter(
      (s) => s.service === 'mad-server' && s.name === 'POST /api/v1/pipelines/{pipelineId}/jobs',
    );
    expect(request, JSON.stringify(spans.map((s) => `${s.service} ${s.name}`))).toBeDefined();
    expect(request!.parentSpanId ?? '').toBe('');
    const trace = spans.filter((s) => s.traceId === request!.traceId);
    const one = (service: string, name: string) => {
      const found = trace.filter((s) => s.service === service && s.name === name);
      expect(
        found.map((s) => `${s.service} ${s.name}`),
        `${service} ${name}`,
      ).toHaveLength(1);
      return found[0]!;
    };
    const dispatch = one('mad-worker', 'dispatch job');
    const task = one('mad-agent', 'run task');
    expect(dispatch.parentSpanId).toBe(request!.spanId);
    expect(task.parentSpanId).toBe(dispatch.spanId);
    expect(task.attributes).toMatchObject({ 'mad.job_id': jobId, 'mad.task.status': 'succeeded' });
    for (const phase of ['download inputs', 'prepare ligand', 'dock ligand', 'upload outputs'])
      expect(one('mad-agent', phase).parentSpanId, phase).toBe(task.spanId);
    expect(recorded!.traceId).toBe(request!.traceId);
    expect(recorded!.parentSpanId).toBe(task.spanId);
    // Every span naming this job is in this one trace; the three processes each contributed.
    const ofJob = spans.filter((s) => s.attributes['mad.job_id'] === jobId);
    expect(new Set(ofJob.map((s) => s.traceId))).toEqual(new Set([request!.traceId]));
    expect(new Set(trace.map((s) => s.service))).toEqual(new Set(['mad-server', 'mad-worker', 'mad-agent']));
    // The standard instrumentations' spans sit in the same trace: Postgres under the request and the dispatch, the
    // agent's presigned S3 transfers under its phases.
    const children = (parent: ReceivedSpan) => trace.filter((s) => s.parentSpanId === parent.spanId);
    expect(children(request!).some((s) => s.attributes['db.system.name'] === 'postgresql')).toBe(true);
    expect(children(dispatch).some((s) => s.attributes['db.system.name'] === 'postgresql')).toBe(true);
    const upload = one('mad-agent', 'upload outputs');
    expect(children(upload).some((s) => s.attributes['http.request.method'] === 'PUT')).toBe(true);
    // The presigned URLs' signatures never reach the collector (a presigned URL is a capability until it expires).
    expect(JSON.stringify(spans)).toContain('X-Amz-Signature=REDACTED');
    expect(JSON.stringify(spans)).not.toMatch(/X-Amz-(Signature|Credential)=(?!REDACTED)/);
  });
});

describe('log lines carry the trace they were written in', () => {
  it("the worker's and the agent's lines about the job carry its trace_id and a span_id of that trace", async () => {
    const [request] = spans.filter(
      (s) => s.service === 'mad-server' && s.name === 'POST /api/v1/pipelines/{pipelineId}/jobs',
    );
    expect(request).toBeDefined();
    const ofTrace = new Set(spans.filter((s) => s.traceId === request!.traceId).map((s) => s.spanId));
    const lines = (name: string) =>
      readFileSync(join(dataDir, 'logs', `${name}.log`), 'utf8')
        .split('\n')
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        });
    const dispatched = lines('worker').filter((l) => l.jobId === jobId && l.msg === 'job dispatched');
    const agent = lines('agent').filter(
      (l) => l.jobId === jobId && (l.msg === 'task accepted' || l.msg === 'task finished'),
    );
    expect(dispatched).toHaveLength(1);
    expect(agent).toHaveLength(2);
    for (const line of [...dispatched, ...agent]) {
      expect(line.trace_id, String(line.msg)).toBe(request!.traceId);
      expect(ofTrace.has(String(line.span_id)), String(line.msg)).toBe(true);
    }
  });
});
