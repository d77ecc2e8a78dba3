// An isolated stack for one benchmark: a fresh database, a private nats-server, an in-process S3 server, and the
// platform's own processes from dist (server, worker, agents), so a run never touches anyone else's data or streams.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, migrateUp } from '@mad/db';
import {
  createTestDatabase,
  freePort,
  startTestNatsServer,
  startTestPostgres,
  startTestS3,
  type TestNatsServer,
  type TestPostgres,
  type TestS3,
} from '@mad/test-utils';
import type { Measurement } from './report.js';

export interface Entrypoints {
  server: string;
  worker: string;
  agent: string;
  cli: string;
}

export function entrypoints(repoRoot: string): Entrypoints {
  return {
    server: join(repoRoot, 'apps/server/dist/main.js'),
    worker: join(repoRoot, 'apps/server/dist/worker.js'),
    agent: join(repoRoot, 'agents/dock-agent/dist/main.js'),
    cli: join(repoRoot, 'apps/server/dist/cli.js'),
  };
}

export interface ManagedProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  logPath: string;
}

export interface StackOptions {
  repoRoot: string;
  /** How many agent processes to start: the real agent daemon from dist, or a script of the benchmark. */
  agents: number;
  /** Runs instead of the real agent (e.g. the zero-work agent), with the same environment. */
  agentScript?: string;
  /** Extra environment for every platform process (timers, batch sizes). */
  env?: Record<string, string>;
  /** Start the worker process (pg-boss, dispatcher, results consumer). */
  worker?: boolean;
  /** A Postgres cluster of the stack's own (restartable) instead of a database on the machine's Postgres. */
  privatePostgres?: boolean;
}

export interface Stack {
  baseUrl: string;
  databaseUrl: string;
  natsUrl: string;
  nats: TestNatsServer;
  /** With `privatePostgres`: the stack's own cluster. */
  postgres: TestPostgres | null;
  s3: TestS3;
  /** API token of the benchmark's organisation admin (null when the bootstrap CLI does not exist yet). */
  token: string | null;
  orgSlug: string;
  server: ManagedProcess;
  worker: ManagedProcess | null;
  agents: ManagedProcess[];
  logDir: string;
  /** Adds an agent process (for runs that scale agents up). */
  startAgent(): Promise<ManagedProcess>;
  stopAgents(): Promise<void>;
  stopWorker(): Promise<void>;
  /** SIGKILL of the server or the worker, then the same process started again (after `downMs`) with the same environment. */
  killAndRestart(name: 'server' | 'worker', downMs?: number): Promise<ManagedProcess>;
  /** SIGKILL of one agent process (it leaves `agents`). */
  killAgent(agent: ManagedProcess): Promise<void>;
  stop(): Promise<void>;
}

export class MissingPieceError extends Error {}

async function waitFor(
  description: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  exited?: () => string | null,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    const died = exited?.();
    if (died) throw new Error(`${description}: ${died}`);
    if (Date.now() > deadline) throw new Error(`${description}: not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function startProcess(name: string, script: string, env: Record<string, string>, logDir: string): ManagedProcess {
  const logPath = join(logDir, `${name}.log`);
  const log = createWriteStream(logPath);
  const child = spawn(
    process.execPath,
    [...(process.env.MAD_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), script],
    {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  if (child.pid === undefined) throw new Error(`cannot start ${name}`);
  return { name, pid: child.pid, child, logPath };
}

async function stopProcess(processToStop: ManagedProcess, timeoutMs = 10_000): Promise<void> {
  const { child } = processToStop;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

async function killProcess(processToKill: ManagedProcess): Promise<void> {
  const { child } = processToKill;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function exitReason(processToCheck: ManagedProcess): () => string | null {
  return () => {
    const { child } = processToCheck;
    return child.exitCode !== null || child.signalCode !== null
      ? `${processToCheck.name} exited (${child.exitCode ?? child.signalCode}); see ${processToCheck.logPath}`
      : null;
  };
}

/** The token the bootstrap CLI prints on its last line. */
export function lastLine(output: string): string {
  const lines = output.trim().split('\n');
  return (lines[lines.length - 1] ?? '').trim();
}

async function runCli(script: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`${script} ${args.join(' ')} exited ${code}: ${stderr.trim().slice(-500)}`)),
    );
  });
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const paths = entrypoints(options.repoRoot);
  if (!existsSync(paths.server)) throw new MissingPieceError(`${paths.server} is not built`);
  const logDir = await mkdtemp(join(tmpdir(), 'mad-bench-'));
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  };
  try {
    let postgres: TestPostgres | null = null;
    let databaseUrl: string;
    if (options.privatePostgres) {
      const cluster = await startTestPostgres();
      postgres = cluster;
      cleanups.push(() => cluster.stop());
      databaseUrl = await cluster.createDatabase('mad_bench');
    } else {
      const database = await createTestDatabase('mad_bench');
      // BENCH_KEEP_DATABASE=true: the database stays (its URL is printed) for EXPLAIN and timings by hand.
      if (process.env.BENCH_KEEP_DATABASE === 'true')
        cleanups.push(async () => console.error(`bench: database kept: ${database.url}`));
      else cleanups.push(() => database.drop());
      databaseUrl = database.url;
    }
    const migrator = createDatabase({ connectionString: databaseUrl, maxConnections: 2 });
    await migrateUp(migrator).finally(() => migrator.destroy());

    // s3rver keeps every object as files plus metadata files: in memory (tmpfs) when the machine has one, so the
    // benchmark measures the platform's requests rather than this disk (s3rver's data is thrown away anyway).
    const s3 = await startTestS3('mad-bench', existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
    cleanups.push(() => s3.stop());
    const nats: TestNatsServer = await startTestNatsServer();
    cleanups.push(() => nats.stop());

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const workDir = join(logDir, 'agent-work');
    await mkdir(workDir, { recursive: true });
    const env: Record<string, string> = {
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      NATS_URL: nats.url,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_REGION: s3.region,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseUrl,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      AGENT_WORK_DIR: workDir,
      ...options.env,
    };

    const orgSlug = 'bench';
    let token: string | null = null;
    if (existsSync(paths.cli))
      token = lastLine(await runCli(paths.cli, ['bootstrap', '--org', orgSlug, '--email', 'bench@example.org'], env));

    let server = startProcess('server', paths.server, env, logDir);
    cleanups.push(() => stopProcess(server));
    await waitFor('server /ready', async () => (await fetch(`${baseUrl}/ready`)).ok, 180_000, exitReason(server));

    let worker: ManagedProcess | null = null;
    if (options.worker !== false && existsSync(paths.worker)) {
      worker = startProcess('worker', paths.worker, env, logDir);
      cleanups.push(async () => {
        if (worker) await stopProcess(worker);
      });
    }
    const restarts = { server: 0, worker: 0 };
    const killAndRestart = async (name: 'server' | 'worker', downMs = 0) => {
      const victim = name === 'server' ? server : worker;
      if (!victim) throw new MissingPieceError(`the stack has no ${name}`);
      await killProcess(victim);
      await new Promise((r) => setTimeout(r, downMs));
      restarts[name] += 1;
      const started = startProcess(
        `${name}-${restarts[name] + 1}`,
        name === 'server' ? paths.server : paths.worker,
        env,
        logDir,
      );
      if (name === 'server') {
        server = started;
        await waitFor('server /ready', async () => (await fetch(`${baseUrl}/ready`)).ok, 180_000, exitReason(started));
      } else worker = started;
      return started;
    };

    const agents: ManagedProcess[] = [];
    const agentScript = options.agentScript ?? paths.agent;
    let agentsStarted = 0;
    const startAgent = async () => {
      if (!existsSync(agentScript)) throw new MissingPieceError(`${agentScript} is not built`);
      agentsStarted += 1;
      const agent = startProcess(
        `agent-${agentsStarted}`,
        agentScript,
        { ...env, AGENT_ID: `bench-agent-${agentsStarted}` },
        logDir,
      );
      agents.push(agent);
      return agent;
    };
    const stopAgents = async () => {
      await Promise.all(agents.splice(0).map((agent) => stopProcess(agent)));
    };
    cleanups.push(stopAgents);
    for (let i = 0; i < options.agents; i++) await startAgent();

    return {
      baseUrl,
      databaseUrl,
      natsUrl: nats.url,
      nats,
      postgres,
      s3,
      token,
      orgSlug,
      get server() {
        return server;
      },
      get worker() {
        return worker;
      },
      agents,
      logDir,
      startAgent,
      stopAgents,
      stopWorker: async () => {
        if (worker) await stopProcess(worker);
      },
      killAndRestart,
      async killAgent(agent) {
        agents.splice(agents.indexOf(agent), 1);
        await killProcess(agent);
      },
      async stop() {
        await cleanup();
        // BENCH_KEEP_LOGS=true: the processes' logs stay for inspection (the path is printed).
        if (process.env.BENCH_KEEP_LOGS === 'true') console.error(`bench: logs kept in ${logDir}`);
        else await rm(logDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await cleanup();
    const logs = await readdir(logDir).catch(() => [] as string[]);
    const tails = await Promise.all(
      logs
        .filter((f) => f.endsWith('.log'))
        .map(
          async (f) => `${f}: ${(await readFile(join(logDir, f), 'utf8')).trim().split('\n').slice(-5).join(' | ')}`,
        ),
    );
    await rm(logDir, { recursive: true, force: true });
    if (error instanceof MissingPieceError) throw error;
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}${tails.length ? `\n${tails.join('\n')}` : ''}`,
      { cause: error },
    );
  }
}

/** The last lines of a process's log, for error messages. */
/** A process's resident memory in bytes: before the work, the highest while it ran, and once it had stopped. */
export interface RssReading {
  before: number;
  peak: number;
  after: number;
}

export interface RssWatch {
  /** Stops sampling and answers before, peak, and after: the lowest RSS over `settleMs` once the work has stopped. */
  stop(settleMs?: number): Promise<RssReading>;
}

/** "166 → 294 → 294 MiB (before, peak, after)": the log line of every section that watches the server. */
export function describeRss(rss: RssReading): string {
  return `${[rss.before, rss.peak, rss.after].map((b) => Math.round(b / 2 ** 20)).join(' → ')} MiB (before, peak, after)`;
}

/** The report's rows of a server RSS reading (issue 13: the soak and load benchmarks report before, peak, after). */
export function serverRssMeasurements(rss: RssReading, note?: string): Measurement[] {
  return (['before', 'peak', 'after'] as const).map((when) => ({
    metric: `server RSS ${when}`,
    value: rss[when] / 2 ** 20,
    unit: 'MiB',
    ...(note ? { note } : {}),
  }));
}

/** Resident memory of a process (/proc/<pid>/status VmRSS), in bytes. */
export async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** Samples a process's RSS every 200 ms from now (the pid asked each time: a restarted server is followed). */
export async function watchRss(pid: () => number): Promise<RssWatch> {
  const sample = () => rssBytes(pid()).catch(() => 0);
  const before = await sample();
  let peak = before;
  const timer = setInterval(() => {
    void sample().then((rss) => {
      peak = Math.max(peak, rss);
    });
  }, 200);
  return {
    async stop(settleMs = 10_000) {
      clearInterval(timer);
      let after = Number.POSITIVE_INFINITY;
      for (let waited = 0; waited < settleMs; waited += 500) {
        await new Promise((done) => setTimeout(done, 500));
        const rss = await sample();
        if (rss > 0) after = Math.min(after, rss);
      }
      return { before, peak: Math.max(peak, after), after };
    },
  };
}

export async function logTail(processToRead: ManagedProcess, lines = 20): Promise<string> {
  const text = await readFile(processToRead.logPath, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-lines).join('\n');
}
