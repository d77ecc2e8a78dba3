// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- s3rver ships no types; the declaration sits beside this file
/// <reference path="./s3rver.d.ts" />
// Isolation for integration tests: every test file gets a database, a bucket and NATS names of its own, on the
// machine's Postgres and NATS (TEST_DATABASE_URL, TEST_NATS_URL) and an in-process S3 server (s3rver).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type AddressInfo } from 'node:net';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import S3rver from 's3rver';

export const testEnv = {
  // The base connection: a database server where the test user may CREATE DATABASE.
  databaseUrl: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  natsUrl: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
};

/** ../shared/data, the real structures and engine outputs the tests read. */
export const sharedDataDir =
  process.env.SHARED_DATA_DIR ?? resolve(fileURLToPath(new URL('../../../../shared/data/', import.meta.url)));

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/**
 * Flags for Debian's headless Chromium on these machines (run as root, closed network): without the
 * background-networking flags its connections are refused many at a time, and it looks up Google's hosts at start.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the test server; drop() removes it (and ends its connections). */
export async function createTestDatabase(prefix = 'mad_test'): Promise<TestDatabase> {
  const name = uniqueName(prefix).toLowerCase();
  const admin = new pg.Client({ connectionString: testEnv.databaseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(testEnv.databaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: testEnv.databaseUrl });
      await client.connect();
      try {
        // Let the test's own pools finish closing first (pg-pool's end() resolves before its sockets close): FORCE
        // terminates sessions still ending, and a pg client that receives "terminating connection due to administrator command" while it ends is an unhandled error in the
        // test run (seen in CI). Past 10 s, sessions still open are terminated anyway.
        for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
          const { rows } = await client.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
            [name],
          );
          if (rows[0]?.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

export interface TestS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  stop(): Promise<void>;
  /** Closes the server (the bucket unreachable: connections refused) and starts it again on the same port and folder. */
  restart(options?: { downMs?: number }): Promise<void>;
}

/** Sees every request before s3rver: calls next() to pass it on, or answers itself (@mad/storage's sigV4Guard). */
export type S3Gate = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface TestS3Options {
  /** In front of s3rver, as scripts/s3rver.mjs puts the signature check (sigV4Guard); none by default. */
  gate?: S3Gate;
  /** The secret the gate checks signatures with (s3rver itself accepts any); default S3RVER. */
  secretAccessKey?: string;
}

/** Starts s3rver on a free port with a temporary folder (under `parentDir`, default the OS temp folder) and one bucket. */
export async function startTestS3(
  bucket = 'mad-test',
  parentDir = tmpdir(),
  options: TestS3Options = {},
): Promise<TestS3> {
  const directory = await mkdtemp(join(parentDir, 'mad-s3-'));
  const port = await freePort();
  // Returns how to stop what it started (the gate's own http server, or s3rver's), connections in flight included.
  const launch = async (): Promise<() => Promise<void>> => {
    const server = new S3rver({
      address: '127.0.0.1',
      port,
      silent: true,
      directory,
      configureBuckets: [{ name: bucket, configs: [] }],
    });
    if (options.gate) {
      const gate = options.gate;
      await server.configureBuckets();
      const handle = server.callback();
      const http = createHttpServer((req, res) => gate(req, res, () => handle(req, res)));
      await new Promise<void>((resolveListen) => http.listen(port, '127.0.0.1', () => resolveListen()));
      return () =>
        new Promise<void>((resolveClose) => {
          http.closeAllConnections();
          http.close(() => resolveClose());
        });
    }
    await server.run();
    return async () => {
      const closed = server.close();
      server.httpServer?.closeAllConnections();
      await closed;
    };
  };
  let stopServer = await launch();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId: 'S3RVER',
    secretAccessKey: options.secretAccessKey ?? 'S3RVER',
    region: 'us-east-1',
    async stop() {
      await stopServer();
      await rm(directory, { recursive: true, force: true });
    },
    async restart(restartOptions = {}) {
      // Abruptly, like a store that goes away: requests in flight lose their connections too.
      await stopServer();
      await new Promise((r) => setTimeout(r, restartOptions.downMs ?? 500));
      stopServer = await launch();
    },
  };
}

/** A TCP port on which nothing listens, for "dependency down" tests. */
export async function closedPort(): Promise<number> {
  return freePort();
}

export interface TestNatsServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Kills the server (SIGKILL) and starts it again on the same port with the same JetStream store. */
  restart(options?: { downMs?: number }): Promise<void>;
}

export interface TestNatsServerOptions {
  /** A nats-server configuration file (e.g. infra/nats-server.conf); its JetStream store is NATS_STORE_DIR. */
  config?: string;
  /** Extra environment for the server (variables the configuration file reads). */
  env?: Record<string, string>;
}

/** Runs a private nats-server with JetStream (for tests that stop or restart NATS, or need a given configuration). */
export async function startTestNatsServer(options: TestNatsServerOptions = {}): Promise<TestNatsServer> {
  const { spawn } = await import('node:child_process');
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'mad-nats-'));
  const binary =
    (process.env.NATS_SERVER_BIN ?? (await import('node:fs')).existsSync('/usr/sbin/nats-server'))
      ? '/usr/sbin/nats-server'
      : 'nats-server';
  const { connect } = await import('node:net');
  const launch = async () => {
    const args = options.config
      ? ['-c', options.config, '-a', '127.0.0.1', '-p', String(port)]
      : ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir];
    const env = { PATH: process.env.PATH ?? '', NATS_STORE_DIR: storeDir, ...options.env };
    const child = spawn(binary, args, { stdio: 'ignore', env });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const up = await new Promise<boolean>((res) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.destroy();
          res(true);
        });
        socket.on('error', () => res(false));
      });
      if (up) return child;
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`nats-server${options.config ? ` -c ${options.config}` : ''} did not start on port ${port}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const kill = async (child: Awaited<ReturnType<typeof launch>>) => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
  };
  let child = await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    async stop() {
      await kill(child);
      await rm(storeDir, { recursive: true, force: true });
    },
    async restart(options = {}) {
      await kill(child);
      await new Promise((r) => setTimeout(r, options.downMs ?? 500));
      child = await launch();
    },
  };
}

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication). */
  url: string;
  port: number;
  dataDir: string;
  /** Creates a database in this cluster and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /**
   * Stops the cluster with `pg_ctl stop -m immediate` (every backend dropped at once without a checkpoint, as when the
   * server crashes: the next start replays the WAL) and starts it again on the same port after `downMs`.
   */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A private Postgres cluster (initdb in a temporary folder, a free port), for tests that stop or restart the database
 * under a running platform. Postgres refuses to run as root: then its programs run as the postgres user.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const { spawnSync } = await import('node:child_process');
  const { chmodSync, chownSync, readdirSync } = await import('node:fs');
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(a) - Number(b));
  if (!versions.length) throw new Error('PostgreSQL is not installed (/usr/lib/postgresql/<version>/bin)');
  const bin = `/usr/lib/postgresql/${versions.at(-1)}/bin`;
  const asRoot = process.getuid?.() === 0;
  const run = (program: string, args: string[]) => {
    const [command, ...rest] = asRoot
      ? ['runuser', '-u', 'postgres', '--', join(bin, program), ...args]
      : [join(bin, program), ...args];
    const result = spawnSync(command, rest, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  };
  const root = await mkdtemp(join(tmpdir(), 'mad-pg-'));
  chmodSync(root, 0o755);
  const dataDir = join(root, 'data');
  const logFile = join(root, 'postgres.log');
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout);
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout);
    chownSync(root, uid, gid);
  }
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-instructions']);
  const port = await freePort();
  // fsync off: the machine does not crash in these tests, only Postgres does (WAL written before each commit returns).
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () => run('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
  const stop = (mode: 'fast' | 'immediate') => run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    dataDir,
    async createDatabase(name) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
      } finally {
        await admin.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async restart(restartOptions = {}) {
      stop('immediate');
      await new Promise((r) => setTimeout(r, restartOptions.downMs ?? 500));
      start();
    },
    async stop() {
      try {
        stop('immediate');
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}
export * from './table-digest.js';
export * from './structures.js';
