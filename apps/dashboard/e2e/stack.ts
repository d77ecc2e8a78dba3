// The whole platform for browser tests: `node scripts/start.mjs` (build, migrations, bootstrap of the demo
// organisation with dev@example.org, server, worker, agent) with a temporary data folder, free ports, its own NATS
// and S3, and a fresh database on the machine's Postgres. stop() ends everything it started.
// E2E_SKIP_BUILD=true (the package's test script, which turbo runs after building the dashboard, the server and the
// agent: they are its dependencies) starts it with --skip-build: each file's stack then skips a turbo build that
// would find nothing to do; `npx vitest run --project e2e` still builds first.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, freePort, type TestDatabase } from '@mad/test-utils';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface Stack {
  url: string;
  /** Runs the operator CLI (apps/server/dist/cli.js) against the stack's database. */
  cli: (args: string[]) => string;
  /** Runs one SQL statement with psql against the stack's database (fixtures the CLI has no command for). */
  sql: (statement: string) => string;
  dataDir: string;
  /** The stack's NATS and the agent user's credentials (secrets.json of the data folder): to add an agent, or to
   * report as one. */
  nats: () => Promise<{ url: string; user: string; password: string }>;
  output: () => string;
  logOf: (process: 'server' | 'worker' | 'agent') => Promise<string>;
  stop: () => Promise<void>;
}

/**
 * E2E_STACK_URL=http://… reuses a stack that is already running (while developing the tests); stop() leaves it, and
 * `env` (the server's settings of this file, such as a quota) is then whatever that stack was started with.
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const existing = process.env.E2E_STACK_URL;
  if (existing) {
    const databaseUrl = process.env.E2E_DATABASE_URL;
    if (!databaseUrl)
      throw new Error("E2E_STACK_URL needs E2E_DATABASE_URL (the stack's database) for the operator CLI");
    const dataDir = process.env.E2E_DATA_DIR ?? '';
    const natsUrl = process.env.E2E_NATS_URL ?? '';
    return {
      url: existing.replace(/\/$/, ''),
      cli: (args) => runCli(databaseUrl, args),
      sql: (statement) => runSql(databaseUrl, statement),
      dataDir,
      nats: () => natsOf(natsUrl, dataDir),
      output: () => '',
      logOf: async () => '',
      stop: async () => undefined,
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'mad-e2e-'));
  const database: TestDatabase = await createTestDatabase('mad_e2e');
  const [port, natsPort, s3Port] = [await freePort(), await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const startArgs = [
    join(repoRoot, 'scripts', 'start.mjs'),
    ...(process.env.E2E_SKIP_BUILD === 'true' ? ['--skip-build'] : []),
  ];
  const child: ChildProcess = spawn(process.execPath, startArgs, {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: url,
      NATS_PORT: String(natsPort),
      S3_PORT: String(s3Port),
      DATABASE_URL: database.url,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 40_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await database.drop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  };

  // The build inside start.mjs can take minutes on a busy machine; the banner says when everything answers.
  const deadline = Date.now() + 480_000;
  while (!output.includes('is running')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the stack did not start:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    cli: (args) => runCli(database.url, args),
    sql: (statement) => runSql(database.url, statement),
    dataDir,
    nats: () => natsOf(`nats://127.0.0.1:${natsPort}`, dataDir),
    output: () => output,
    logOf: (name) => readFile(join(dataDir, 'logs', `${name}.log`), 'utf8').catch(() => ''),
    stop,
  };
}

async function natsOf(url: string, dataDir: string) {
  if (!url || !dataDir)
    throw new Error('a reused stack needs E2E_NATS_URL and E2E_DATA_DIR (its data folder) for NATS');
  const secrets = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8')) as { natsAgentPassword: string };
  return { url, user: 'agent', password: secrets.natsAgentPassword };
}

function runCli(databaseUrl: string, args: string[]): string {
  const result = spawnSync(process.execPath, [join(repoRoot, 'apps', 'server', 'dist', 'cli.js'), ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

function runSql(databaseUrl: string, statement: string): string {
  const result = spawnSync('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-tAc', statement], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  return result.stdout.trim();
}
