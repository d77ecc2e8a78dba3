// Integration-test stack for jobs: a fresh database, s3rver, a private nats-server, the HTTP server (REST + tRPC),
// the worker (pg-boss, dispatcher, results consumer) and in-process agents running the real engines.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { pino } from 'pino';
import { createDatabase, migrateUp, type Database } from '@mad/db';
import { parseEnv } from '@mad/env';
import { createOrganization, ensureUser, issueApiToken, roleByName, setMemberRole } from '@mad/auth';
import { createStorage, moleculeObjectKey, type Storage } from '@mad/storage';
import { openNats, type NatsHandle } from '@mad/protocol';
import { agentMetrics, createRegistry, type AgentMetrics } from '@mad/telemetry';
import {
  DockAgent,
  agentEnvSchema,
  detectCapabilities,
  dockBatch,
  natsAuthOf,
  type AgentConfig,
  type Capabilities,
} from '@mad/dock-agent';
import {
  createTestDatabase,
  startTestNatsServer,
  startTestS3,
  uniqueName,
  type TestDatabase,
  type TestNatsServer,
  type TestS3,
} from '@mad/test-utils';
import { createRuntime, type Runtime } from '../src/services.js';
import { createApp } from '../src/app.js';
import { answerClientErrors } from '../src/http/client-errors.js';
import { workerEnvSchema } from '../src/jobs/env.js';
import { startWorker, type WorkerRuntime } from '../src/jobs/runtime.js';

const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export interface InProcessAgent {
  agent: DockAgent;
  nats: NatsHandle;
  /** The agent's own registry's metrics (what its AGENT_METRICS_PORT would serve). */
  metrics: AgentMetrics;
  /** Its AGENT_WORK_DIR (absolute): what no log served to users may name. */
  workDir: string;
  stop(graceMs?: number): Promise<void>;
}

export interface JobsStack {
  url: string;
  token: string;
  org: { id: string; resultsSchema: string };
  db: Database;
  storage: Storage;
  nats: TestNatsServer;
  /** With `natsUsers`: the users of infra/nats-server.conf the server side and the agents connect as. */
  natsUsers: { server: NatsUser; agent: NatsUser } | null;
  s3: TestS3;
  database: TestDatabase;
  workerEnv: Record<string, string>;
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  addMolecule(kind: 'receptor' | 'ligand', path: string, format: 'pdb' | 'pdbqt' | 'sdf' | 'mol2'): Promise<string>;
  /** With `publicS3Proxy`: the proxy at S3_PUBLIC_ENDPOINT and what went through it. */
  publicS3: PublicS3Proxy | null;
  startAgent(overrides?: Record<string, string>): Promise<InProcessAgent>;
  /** The real daemon (agents/dock-agent/dist/main.js, built by `pnpm build`) as a child process. */
  spawnAgent(overrides?: Record<string, string>): Promise<{ agentId: string; child: ChildProcess }>;
  restartWorker(overrides?: Record<string, string>): Promise<void>;
  /** The server's metrics registry (what its /metrics serves). */
  serverMetrics: Runtime['metrics']['registry'];
  /** The running worker (its metrics, and its METRICS_PORT endpoint when the overrides set one). */
  worker(): WorkerRuntime;
  close(): Promise<void>;
}

let capabilities: Promise<Capabilities> | null = null;

export interface NatsUser {
  user: string;
  pass: string;
}

export interface JobsStackOptions {
  /**
   * Run nats-server with infra/nats-server.conf (its `server` and `agent` users and their permissions) instead of an
   * open one: the HTTP server and the worker connect as `server`, every agent as `agent`.
   */
  natsUsers?: boolean;
  /**
   * Reuse stored results (the result cache, JOBS.md). Off by default here (CACHE_TTL_DAYS=0), so tests that submit
   * the same inputs more than once dock each time as they were written to; the result-cache tests turn it on.
   */
  resultCache?: boolean;
  /** Environment of the HTTP server beyond the stack's own (the worker gets the first argument's). */
  serverOverrides?: Record<string, string>;
  /**
   * Put a reverse proxy in front of the object store and give its address as S3_PUBLIC_ENDPOINT (server and worker),
   * as a deployment whose users and agents reach the store at another address than the server does: every presigned
   * link must go through it (`publicS3.seen`), while the server's own calls go to S3_ENDPOINT.
   */
  publicS3Proxy?: boolean;
}

/** A reverse proxy in front of the object store: forwards everything (Host kept, so signatures hold) and records it. */
export interface PublicS3Proxy {
  url: string;
  seen: { method: string; path: string }[];
}

async function startS3Proxy(target: string): Promise<PublicS3Proxy & { close(): Promise<void> }> {
  const seen: PublicS3Proxy['seen'] = [];
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '' });
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    // localhost, not 127.0.0.1: another host name than S3_ENDPOINT's, as a public address is.
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function startJobsStack(
  workerOverrides: Record<string, string> = {},
  options: JobsStackOptions = {},
): Promise<JobsStack> {
  const natsUsers = options.natsUsers
    ? {
        server: { user: 'server', pass: `s${randomUUID().replace(/-/g, '')}` },
        agent: { user: 'agent', pass: `a${randomUUID().replace(/-/g, '')}` },
      }
    : null;
  const [database, s3, nats] = await Promise.all([
    createTestDatabase('mad_jobs'),
    startTestS3(),
    natsUsers ? startInfraNatsServer(natsUsers) : startTestNatsServer(),
  ]);
  const agentAuth: Record<string, string> = natsUsers
    ? { NATS_USER: natsUsers.agent.user, NATS_PASSWORD: natsUsers.agent.pass }
    : {};
  const db = createDatabase({ connectionString: database.url, maxConnections: 5 });
  await migrateUp(db);
  const org = await createOrganization(db, {
    slug: uniqueName('lab').toLowerCase().replace(/_/g, '-').slice(0, 40),
    name: 'Docking lab',
  });
  const user = await ensureUser(db, 'chemist@example.org');
  const scientist = await roleByName(db, 'scientist');
  await setMemberRole(db, org.id, user.id, scientist.id);
  const token = await issueApiToken(db, {
    orgId: org.id,
    userId: user.id,
    roleId: scientist.id,
    name: 'jobs tests',
    expiresAt: null,
  });

  const publicS3 = options.publicS3Proxy ? await startS3Proxy(s3.endpoint) : null;
  const baseEnv = {
    ...(publicS3 ? { S3_PUBLIC_ENDPOINT: publicS3.url } : {}),
    DATABASE_URL: database.url,
    NATS_URL: nats.url,
    ...(natsUsers ? { NATS_USER: natsUsers.server.user, NATS_PASSWORD: natsUsers.server.pass } : {}),
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SESSION_SECRET: 'x'.repeat(40),
    CACHE_TTL_DAYS: options.resultCache ? '30' : '0',
  };
  const storage = createStorage({
    endpoint: s3.endpoint,
    region: s3.region,
    bucket: s3.bucket,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
  });

  const serverEnv = parseEnv(workerEnvSchema, { ...baseEnv, ...options.serverOverrides });
  const runtime: Runtime = createRuntime(serverEnv, silent);
  const app = createApp({
    services: runtime.services,
    log: silent,
    readinessChecks: runtime.readinessChecks,
    readyTimeoutMs: 2_000,
    authenticate: runtime.auth.authenticate,
    authRouter: runtime.auth.router,
    metrics: { registry: runtime.metrics.registry, http: runtime.metrics.http },
  });
  const server = await new Promise<Server>((resolve) => {
    const s = answerClientErrors(app.listen(0, '127.0.0.1', () => resolve(s)));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const workerEnv = { ...baseEnv, ...workerOverrides };
  let worker: WorkerRuntime = await startWorker(parseEnv(workerEnvSchema, workerEnv), silent);
  const agents = new Set<InProcessAgent>();
  const workDirs: string[] = [];
  const children = new Set<ChildProcess>();

  const stack: JobsStack = {
    url,
    token: token.secret,
    serverMetrics: runtime.metrics.registry,
    org: { id: org.id, resultsSchema: org.resultsSchema },
    db,
    storage,
    nats,
    natsUsers,
    s3,
    publicS3: publicS3 ? { url: publicS3.url, seen: publicS3.seen } : null,
    database,
    workerEnv,
    api(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token.secret}`);
      if (init.json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${url}${path}`, {
        ...init,
        headers,
        redirect: 'manual',
        ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
      });
    },
    async addMolecule(kind, path, format) {
      const bytes = await readFile(path);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const key = moleculeObjectKey(org.id, sha256, basename(path));
      await storage.putObject(key, bytes, 'chemical/x-' + format);
      const artifact = await db
        .insertInto('artifacts')
        .values({
          org_id: org.id,
          s3_key: key,
          file_name: basename(path),
          media_type: 'chemical/x-' + format,
          format,
          size_bytes: bytes.length,
          sha256,
          created_by: user.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const molecule = await db
        .insertInto('molecules')
        .values({
          id: randomUUID(),
          org_id: org.id,
          kind,
          name: basename(path),
          source_format: format,
          content_sha256: sha256,
          artifact_id: artifact.id,
          created_by: user.id,
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      return molecule.id;
    },
    async startAgent(overrides = {}) {
      const workDir = await mkdtemp(join(tmpdir(), 'mad-agent-test-'));
      workDirs.push(workDir);
      const config: AgentConfig = parseEnv(agentEnvSchema, {
        NATS_URL: nats.url,
        ...agentAuth,
        AGENT_ID: uniqueName('agent'),
        AGENT_WORK_DIR: workDir,
        AGENT_HEARTBEAT_MS: '1000',
        LOG_LEVEL: 'silent',
        ...overrides,
      });
      capabilities ??= detectCapabilities();
      const handle = openNats({ servers: nats.url, name: config.AGENT_ID, ...natsAuthOf(config) });
      const metrics = agentMetrics(createRegistry({ processMetrics: false }));
      const agent = new DockAgent({
        metrics,
        config,
        nats: () => handle.ready,
        capabilities: await capabilities,
        engines: ['vina'],
        dockBatch,
        log: silent,
      });
      agent.start();
      const entry: InProcessAgent = {
        agent,
        nats: handle,
        metrics,
        workDir,
        async stop(graceMs?: number) {
          agents.delete(entry);
          await agent.stop(graceMs);
          await handle.close();
        },
      };
      agents.add(entry);
      return entry;
    },
    async spawnAgent(overrides = {}) {
      const main = fileURLToPath(new URL('../../../agents/dock-agent/dist/main.js', import.meta.url));
      if (!existsSync(main)) throw new Error(`${main} is missing: run pnpm build first`);
      const workDir = await mkdtemp(join(tmpdir(), 'mad-agent-proc-'));
      workDirs.push(workDir);
      const agentId = uniqueName('proc-agent');
      const child = spawn(process.execPath, [main], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NATS_URL: nats.url,
          ...agentAuth,
          AGENT_ID: agentId,
          AGENT_WORK_DIR: workDir,
          AGENT_HEARTBEAT_MS: '1000',
          AGENT_ENGINES: 'vina',
          LOG_LEVEL: 'warn',
          ...overrides,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.add(child);
      child.once('exit', () => children.delete(child));
      return { agentId, child };
    },
    worker: () => worker,
    async restartWorker(overrides = {}) {
      await worker.close();
      Object.assign(workerEnv, overrides);
      worker = await startWorker(parseEnv(workerEnvSchema, workerEnv), silent);
    },
    async close() {
      for (const child of children) child.kill('SIGKILL');
      for (const agent of [...agents]) await agent.stop(0).catch(() => undefined);
      await worker.close().catch(() => undefined);
      server.closeAllConnections();
      server.close();
      await runtime.close().catch(() => undefined);
      storage.destroy();
      await db.destroy();
      await publicS3?.close();
      await Promise.all([
        database.drop(),
        s3.stop(),
        nats.stop(),
        ...workDirs.map((d) => rm(d, { recursive: true, force: true })),
      ]);
    },
  };
  return stack;
}

/** nats-server with the production configuration (infra/nats-server.conf: JetStream, the two users and their rights). */
async function startInfraNatsServer(users: { server: NatsUser; agent: NatsUser }): Promise<TestNatsServer> {
  const config = fileURLToPath(new URL('../../../infra/nats-server.conf', import.meta.url));
  return startTestNatsServer({
    config,
    env: { NATS_SERVER_PASSWORD: users.server.pass, NATS_AGENT_PASSWORD: users.agent.pass },
  });
}

export interface StatusBody {
  status: string;
  progress: number;
  tasks: Record<string, number>;
  ligands: Record<string, number>;
  error: string | null;
}

export async function waitForStatus(
  stack: JobsStack,
  jobId: string,
  accept: (status: StatusBody) => boolean,
  timeoutMs = 240_000,
): Promise<StatusBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await stack.api(`/api/v1/jobs/${jobId}/status`);
    const body = (await response.json()) as StatusBody;
    if (accept(body)) return body;
    if (Date.now() > deadline)
      throw new Error(`job ${jobId} never reached the expected state; last: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export const isFinal = (status: StatusBody) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(status.status);

export interface EventBody {
  id: number;
  kind: string;
  agentId: string | null;
  taskId: string | null;
  message: string | null;
}

export async function jobEvents(stack: JobsStack, jobId: string): Promise<EventBody[]> {
  const events: EventBody[] = [];
  for (let afterId = 0; ;) {
    const page = (await (await stack.api(`/api/v1/jobs/${jobId}/events?afterId=${afterId}&limit=1000`)).json()) as {
      events: EventBody[];
      nextAfterId: number;
    };
    events.push(...page.events);
    if (page.events.length < 1000) return events;
    afterId = page.nextAfterId;
  }
}

export async function waitForEvent(
  stack: JobsStack,
  jobId: string,
  accept: (event: EventBody) => boolean,
  timeoutMs = 120_000,
): Promise<EventBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await jobEvents(stack, jobId)).find(accept);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`job ${jobId}: the expected event never came`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** A counter's value for exactly these labels (0 when the series does not exist), e.g. of stack.worker().metrics. */
export async function counterValue(
  metric: { get(): Promise<{ values: { labels: object; value: number }[] }> },
  labels: Record<string, string>,
): Promise<number> {
  const wanted = Object.entries(labels);
  const found = (await metric.get()).values.find(
    (sample) =>
      Object.keys(sample.labels).length === wanted.length &&
      wanted.every(([key, value]) => (sample.labels as Record<string, unknown>)[key] === value),
  );
  return found?.value ?? 0;
}
