#!/usr/bin/env node
// `npm start`: installs what is missing, builds, and runs the whole platform on one machine with all state in one
// data folder (.data/, or DATA_DIR): Postgres, NATS JetStream and S3 (each unless DATABASE_URL / NATS_URL /
// S3_ENDPOINT point elsewhere), migrations, the server, the worker and one agent (these three restarted with backoff
// when they exit on their own). Ctrl-C stops all it started.
//   node scripts/start.mjs [--skip-build]
// Plain Node 20, no dependencies (it runs before anything is built).
/* global AbortSignal */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureSetup, findExecutable, postgresBinDir, repoRoot, SetupError } from './setup.mjs';
import { asRoot, EmbeddedError, freePort, initCluster, portInUse, runPostgresTool, startCluster } from './embedded.mjs';

// ── Configuration (start.mjs's own variables; the processes it starts parse theirs) ─────────────────────────────

function portFrom(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`start: ${name}="${raw}" is not a TCP port (1-65535)`);
    process.exit(1);
  }
  return port;
}

const config = {
  dataDir: resolve(process.env.DATA_DIR || join(repoRoot, '.data')),
  port: portFrom('PORT', 8080),
  postgresPort: portFrom('POSTGRES_PORT', 55432),
  natsPort: portFrom('NATS_PORT', 54222),
  s3Port: portFrom('S3_PORT', 54569),
  // Metrics of the worker and the agent (the server's are on PORT/metrics), and the Prometheus scraping all three.
  workerMetricsPort: portFrom('METRICS_PORT', 59464),
  agentMetricsPort: portFrom('AGENT_METRICS_PORT', 59465),
  prometheusPort: portFrom('PROMETHEUS_PORT', 59090),
  databaseUrl: process.env.DATABASE_URL || null,
  natsUrl: process.env.NATS_URL || null,
  s3Endpoint: process.env.S3_ENDPOINT || null,
  bucket: process.env.S3_BUCKET || 'mad-artifacts',
  skipBuild: process.argv.includes('--skip-build'),
};
const publicUrl = (process.env.PUBLIC_URL || `http://localhost:${config.port}`).replace(/\/$/, '');
const paths = {
  lock: join(config.dataDir, 'start.json'),
  secrets: join(config.dataDir, 'secrets.json'),
  logs: join(config.dataDir, 'logs'),
  postgres: join(config.dataDir, 'postgres'),
  nats: join(config.dataDir, 'nats'),
  s3: join(config.dataDir, 's3'),
  agent: join(config.dataDir, 'agent'),
  bootstrapped: join(config.dataDir, 'bootstrapped'),
  prometheus: join(config.dataDir, 'prometheus'),
};
const node = process.execPath;

function say(message) {
  console.log(`start: ${message}`);
}

/** A problem the user can act on: printed without a stack; everything started so far is stopped. */
class StartError extends Error {}

function fail(message) {
  throw new StartError(message);
}

// ── Small helpers ────────────────────────────────────────────────────────────────────────────────────────────────

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** `port` when it is free; otherwise, for a default (not asked for by a variable), any free port. */
async function portOrFree(port, variable) {
  if (!(await portInUse(port))) return port;
  if (process.env[variable]) fail(`port ${port} (${variable}) is taken by another process`);
  return freePort();
}

async function waitFor(what, test, timeoutMs, watched = []) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await test()) return;
    const dead = watched.find((child) => child.exitCode !== null || child.signalCode !== null);
    if (dead)
      throw new Error(
        `${dead.name} exited while waiting for ${what} (${dead.exitCode ?? dead.signalCode}); see ${dead.logFile}`,
      );
    if (Date.now() > deadline) throw new Error(`${what} not up after ${Math.round(timeoutMs / 1000)} s`);
    await sleep(250);
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function tail(file, lines = 15) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ── The lock: one start per data folder ─────────────────────────────────────────────────────────────────────────

const lock = {
  pid: process.pid,
  url: publicUrl,
  port: config.port,
  dataDir: config.dataDir,
  startedAt: new Date().toISOString(),
  children: [],
  postgres: null,
  s3: null,
};

/** Rewrites start.json whole (a temporary file renamed over it): `npm run backup` and status readers never see it half written. */
function writeLock() {
  const next = `${paths.lock}.${process.pid}.tmp`;
  writeFileSync(next, `${JSON.stringify(lock, null, 2)}\n`);
  renameSync(next, paths.lock);
}

/** Says where the running instance is and exits, or cleans what a killed run left behind. */
function checkNotRunning() {
  const previous = readJson(paths.lock);
  if (!previous) return;
  if (isAlive(previous.pid) && commandLineOf(previous.pid).includes('start.mjs')) {
    console.log(
      `start: already running at ${previous.url} (pid ${previous.pid}, data folder ${previous.dataDir}); nothing changed.`,
    );
    console.log(`start: stop it with Ctrl-C in its terminal or: kill ${previous.pid}`);
    process.exit(1);
  }
  // The previous start was killed without cleaning up: stop the processes it left running.
  for (const child of previous.children ?? []) {
    if (isAlive(child.pid) && commandLineOf(child.pid).includes(child.marker)) {
      say(`stopping ${child.name} (pid ${child.pid}) left running by a previous start`);
      killGroup(child.pid, 'SIGKILL');
    }
  }
  rmSync(paths.lock, { force: true });
}

function commandLineOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal); // children run in their own process group (detached)
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

// ── Secrets kept in the data folder (generated once, so sessions survive restarts) ──────────────────────────────

// nats-server parses an environment variable's value as configuration: a password that starts with a digit or '-'
// breaks the file. Letters and hex digits, starting with a letter, are always read as a plain string.
const natsPassword = () => `p${randomBytes(20).toString('hex')}`;
const isSafeNatsPassword = (value) => typeof value === 'string' && /^[A-Za-z][A-Za-z0-9]{15,}$/.test(value);

function loadSecrets() {
  const existing = readJson(paths.secrets) ?? {};
  const secrets = {
    sessionSecret: existing.sessionSecret ?? randomBytes(32).toString('base64url'),
    natsServerPassword: isSafeNatsPassword(existing.natsServerPassword) ? existing.natsServerPassword : natsPassword(),
    natsAgentPassword: isSafeNatsPassword(existing.natsAgentPassword) ? existing.natsAgentPassword : natsPassword(),
    // The embedded object store's secret (access key id S3RVER): scripts/s3rver.mjs refuses requests not signed with it.
    s3SecretAccessKey: existing.s3SecretAccessKey ?? randomBytes(24).toString('base64url'),
  };
  writeFileSync(paths.secrets, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

// ── Children: logs in .data/logs/<name>.log, a short prefixed summary on the console ────────────────────────────

const children = [];
let startingUp = true;
/** sysexits EX_CONFIG: the server, worker and agent exit with it on a configuration they refuse; restarting is futile. */
const EX_CONFIG = 78;

// Warnings that are expected on a developer machine (plaintext NATS passwords in the local config, Node 20 notices).
const knownNoise = /Plaintext passwords detected|NodeVersionSupportWarning|--trace-warnings/;

/** True for the lines worth showing on the console: warnings and errors always, start-up news while starting. */
function worthShowing(line) {
  if (knownNoise.test(line)) return false;
  try {
    const entry = JSON.parse(line);
    if (typeof entry.level === 'number') return entry.level >= 40 || (startingUp && entry.level >= 30 && !entry.req);
  } catch {
    // not a JSON log line
  }
  return /\b(error|fatal|panic|warn(ing)?)\b/i.test(line) || /\[(ERR|FTL|WRN)\]/.test(line);
}

function summarise(name, line) {
  let text = line;
  try {
    const entry = JSON.parse(line);
    if (entry.msg) text = [entry.msg, entry.event, entry.detail, entry.err?.message].filter(Boolean).join(': ');
  } catch {
    // keep the raw line
  }
  console.log(`[${name}] ${text.slice(0, 300)}`);
}

/**
 * Starts a child with its log; `supervise` restarts it when it exits on its own after start-up (with backoff, said on
 * the console and in its log, counted in start.json and passed to it as MAD_SUPERVISOR_RESTARTS for its metrics).
 */
function spawnChild(name, command, args, env, { marker = args[0] ?? command, supervise = false } = {}) {
  // A stop that arrived while starting has already walked the children: starting another would orphan it.
  if (stopping) throw new StartError(`stopped before ${name} started`);
  const entry = { name, pid: 0, marker, restarts: 0 };
  lock.children.push(entry);
  const logFile = join(paths.logs, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  let upSince = 0;
  const launch = () => {
    log.write(`\n--- ${new Date().toISOString()} start: ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...env, MAD_SUPERVISOR_RESTARTS: String(entry.restarts) },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    Object.assign(child, { name, logFile });
    upSince = Date.now();
    let pending = '';
    const onData = (chunk) => {
      log.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() && worthShowing(line)) summarise(name, line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      log.write(`--- exited ${code ?? signal}\n`);
      if (stopping || startingUp) return;
      if (!supervise || code === EX_CONFIG) {
        console.log(
          `[${name}] exited (${code ?? signal})${code === EX_CONFIG ? ': its configuration is wrong, not restarted' : ''}; see ${logFile}`,
        );
        return;
      }
      // Backoff: 1, 2, 4 … 30 s between restarts; a run of a minute or more starts the series again.
      if (Date.now() - upSince > 60_000) backoffMs = 1_000;
      const waitMs = backoffMs;
      backoffMs = Math.min(backoffMs * 2, 30_000);
      entry.restarts += 1;
      writeLock();
      console.log(
        `[${name}] exited unexpectedly (${code ?? signal}); restarting in ${waitMs / 1000} s (restart ${entry.restarts}); see ${logFile}`,
      );
      log.write(`--- restarting in ${waitMs} ms (restart ${entry.restarts})\n`);
      setTimeout(() => {
        if (stopping) return;
        const next = launch();
        children[children.indexOf(child)] = next;
        console.log(`[${name}] restarted, pid ${next.pid}`);
      }, waitMs);
    });
    child.on('error', (error) => log.write(`spawn error: ${error.message}\n`));
    entry.pid = child.pid;
    writeLock();
    return child;
  };
  let backoffMs = 1_000;
  const child = launch();
  children.push(child);
  return child;
}

// ── The services ────────────────────────────────────────────────────────────────────────────────────────────────

async function startPostgres() {
  if (config.databaseUrl) return { url: config.databaseUrl, started: 'DATABASE_URL (not started here)' };
  const bin = postgresBinDir();
  if (!bin) fail('PostgreSQL is not installed (apt-get install postgresql)');
  const logFile = join(paths.logs, 'postgres.log');
  if (!existsSync(join(paths.postgres, 'PG_VERSION'))) say(`initialising a Postgres cluster in ${paths.postgres}`);
  try {
    initCluster(paths.postgres, logFile);
  } catch (error) {
    if (error instanceof EmbeddedError) fail(error.message);
    throw error;
  }
  if (stopping) throw new StartError('stopped before Postgres started');
  const pgCtl = join(bin, 'pg_ctl');
  const running = runPostgresTool(pgCtl, ['-D', paths.postgres, 'status']).status === 0;
  if (running) {
    say('Postgres from a previous start is still running; using it');
  } else {
    if (await portInUse(config.postgresPort))
      fail(`port ${config.postgresPort} (Postgres) is taken by another process; set POSTGRES_PORT`);
    try {
      startCluster(paths.postgres, config.postgresPort, logFile);
    } catch (error) {
      if (error instanceof EmbeddedError) fail(`${error.message}\n${tail(logFile)}`);
      throw error;
    }
  }
  lock.postgres = { dataDir: paths.postgres, port: config.postgresPort };
  writeLock();
  const psql = (sqlText, database = 'postgres') =>
    spawnSync(
      join(bin, 'psql'),
      ['-h', '127.0.0.1', '-p', String(config.postgresPort), '-U', 'postgres', '-d', database, '-tAc', sqlText],
      { encoding: 'utf8' },
    );
  if (psql("SELECT 1 FROM pg_database WHERE datname = 'mad'").stdout.trim() !== '1') {
    const created = psql('CREATE DATABASE mad');
    if (created.status !== 0) fail(`could not create database mad: ${created.stderr}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${config.postgresPort}/mad`,
    started: `Postgres on 127.0.0.1:${config.postgresPort} (${paths.postgres})`,
  };
}

function stopPostgres() {
  if (!lock.postgres) return;
  const bin = postgresBinDir();
  if (bin)
    runPostgresTool(join(bin, 'pg_ctl'), ['-D', paths.postgres, '-m', 'fast', '-w', 'stop'], { stdio: 'ignore' });
}

async function startNats(secrets) {
  if (config.natsUrl) {
    return {
      url: config.natsUrl,
      server: { user: process.env.NATS_USER, password: process.env.NATS_PASSWORD },
      agent: {
        user: process.env.NATS_AGENT_USER ?? process.env.NATS_USER,
        password: process.env.NATS_AGENT_PASSWORD ?? process.env.NATS_PASSWORD,
      },
      started: 'NATS_URL (not started here)',
    };
  }
  const binary = findExecutable('nats-server');
  if (!binary) fail('nats-server is not installed (apt-get install nats-server)');
  if (await portInUse(config.natsPort))
    fail(`port ${config.natsPort} (NATS) is taken by another process; set NATS_PORT`);
  mkdirSync(paths.nats, { recursive: true });
  const env = {
    ...process.env,
    NATS_STORE_DIR: paths.nats,
    NATS_SERVER_PASSWORD: secrets.natsServerPassword,
    NATS_AGENT_PASSWORD: secrets.natsAgentPassword,
  };
  const child = spawnChild(
    'nats',
    binary,
    ['-c', join(repoRoot, 'infra', 'nats-server.conf'), '-a', '127.0.0.1', '-p', String(config.natsPort)],
    env,
    { marker: 'nats-server.conf' },
  );
  await waitFor('NATS', () => portInUse(config.natsPort), 15_000, [child]);
  return {
    url: `nats://127.0.0.1:${config.natsPort}`,
    server: { user: 'server', password: secrets.natsServerPassword },
    agent: { user: 'agent', password: secrets.natsAgentPassword },
    started: `NATS JetStream on 127.0.0.1:${config.natsPort} (${paths.nats}), pid ${child.pid}`,
  };
}

async function startS3(secrets) {
  if (config.s3Endpoint) return { endpoint: config.s3Endpoint, started: 'S3_ENDPOINT (not started here)' };
  if (await portInUse(config.s3Port)) fail(`port ${config.s3Port} (S3) is taken by another process; set S3_PORT`);
  const script = join(repoRoot, 'scripts', 's3rver.mjs');
  const args = [script, '--port', String(config.s3Port), '--directory', paths.s3, '--bucket', config.bucket];
  const child = spawnChild(
    's3',
    node,
    args,
    { ...process.env, S3RVER_SECRET_ACCESS_KEY: secrets.s3SecretAccessKey },
    { marker: 's3rver.mjs' },
  );
  await waitFor('S3 (s3rver)', () => portInUse(config.s3Port), 15_000, [child]);
  lock.s3 = { port: config.s3Port, bucket: config.bucket, directory: paths.s3 };
  writeLock();
  return {
    endpoint: `http://127.0.0.1:${config.s3Port}`,
    started: `S3 (s3rver) on 127.0.0.1:${config.s3Port} (${paths.s3}, bucket ${config.bucket}), pid ${child.pid}`,
  };
}

/**
 * Prometheus, when installed (Debian's `prometheus`): scrapes the server, the worker and the agent every 5 s with the
 * recording and alert rules of infra/prometheus; data in .data/prometheus. Skipped, with a note, when it is not.
 */
async function startPrometheus() {
  if (process.env.PROMETHEUS === 'off') return null;
  const binary = findExecutable('prometheus');
  if (!binary) return { started: 'Prometheus not installed (apt-get install prometheus): metrics stay at /metrics' };
  config.prometheusPort = await portOrFree(config.prometheusPort, 'PROMETHEUS_PORT');
  mkdirSync(join(paths.prometheus, 'data'), { recursive: true });
  const rules = join(repoRoot, 'infra', 'prometheus', 'rules');
  const job = (name, target) => `  - job_name: ${name}\n    static_configs:\n      - targets: ['${target}']\n`;
  const configFile = join(paths.prometheus, 'prometheus.yml');
  writeFileSync(
    configFile,
    `# Written by npm start (scripts/start.mjs) from infra/prometheus; rewritten at each start.\n` +
      `global:\n  scrape_interval: 5s\n  evaluation_interval: 5s\n` +
      `rule_files:\n  - ${join(rules, 'recording.yml')}\n  - ${join(rules, 'alerts.yml')}\n` +
      `scrape_configs:\n` +
      job('mad-server', `127.0.0.1:${config.port}`) +
      job('mad-worker', `127.0.0.1:${config.workerMetricsPort}`) +
      job('mad-agent', `127.0.0.1:${config.agentMetricsPort}`),
  );
  const child = spawnChild(
    'prometheus',
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(paths.prometheus, 'data')}`,
      `--web.listen-address=127.0.0.1:${config.prometheusPort}`,
      '--storage.tsdb.retention.time=7d',
    ],
    process.env,
    { marker: configFile },
  );
  await waitFor('Prometheus', () => portInUse(config.prometheusPort), 30_000, [child]);
  return {
    url: `http://127.0.0.1:${config.prometheusPort}`,
    started: `Prometheus on http://127.0.0.1:${config.prometheusPort} (${paths.prometheus}), pid ${child.pid}`,
  };
}

// ── Build, migrate, bootstrap ───────────────────────────────────────────────────────────────────────────────────

/** The workspace packages npm start runs (with their dependencies); the dashboard and agent may not exist yet. */
function buildFilters() {
  return ['apps/server', 'apps/dashboard', 'agents/dock-agent']
    .map((folder) => readJson(join(repoRoot, folder, 'package.json'))?.name)
    .filter(Boolean)
    .map((name) => `--filter=${name}...`);
}

function build() {
  say('building (turbo run build)');
  const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo');
  const result = spawnSync(turbo, ['run', 'build', '--output-logs=errors-only', ...buildFilters()], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) fail('the build failed (see above)');
}

function runStep(what, args, env) {
  const result = spawnSync(node, args, { cwd: repoRoot, env, encoding: 'utf8' });
  writeFileSync(join(paths.logs, `${what}.log`), `${result.stdout ?? ''}${result.stderr ?? ''}`, { flag: 'a' });
  if (result.status !== 0)
    throw new Error(`${what} failed (exit ${result.status}):\n${(result.stderr || result.stdout || '').trim()}`);
  return (result.stdout ?? '').trim();
}

// ── Shutdown ────────────────────────────────────────────────────────────────────────────────────────────────────

let stopping = false;
let lockHeld = false;

async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  say('stopping');
  // Reverse order: the agent, worker and server first (they drain), then the services they use.
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((done) => child.once('exit', done));
    killGroup(child.pid, 'SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
    if (timedOut) {
      killGroup(child.pid, 'SIGKILL');
      await exited;
    }
    say(`stopped ${child.name}`);
  }
  if (lock.postgres) {
    stopPostgres();
    say('stopped postgres');
  }
  if (lockHeld) rmSync(paths.lock, { force: true });
  process.exit(exitCode);
}

// ── Main ────────────────────────────────────────────────────────────────────────────────────────────────────────

/** Refuses to start when the port is taken: by another copy of this server (another data folder) or a stranger. */
async function refuseIfPortTaken() {
  if (!(await portInUse(config.port))) return;
  // Another copy started from another data folder answers /health like ours; anything else is a stranger.
  const health = await fetch(`http://127.0.0.1:${config.port}/health`, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.text(),
    () => '',
  );
  const ours = health.includes('"status":"ok"');
  fail(
    ours
      ? `a Molecular Analysis Dashboard server already runs at http://localhost:${config.port} (started from another data folder); nothing changed. Set PORT to run a second one.`
      : `port ${config.port} is taken by another process; nothing changed. Set PORT to start on another port.`,
  );
}

/** Claims the data folder before doing anything else (exclusive create: a concurrent start loses). */
function claimDataFolder() {
  mkdirSync(paths.logs, { recursive: true });
  try {
    writeFileSync(paths.lock, `${JSON.stringify(lock, null, 2)}\n`, { flag: 'wx' });
  } catch {
    fail(`another start is starting in ${config.dataDir}`);
  }
  lockHeld = true;
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  if (asRoot) chmodSync(config.dataDir, 0o755); // the postgres user must reach .data/postgres
}

/** Installs (setup.mjs) and builds what runs; fails when the build left out an entry point. */
function installAndBuild() {
  try {
    ensureSetup({ quiet: true });
  } catch (error) {
    if (error instanceof SetupError) fail(error.message);
    throw error;
  }
  if (!config.skipBuild) build();
  for (const file of ['packages/db/dist/cli.js', 'apps/server/dist/main.js']) {
    if (!existsSync(join(repoRoot, file))) throw new Error(`${file} is missing: the build did not produce it`);
  }
}

/** The server's and worker's environment: the services just started, this machine's defaults, the user's overrides. */
function serverEnvironment(secrets, postgres, nats, s3) {
  return {
    ...process.env,
    DATABASE_URL: postgres.url,
    NATS_URL: nats.url,
    ...(nats.server.user ? { NATS_USER: nats.server.user, NATS_PASSWORD: nats.server.password ?? '' } : {}),
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: config.bucket,
    ...(config.s3Endpoint
      ? {}
      : {
          S3_ACCESS_KEY_ID: 'S3RVER',
          S3_SECRET_ACCESS_KEY: secrets.s3SecretAccessKey,
          S3_FORCE_PATH_STYLE: 'true',
          S3_REGION: 'us-east-1',
        }),
    PORT: String(config.port),
    // This machine only, unless HOST says otherwise: the embedded sign-in needs no password.
    HOST: process.env.HOST || '127.0.0.1',
    PUBLIC_URL: publicUrl,
    EMBEDDED_IDP: process.env.EMBEDDED_IDP ?? 'true',
    SESSION_SECRET: process.env.SESSION_SECRET || secrets.sessionSecret,
    AGENT_WORK_DIR: process.env.AGENT_WORK_DIR || paths.agent,
    // Four tasks per core: tasks of different jobs fill the cores together, the agent's CPU pool keeps the engine
    // processes to the cores and starts the costliest waiting ligand of all its tasks first, and the agent pulls a
    // new task only while fewer ligands wait than it has cores (PERFORMANCE.md "Scheduling").
    AGENT_SLOTS: process.env.AGENT_SLOTS || String(4 * availableParallelism()),
    METRICS_PORT: String(config.workerMetricsPort),
    AGENT_METRICS_PORT: String(config.agentMetricsPort),
    // Only this machine may read the agent's metrics (the server's and the worker's follow HOST / METRICS_TOKEN).
    AGENT_METRICS_HOST: process.env.AGENT_METRICS_HOST || '127.0.0.1',
  };
}

/** Migrations, then (once per database: the marker holds the DATABASE_URL it ran against) the demo organisation. */
function migrateAndBootstrap(serverEnv, databaseUrl) {
  say('applying migrations');
  const migrated = runStep('migrate', [join(repoRoot, 'packages/db/dist/cli.js'), 'up'], serverEnv);
  say(`migrations: ${migrated.split('\n').length} line(s) of output (${migrated.split('\n')[0]})`);
  const cli = join(repoRoot, 'apps/server/dist/cli.js');
  const bootstrappedFor = existsSync(paths.bootstrapped) ? readFileSync(paths.bootstrapped, 'utf8').trim() : null;
  if (existsSync(cli) && bootstrappedFor !== databaseUrl) {
    say('bootstrapping the demo organisation (dev@example.org)');
    runStep('bootstrap', [cli, 'bootstrap', '--org', 'demo', '--email', 'dev@example.org'], serverEnv);
    writeFileSync(paths.bootstrapped, `${databaseUrl}\n`);
  }
}

/** Starts the server and the worker (both supervised); answers the server's child and what to report. */
function startServerAndWorker(serverEnv) {
  const server = spawnChild('server', node, [join(repoRoot, 'apps/server/dist/main.js')], serverEnv, {
    supervise: true,
  });
  const started = [`server on ${publicUrl}, pid ${server.pid}`];
  const workerScript = join(repoRoot, 'apps/server/dist/worker.js');
  if (existsSync(workerScript))
    started.push(`worker, pid ${spawnChild('worker', node, [workerScript], serverEnv, { supervise: true }).pid}`);
  return { server, started };
}

/** Waits for /health (required) and /ready (a warning when it still fails after a minute). */
async function waitUntilReady(server) {
  const answers = async (path) => {
    try {
      return (
        (await fetch(`http://127.0.0.1:${config.port}${path}`, { signal: AbortSignal.timeout(3_000) })).status === 200
      );
    } catch {
      return false;
    }
  };
  await waitFor('the server (/health)', () => answers('/health'), 60_000, [server]);
  try {
    await waitFor('readiness (/ready)', () => answers('/ready'), 60_000, [server]);
  } catch {
    const body = await fetch(`http://127.0.0.1:${config.port}/ready`).then(
      (r) => r.text(),
      (e) => e.message,
    );
    console.log(`start: WARNING /ready still fails: ${body}`);
  }
}

/** Starts the agent (supervised) with NATS and its work folder only: no database or S3 credentials. */
function startAgent(serverEnv, nats) {
  const agentScript = join(repoRoot, 'agents/dock-agent/dist/main.js');
  if (!existsSync(agentScript)) return null;
  const {
    DATABASE_URL: _db,
    S3_ACCESS_KEY_ID: _key,
    S3_SECRET_ACCESS_KEY: _secret,
    SESSION_SECRET: _session,
    ...agentEnv
  } = serverEnv;
  mkdirSync(serverEnv.AGENT_WORK_DIR, { recursive: true });
  const agent = spawnChild(
    'agent',
    node,
    [agentScript],
    {
      ...agentEnv,
      ...(nats.agent.user ? { NATS_USER: nats.agent.user, NATS_PASSWORD: nats.agent.password ?? '' } : {}),
    },
    { supervise: true },
  );
  return `agent, pid ${agent.pid} (work folder ${serverEnv.AGENT_WORK_DIR})`;
}

function printRunning(started, prometheus) {
  console.log(`
Molecular Analysis Dashboard is running.
  dashboard   ${publicUrl}/
  REST docs   ${publicUrl}/api/docs (interactive; the document: ${publicUrl}/api/v1/openapi.json)
  health      ${publicUrl}/health
  ready       ${publicUrl}/ready
  metrics     ${publicUrl}/metrics, worker http://127.0.0.1:${config.workerMetricsPort}/metrics, agent http://127.0.0.1:${config.agentMetricsPort}/metrics${prometheus?.url ? `\n  prometheus  ${prometheus.url}` : ''}
Started:
${started.map((line) => `  - ${line}`).join('\n')}
The server, worker and agent are restarted if they exit (said here, counted in start.json).
Data folder ${config.dataDir} (logs in ${paths.logs}). Ctrl-C stops everything.
`);
}

async function main() {
  checkNotRunning();
  await refuseIfPortTaken();
  claimDataFolder();
  installAndBuild();

  const secrets = loadSecrets();
  const postgres = await startPostgres();
  const nats = await startNats(secrets);
  const s3 = await startS3(secrets);
  config.workerMetricsPort = await portOrFree(config.workerMetricsPort, 'METRICS_PORT');
  config.agentMetricsPort = await portOrFree(config.agentMetricsPort, 'AGENT_METRICS_PORT');
  const serverEnv = serverEnvironment(secrets, postgres, nats, s3);
  migrateAndBootstrap(serverEnv, postgres.url);

  const { server, started } = startServerAndWorker(serverEnv);
  started.unshift(postgres.started, nats.started, s3.started);
  await waitUntilReady(server);
  // The agent last: by now the worker has had time to create the streams and buckets it pulls from.
  const agent = startAgent(serverEnv, nats);
  if (agent) started.push(agent);
  const prometheus = await startPrometheus();
  if (prometheus) started.push(prometheus.started);
  startingUp = false;
  printRunning(started, prometheus);
}

main().catch((error) => {
  if (stopping) return; // Ctrl-C during start-up: stopAll is already stopping what was started
  if (!lockHeld) {
    console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  console.error(
    `start: ${error instanceof StartError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  for (const child of children) console.error(`--- ${child.logFile} (last lines)\n${tail(child.logFile)}`);
  void stopAll(1);
});
