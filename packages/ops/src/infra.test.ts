// The deployment files in infra/ hold together (there is no Docker engine or cluster here to try them): every YAML
// parses, references point at things that exist, and the architecture's rules hold (agents get no database or S3
// credentials; the server, the worker and the agents are probed on /health and /ready).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { infraDir, repoRoot } from './paths.js';
import { protocolNames } from './protocol-names.js';

// The parts of the YAML files the tests read, parsed with their shapes (a missing field fails naming its path).
const Scalar = z.union([z.string(), z.number(), z.boolean()]);
const Strings = z.record(z.string(), z.string());
const Named = z.object({ name: z.string() });
const Probe = z.object({ httpGet: z.object({ path: z.string(), port: Scalar }) });
const Container = z.object({
  command: z.array(z.string()).optional(),
  env: z.array(z.object({ name: z.string(), value: z.string().optional() })).default([]),
  envFrom: z.array(z.object({ configMapRef: Named.optional(), secretRef: Named.optional() })).default([]),
  ports: z.array(z.object({ name: z.string().optional() })).default([]),
  livenessProbe: Probe.optional(),
  readinessProbe: Probe.optional(),
  resources: z.object({ limits: z.record(z.string(), Scalar).default({}) }).optional(),
});
type Container = z.infer<typeof Container>;
const PodSpec = z.object({ containers: z.array(Container), nodeSelector: Strings.default({}) });
const PodTemplate = z.object({
  metadata: z
    .object({ labels: Strings.default({}), annotations: Strings.default({}) })
    .default({ labels: {}, annotations: {} }),
  spec: PodSpec,
});
const Manifest = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.object({ name: z.string() }),
  data: Strings.default({}),
  stringData: Strings.default({}),
});
const Workload = Manifest.extend({
  spec: z.object({ selector: z.object({ matchLabels: Strings }).optional(), template: PodTemplate }),
});
type Workload = z.infer<typeof Workload>;
const CronJob = Manifest.extend({
  spec: z.object({
    schedule: z.string(),
    concurrencyPolicy: z.string(),
    jobTemplate: z.object({ spec: z.object({ activeDeadlineSeconds: z.number(), template: PodTemplate }) }),
  }),
});
const Service = Manifest.extend({
  spec: z.object({ selector: Strings, ports: z.array(z.object({ targetPort: Scalar })) }),
});
const ScaledObject = Manifest.extend({
  spec: z.object({ scaleTargetRef: Named, triggers: z.array(z.object({ metadata: Strings })) }),
});
const Kustomization = z.object({
  resources: z.array(z.string()).default([]),
  configMapGenerator: z
    .array(
      z.object({
        name: z.string(),
        files: z.array(z.string()),
        options: z.object({ labels: Strings.default({}) }).optional(),
      }),
    )
    .default([]),
});
const ComposeService = z.object({
  build: z.object({ context: z.string(), dockerfile: z.string() }).optional(),
  depends_on: z.record(z.string(), z.unknown()).default({}),
  environment: z.record(z.string(), Scalar).default({}),
  volumes: z.array(z.string()).default([]),
});
const Compose = z.object({ services: z.record(z.string(), ComposeService) });
const Prometheus = z.object({
  scrape_configs: z.array(
    z.object({ job_name: z.string(), static_configs: z.array(z.object({ targets: z.array(z.string()) })) }),
  ),
});

function loadYaml(file: string): unknown[] {
  // merge: compose's `<<: *server-env` is read as compose reads it (the keys merged in), not as a key named '<<'.
  return parseAllDocuments(readFileSync(file, 'utf8'), { merge: true }).map((document): unknown => {
    if (document.errors.length) throw new Error(`${file}: ${document.errors.map((error) => error.message).join('; ')}`);
    const parsed: unknown = document.toJS();
    return parsed;
  });
}

/** The one document of a YAML file, parsed with its schema. */
function loadOne<T>(file: string, schema: z.ZodType<T>): T {
  const [document] = loadYaml(file);
  return schema.parse(document);
}

const k8sDir = join(infraDir, 'k8s');
const k8sFiles = readdirSync(k8sDir).filter((name) => name.endsWith('.yaml'));
const manifests = k8sFiles
  .filter((name) => name !== 'kustomization.yaml')
  .flatMap((name) => loadYaml(join(k8sDir, name)).map((doc) => ({ file: name, doc })));
/** The manifests of one kind, each parsed with the schema of that kind. */
function kinds<T>(kind: string, schema: z.ZodType<T>): T[] {
  return manifests
    .filter(({ doc }) => Manifest.safeParse(doc).data?.kind === kind)
    .map(({ file, doc }) => {
      const parsed = schema.safeParse(doc);
      if (!parsed.success) throw new Error(`${file} (${kind}): ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    });
}
const configSources = () => [...kinds('ConfigMap', Manifest), ...kinds('Secret', Manifest)];
const deployment = (name: string) => kinds('Deployment', Workload).find((doc) => doc.metadata.name === name);
const podSpecs = () => [
  ...[...kinds('Deployment', Workload), ...kinds('Job', Workload)].map((doc) => ({
    name: doc.metadata.name,
    spec: doc.spec.template.spec,
  })),
  ...kinds('CronJob', CronJob).map((doc) => ({
    name: doc.metadata.name,
    spec: doc.spec.jobTemplate.spec.template.spec,
  })),
];
const containerEnvNames = (container: Container) => container.env.map((variable) => variable.name);
const sourceNames = (container: Container) =>
  container.envFrom.map((source) => (source.configMapRef ?? source.secretRef)?.name);

// Credentials an agent must never be given (ARCHITECTURE: agents know NATS and presigned URLs only).
const serverOnlySecrets = ['DATABASE_URL', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'SESSION_SECRET'];

describe('infra/k8s', () => {
  it('gives every manifest an apiVersion, a kind and a name', () => {
    expect(manifests.length).toBeGreaterThan(5);
    for (const { file, doc } of manifests) {
      const parsed = Manifest.safeParse(doc);
      expect({ file, problem: parsed.error && z.prettifyError(parsed.error) }).toEqual({ file, problem: undefined });
    }
  });

  it('lists every manifest in kustomization.yaml (except the secrets example)', () => {
    const kustomization = loadOne(join(k8sDir, 'kustomization.yaml'), Kustomization);
    const expected = k8sFiles.filter((name) => name !== 'kustomization.yaml' && !name.endsWith('.example.yaml')).sort();
    expect([...kustomization.resources].sort()).toEqual(expected);
  });

  it('refers only to ConfigMaps and Secrets that are defined', () => {
    const defined = new Set(configSources().map((doc) => doc.metadata.name));
    for (const { name, spec } of podSpecs()) {
      for (const container of spec.containers) {
        const refs = sourceNames(container);
        expect(refs.length, `${name} gets its configuration from envFrom`).toBeGreaterThan(0);
        for (const ref of refs) expect(ref !== undefined && defined.has(ref), `${name} refers to ${ref}`).toBe(true);
      }
    }
  });

  it('routes each Service to pods and a named port that exist', () => {
    for (const service of kinds('Service', Service)) {
      const target = kinds('Deployment', Workload).find((doc) =>
        Object.entries(service.spec.selector).every(([key, value]) => doc.spec.template.metadata.labels[key] === value),
      );
      expect(target, `Service ${service.metadata.name} selects a Deployment`).toBeDefined();
      const portNames = target!.spec.template.spec.containers.flatMap((container) =>
        container.ports.map((port) => port.name),
      );
      for (const port of service.spec.ports) expect(portNames).toContain(port.targetPort);
    }
    for (const doc of kinds('Deployment', Workload))
      expect(doc.spec.selector?.matchLabels).toEqual(expect.objectContaining(doc.spec.template.metadata.labels));
  });

  it('probes the server, the worker and the agents on /health (liveness) and /ready (readiness)', () => {
    for (const name of ['mad-server', 'mad-worker', 'mad-agent']) {
      const [container] = deployment(name)!.spec.template.spec.containers;
      expect({ name, path: container!.livenessProbe?.httpGet.path }).toEqual({ name, path: '/health' });
      expect({ name, path: container!.readinessProbe?.httpGet.path }).toEqual({ name, path: '/ready' });
      const ports = container!.ports.map((port) => port.name);
      expect(ports).toContain(container!.livenessProbe?.httpGet.port);
      expect(ports).toContain(container!.readinessProbe?.httpGet.port);
    }
    const [container] = deployment('mad-server')!.spec.template.spec.containers;
    expect(container!.command).toEqual(['node', 'apps/server/dist/main.js']);
    expect(deployment('mad-worker')!.spec.template.spec.containers[0]?.command).toEqual([
      'node',
      'apps/server/dist/worker.js',
    ]);
  });

  it('puts agents on GPU nodes with no database or S3 credentials', () => {
    const spec = deployment('mad-agent')!.spec.template.spec;
    expect(Object.keys(spec.nodeSelector)).not.toHaveLength(0);
    const [container] = spec.containers;
    expect(container!.resources?.limits['nvidia.com/gpu']).toBeGreaterThan(0);
    const agentSources = sourceNames(container!);
    const visible = configSources()
      .filter((doc) => agentSources.includes(doc.metadata.name))
      .flatMap((doc) => Object.keys({ ...doc.data, ...doc.stringData }))
      .concat(containerEnvNames(container!));
    expect(visible).toEqual(expect.arrayContaining(['NATS_URL', 'NATS_USER', 'NATS_PASSWORD']));
    for (const secret of serverOnlySecrets) expect(visible).not.toContain(secret);
  });

  it('copies the bucket hourly with the CLI, one run at a time, with the backup bucket from its own Secret', () => {
    const cron = kinds('CronJob', CronJob).find((doc) => doc.metadata.name === 'mad-bucket-copy')!;
    expect(cron.spec.schedule).toMatch(/^\d{1,2} \* \* \* \*$/);
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    const [container] = cron.spec.jobTemplate.spec.template.spec.containers;
    expect(container!.command).toEqual(['node', 'apps/server/dist/cli.js', 'copy-bucket']);
    // What the CLI's copy-bucket reads (apps/server/src/cli.ts) is in the Secret it gets; a run ends before the next.
    const secret = kinds('Secret', Manifest).find((doc) => doc.metadata.name === 'mad-bucket-copy-secrets')!;
    const cli = readFileSync(join(repoRoot, 'apps/server/src/cli.ts'), 'utf8');
    const required = [...cli.matchAll(/\b(BUCKET_COPY_[A-Z_]+): z\.string\(\)\.min/g)].map((m) => m[1]);
    expect(required).toContain('BUCKET_COPY_BUCKET');
    expect(Object.keys(secret.stringData)).toEqual(expect.arrayContaining(required));
    for (const key of Object.keys(secret.stringData)) expect(cli).toContain(key);
    expect(cron.spec.jobTemplate.spec.activeDeadlineSeconds).toBeLessThan(3600);
    expect(sourceNames(container!)).toEqual(
      expect.arrayContaining(['mad-config', 'mad-server-secrets', 'mad-bucket-copy-secrets']),
    );
  });

  it('scales the agent Deployment on a task consumer of the tasks stream', () => {
    const [scaled] = kinds('ScaledObject', ScaledObject);
    expect(deployment(scaled!.spec.scaleTargetRef.name)).toBeDefined();
    const [trigger] = scaled!.spec.triggers;
    expect(trigger!.metadata.stream).toBe(protocolNames.tasksStream);
    expect(trigger!.metadata.consumer).toMatch(new RegExp(`^${protocolNames.taskConsumerPrefix}(vina|smina|gnina)$`));
  });
});

describe('infra/compose.yaml', () => {
  const { services } = loadOne(join(infraDir, 'compose.yaml'), Compose);

  it('runs postgres, nats, minio, the migrations, server, worker and agent', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'nats', 'minio', 'migrate', 'server', 'worker', 'agent']),
    );
  });

  it('depends only on services it defines, and builds from Dockerfiles that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on))
        expect(Object.keys(services), `${name} depends on ${dependency}`).toContain(dependency);
      if (service.build)
        expect(
          existsSync(join(infraDir, service.build.context, service.build.dockerfile)),
          `${name}'s Dockerfile`,
        ).toBe(true);
    }
  });

  it('runs NATS with infra/nats-server.conf and the passwords it needs', () => {
    const nats = services.nats!;
    expect(nats.volumes).toContain('./nats-server.conf:/etc/nats/nats-server.conf:ro');
    expect(Object.keys(nats.environment)).toEqual(
      expect.arrayContaining(['NATS_STORE_DIR', 'NATS_SERVER_PASSWORD', 'NATS_AGENT_PASSWORD']),
    );
  });

  it('gives the server what it needs and the agent no database or S3 credentials', () => {
    expect(Object.keys(services.server!.environment)).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'NATS_URL',
        'NATS_USER',
        'NATS_PASSWORD',
        'S3_ENDPOINT',
        'SESSION_SECRET',
      ]),
    );
    expect(services.agent!.environment.NATS_USER).toBe('agent');
    for (const secret of serverOnlySecrets) expect(Object.keys(services.agent!.environment)).not.toContain(secret);
  });
});

describe('infra/docker', () => {
  it('starts the processes npm start runs, from files the build produces', () => {
    const server = readFileSync(join(infraDir, 'docker', 'server.Dockerfile'), 'utf8');
    const agent = readFileSync(join(infraDir, 'docker', 'agent.Dockerfile'), 'utf8');
    expect(server).toContain('CMD ["node", "apps/server/dist/main.js"]');
    expect(agent).toContain('CMD ["node", "agents/dock-agent/dist/main.js"]');
    const pnpmVersion = z
      .object({ packageManager: z.string() })
      .parse(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')))
      .packageManager.replace('pnpm@', '');
    for (const dockerfile of [server, agent]) expect(dockerfile).toContain(`npm i -g pnpm@${pnpmVersion}`);
  });
});

describe('observability deployment (infra/prometheus, infra/grafana)', () => {
  const { services } = loadOne(join(infraDir, 'compose.yaml'), Compose);
  const prometheus = loadOne(join(infraDir, 'prometheus', 'prometheus.yml'), Prometheus);
  const targets = Object.fromEntries(
    prometheus.scrape_configs.map((job) => [job.job_name, job.static_configs[0]?.targets[0]] as const),
  );

  it('compose: Prometheus scrapes the ports the server, worker and agent serve metrics on', () => {
    expect(targets['mad-server']).toBe('server:8080');
    expect(targets['mad-worker']).toBe(`worker:${services.worker!.environment.METRICS_PORT}`);
    expect(targets['mad-agent']).toBe(`agent:${services.agent!.environment.AGENT_METRICS_PORT}`);
    expect(services.prometheus!.volumes).toContain('./prometheus:/etc/prometheus:ro');
    expect(services.grafana!.volumes).toEqual(
      expect.arrayContaining([
        './grafana/provisioning:/etc/grafana/provisioning:ro',
        './grafana/dashboards:/var/lib/grafana/dashboards/mad:ro',
      ]),
    );
  });

  it('k8s: the server, worker and agent pods are annotated for discovery with the port they serve metrics on', () => {
    const agentConfig = kinds('ConfigMap', Manifest).find((doc) => doc.metadata.name === 'mad-agent-config')!;
    const ports: Record<string, string | undefined> = {
      'mad-server': '8080',
      'mad-worker': containerEnvValue(deployment('mad-worker')!, 'METRICS_PORT'),
      'mad-agent': agentConfig.data.AGENT_METRICS_PORT,
    };
    for (const [name, port] of Object.entries(ports)) {
      expect(deployment(name)!.spec.template.metadata.annotations, name).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': port,
        'prometheus.io/path': '/metrics',
      });
    }
  });

  it('k8s: the observability kustomization packs files that exist, the dashboard for the Grafana sidecar', () => {
    const dir = join(k8sDir, 'observability');
    const generators = loadOne(join(dir, 'kustomization.yaml'), Kustomization).configMapGenerator;
    for (const generator of generators)
      for (const entry of generator.files) expect(existsSync(join(dir, entry.split('=')[1]!)), entry).toBe(true);
    expect(generators.find((g) => g.name === 'mad-grafana-dashboards')?.options?.labels.grafana_dashboard).toBe('1');
  });

  it('grafana: the provisioned dashboard uses the provisioned Prometheus data source', () => {
    const dashboard = z
      .object({ uid: z.string(), panels: z.array(z.object({ targets: z.array(z.unknown()).default([]) })) })
      .parse(JSON.parse(readFileSync(join(infraDir, 'grafana', 'dashboards', 'mad-operations.json'), 'utf8')));
    expect(dashboard.uid).toBe('mad-operations');
    const queries = dashboard.panels.flatMap((panel) => panel.targets);
    expect(queries.length).toBeGreaterThan(20);
    const datasources = loadOne(
      join(infraDir, 'grafana', 'provisioning', 'datasources', 'prometheus.yml'),
      z.object({ datasources: z.array(z.object({ url: z.string() })) }),
    );
    expect(datasources.datasources[0]?.url).toBe('http://prometheus:9090');
  });
});

function containerEnvValue(workload: Workload, name: string): string | undefined {
  const container = workload.spec.template.spec.containers[0];
  return container?.env.find((variable) => variable.name === name)?.value;
}

describe('infra/pgbackrest/crontab', () => {
  const lines = readFileSync(join(infraDir, 'pgbackrest/crontab'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#') && !/^[A-Z]+=/.test(line));

  it('runs a weekly full and a daily differential backup of the stanza, as postgres, with the shipped config', () => {
    const entries = lines.map((line) => {
      const [minute, hour, dom, month, dow, user, ...command] = line.trim().split(/\s+/);
      return { schedule: [minute, hour, dom, month, dow].join(' '), user, command: command.join(' ') };
    });
    expect(entries).toEqual([
      { schedule: '0 1 * * 0', user: 'postgres', command: 'pgbackrest --stanza=mad --type=full backup' },
      { schedule: '0 1 * * 1-6', user: 'postgres', command: 'pgbackrest --stanza=mad --type=diff backup' },
    ]);
    const config = readFileSync(join(infraDir, 'pgbackrest/pgbackrest.conf'), 'utf8');
    expect(config).toMatch(/^\[mad\]$/m);
    expect(config).toMatch(/^repo1-retention-full=\d+$/m);
    expect(config).toMatch(/^repo1-retention-diff=\d+$/m);
  });

  it('is the schedule DEPLOYMENT_PLAN_CLOUD.md states', () => {
    const plan = readFileSync(join(repoRoot, 'project_design/DEPLOYMENT_PLAN_CLOUD.md'), 'utf8');
    expect(plan).toMatch(/pgbackrest --stanza=mad --type=full backup`[^|]*\| weekly \(Sunday 01:00\)/);
    expect(plan).toMatch(/pgbackrest --stanza=mad --type=diff backup`[^|]*\| daily 01:00 \(not Sunday\)/);
    expect(plan).toContain('infra/pgbackrest/crontab');
    expect(plan).toContain('infra/k8s/bucket-copy-cronjob.yaml');
  });
});
