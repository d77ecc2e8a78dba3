// The deployment files in infra/ hold together (there is no Docker engine or cluster here to try them): every YAML
// parses, references point at things that exist, and the architecture's rules hold (agents get no database or S3
// credentials; the server, the worker and the agents are probed on /health and /ready).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { infraDir, repoRoot } from './paths.js';
import { protocolNames } from './protocol-names.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML, checked below

function loadYaml(file: string): Doc[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((document) => {
    if (document.errors.length) throw new Error(`${file}: ${document.errors.map((error) => error.message).join('; ')}`);
    return document.toJS() as Doc;
  });
}

const k8sDir = join(infraDir, 'k8s');
const k8sFiles = readdirSync(k8sDir).filter((name) => name.endsWith('.yaml'));
const manifests = k8sFiles
  .filter((name) => name !== 'kustomization.yaml')
  .flatMap((name) => loadYaml(join(k8sDir, name)).map((doc) => ({ file: name, doc })));
const kinds = (kind: string) => manifests.filter(({ doc }) => doc.kind === kind).map(({ doc }) => doc);
const deployment = (name: string) => kinds('Deployment').find((doc) => doc.metadata.name === name);
const podSpecs = () => [
  ...[...kinds('Deployment'), ...kinds('Job')].map((doc) => ({
    name: doc.metadata.name as string,
    spec: doc.spec.template.spec as Doc,
  })),
  ...kinds('CronJob').map((doc) => ({
    name: doc.metadata.name as string,
    spec: doc.spec.jobTemplate.spec.template.spec as Doc,
  })),
];
const containerEnvNames = (container: Doc) => (container.env ?? []).map((variable: Doc) => variable.name as string);

// Credentials an agent must never be given (ARCHITECTURE: agents know NATS and presigned URLs only).
const serverOnlySecrets = ['DATABASE_URL', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'SESSION_SECRET'];

describe('infra/k8s', () => {
  it('gives every manifest an apiVersion, a kind and a name', () => {
    expect(manifests.length).toBeGreaterThan(5);
    for (const { file, doc } of manifests) {
      expect({
        file,
        apiVersion: typeof doc.apiVersion,
        kind: typeof doc.kind,
        name: typeof doc.metadata?.name,
      }).toEqual({ file, apiVersion: 'string', kind: 'string', name: 'string' });
    }
  });

  it('lists every manifest in kustomization.yaml (except the secrets example)', () => {
    const [kustomization] = loadYaml(join(k8sDir, 'kustomization.yaml'));
    const expected = k8sFiles.filter((name) => name !== 'kustomization.yaml' && !name.endsWith('.example.yaml')).sort();
    expect([...(kustomization?.resources as string[])].sort()).toEqual(expected);
  });

  it('refers only to ConfigMaps and Secrets that are defined', () => {
    const defined = new Set([...kinds('ConfigMap'), ...kinds('Secret')].map((doc) => doc.metadata.name));
    for (const { name, spec } of podSpecs()) {
      for (const container of spec.containers as Doc[]) {
        const refs = (container.envFrom ?? []).map(
          (source: Doc) => (source.configMapRef ?? source.secretRef).name as string,
        );
        expect(refs.length, `${name} gets its configuration from envFrom`).toBeGreaterThan(0);
        for (const ref of refs) expect(defined.has(ref), `${name} refers to ${ref}`).toBe(true);
      }
    }
  });

  it('routes each Service to pods and a named port that exist', () => {
    for (const service of kinds('Service')) {
      const target = kinds('Deployment').find((doc) =>
        Object.entries(service.spec.selector).every(([key, value]) => doc.spec.template.metadata.labels[key] === value),
      );
      expect(target, `Service ${service.metadata.name} selects a Deployment`).toBeDefined();
      const portNames = (target!.spec.template.spec.containers as Doc[]).flatMap((container) =>
        (container.ports ?? []).map((port: Doc) => port.name),
      );
      for (const port of service.spec.ports as Doc[]) expect(portNames).toContain(port.targetPort);
    }
    for (const doc of kinds('Deployment'))
      expect(doc.spec.selector.matchLabels).toEqual(expect.objectContaining(doc.spec.template.metadata.labels));
  });

  it('probes the server, the worker and the agents on /health (liveness) and /ready (readiness)', () => {
    for (const name of ['mad-server', 'mad-worker', 'mad-agent']) {
      const [container] = deployment(name)!.spec.template.spec.containers as Doc[];
      expect({ name, path: container!.livenessProbe?.httpGet.path }).toEqual({ name, path: '/health' });
      expect({ name, path: container!.readinessProbe?.httpGet.path }).toEqual({ name, path: '/ready' });
      const ports = (container!.ports ?? []).map((port: Doc) => port.name);
      expect(ports).toContain(container!.livenessProbe.httpGet.port);
      expect(ports).toContain(container!.readinessProbe.httpGet.port);
    }
    const [container] = deployment('mad-server')!.spec.template.spec.containers as Doc[];
    expect(container!.command).toEqual(['node', 'apps/server/dist/main.js']);
    expect(deployment('mad-worker')!.spec.template.spec.containers[0].command).toEqual([
      'node',
      'apps/server/dist/worker.js',
    ]);
  });

  it('puts agents on GPU nodes with no database or S3 credentials', () => {
    const spec = deployment('mad-agent')!.spec.template.spec as Doc;
    expect(Object.keys(spec.nodeSelector ?? {})).not.toHaveLength(0);
    const [container] = spec.containers as Doc[];
    expect(container!.resources.limits['nvidia.com/gpu']).toBeGreaterThan(0);
    const agentSources = (container!.envFrom as Doc[]).map(
      (source) => (source.configMapRef ?? source.secretRef).name as string,
    );
    const visible = [...kinds('ConfigMap'), ...kinds('Secret')]
      .filter((doc) => agentSources.includes(doc.metadata.name))
      .flatMap((doc) => Object.keys({ ...doc.data, ...doc.stringData }))
      .concat(containerEnvNames(container!));
    expect(visible).toEqual(expect.arrayContaining(['NATS_URL', 'NATS_USER', 'NATS_PASSWORD']));
    for (const secret of serverOnlySecrets) expect(visible).not.toContain(secret);
  });

  it('copies the bucket hourly with the CLI, one run at a time, with the backup bucket from its own Secret', () => {
    const cron = kinds('CronJob').find((doc) => doc.metadata.name === 'mad-bucket-copy')!;
    expect(cron.spec.schedule).toMatch(/^\d{1,2} \* \* \* \*$/);
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    const spec = cron.spec.jobTemplate.spec.template.spec as Doc;
    const [container] = spec.containers as Doc[];
    expect(container!.command).toEqual(['node', 'apps/server/dist/cli.js', 'copy-bucket']);
    // What the CLI's copy-bucket reads (apps/server/src/cli.ts) is in the Secret it gets; a run ends before the next.
    const secret = kinds('Secret').find((doc) => doc.metadata.name === 'mad-bucket-copy-secrets')!;
    const cli = readFileSync(join(repoRoot, 'apps/server/src/cli.ts'), 'utf8');
    const required = [...cli.matchAll(/\b(BUCKET_COPY_[A-Z_]+): z\.string\(\)\.min/g)].map((m) => m[1]);
    expect(required).toContain('BUCKET_COPY_BUCKET');
    expect(Object.keys(secret.stringData)).toEqual(expect.arrayContaining(required));
    for (const key of Object.keys(secret.stringData)) expect(cli).toContain(key);
    expect(cron.spec.jobTemplate.spec.activeDeadlineSeconds).toBeLessThan(3600);
    expect(container!.envFrom.map((source: Doc) => (source.configMapRef ?? source.secretRef).name)).toEqual(
      expect.arrayContaining(['mad-config', 'mad-server-secrets', 'mad-bucket-copy-secrets']),
    );
  });

  it('scales the agent Deployment on a task consumer of the tasks stream', () => {
    const [scaled] = kinds('ScaledObject');
    expect(deployment(scaled!.spec.scaleTargetRef.name)).toBeDefined();
    const [trigger] = scaled!.spec.triggers as Doc[];
    expect(trigger!.metadata.stream).toBe(protocolNames.tasksStream);
    expect(trigger!.metadata.consumer).toMatch(new RegExp(`^${protocolNames.taskConsumerPrefix}(vina|smina|gnina)$`));
  });
});

describe('infra/compose.yaml', () => {
  const [compose] = loadYaml(join(infraDir, 'compose.yaml'));
  const services = compose!.services as Record<string, Doc>;

  it('runs postgres, nats, minio, the migrations, server, worker and agent', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'nats', 'minio', 'migrate', 'server', 'worker', 'agent']),
    );
  });

  it('depends only on services it defines, and builds from Dockerfiles that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {}))
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
    const pnpmVersion = (
      JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { packageManager: string }
    ).packageManager.replace('pnpm@', '');
    for (const dockerfile of [server, agent]) expect(dockerfile).toContain(`npm i -g pnpm@${pnpmVersion}`);
  });
});

describe('observability deployment (infra/prometheus, infra/grafana)', () => {
  const [compose] = loadYaml(join(infraDir, 'compose.yaml'));
  const services = compose!.services as Record<string, Doc>;
  const [staticConfig] = loadYaml(join(infraDir, 'prometheus', 'prometheus.yml'));
  const targets = Object.fromEntries(
    (staticConfig!.scrape_configs as Doc[]).map((job) => [job.job_name, job.static_configs[0].targets[0]]),
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
    const agentConfig = kinds('ConfigMap').find((doc) => doc.metadata.name === 'mad-agent-config')!;
    const ports: Record<string, string> = {
      'mad-server': '8080',
      'mad-worker': containerEnvValue(deployment('mad-worker')!, 'METRICS_PORT'),
      'mad-agent': agentConfig.data.AGENT_METRICS_PORT,
    };
    for (const [name, port] of Object.entries(ports)) {
      const annotations = deployment(name)!.spec.template.metadata.annotations as Record<string, string>;
      expect(annotations, name).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': port,
        'prometheus.io/path': '/metrics',
      });
    }
  });

  it('k8s: the observability kustomization packs files that exist, the dashboard for the Grafana sidecar', () => {
    const dir = join(k8sDir, 'observability');
    const [kustomization] = loadYaml(join(dir, 'kustomization.yaml'));
    const generators = kustomization!.configMapGenerator as Doc[];
    for (const generator of generators)
      for (const entry of generator.files as string[])
        expect(existsSync(join(dir, entry.split('=')[1]!)), entry).toBe(true);
    expect(generators.find((g) => g.name === 'mad-grafana-dashboards')?.options.labels.grafana_dashboard).toBe('1');
  });

  it('grafana: the provisioned dashboard uses the provisioned Prometheus data source', () => {
    const dashboard = JSON.parse(
      readFileSync(join(infraDir, 'grafana', 'dashboards', 'mad-operations.json'), 'utf8'),
    ) as { uid: string; panels: Doc[] };
    expect(dashboard.uid).toBe('mad-operations');
    const queries = dashboard.panels.flatMap((panel) => (panel.targets ?? []) as Doc[]);
    expect(queries.length).toBeGreaterThan(20);
    const [datasources] = loadYaml(join(infraDir, 'grafana', 'provisioning', 'datasources', 'prometheus.yml'));
    expect(datasources!.datasources[0].url).toBe('http://prometheus:9090');
  });
});

function containerEnvValue(deploymentDoc: Doc, name: string): string {
  const container = (deploymentDoc.spec.template.spec.containers as Doc[])[0]!;
  return ((container.env ?? []) as Doc[]).find((variable) => variable.name === name)?.value as string;
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
