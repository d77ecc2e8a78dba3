// The embedded default's Postgres and S3 as the scripts around the data folder use them (start.mjs runs them for the
// stack; backup.mjs and restore.mjs start them for a moment when the stack is stopped). Plain Node 20.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { postgresBinDir, repoRoot } from './setup.mjs';

export const asRoot = process.getuid?.() === 0;

/** A problem the user can act on (no stack trace). */
export class EmbeddedError extends Error {}

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

export function portInUse(port) {
  return new Promise((answer) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      answer(true);
    });
    socket.once('error', () => answer(false));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The uid/gid of the `postgres` account: initdb and postgres refuse to run as root. */
export function postgresAccount() {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0)
    throw new EmbeddedError(
      'running as root, and there is no "postgres" user to run the database as (apt-get install postgresql creates it)',
    );
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/** Runs a Postgres program, as the postgres user when we are root. */
export function runPostgresTool(binary, args, options = {}) {
  const [command, ...rest] = asRoot ? ['runuser', '-u', 'postgres', '--', binary, ...args] : [binary, ...args];
  return spawnSync(command, rest, { encoding: 'utf8', ...options });
}

export function postgresBin(name) {
  const bin = postgresBinDir();
  if (!bin) throw new EmbeddedError('PostgreSQL is not installed (apt-get install postgresql)');
  return join(bin, name);
}

/** Creates the folder (owned by postgres when root) and, when it holds no cluster yet, runs initdb in it. */
export function initCluster(dataDir, logFile) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  closeSync(openSync(logFile, 'a'));
  if (asRoot) {
    const { uid, gid } = postgresAccount();
    chownSync(dataDir, uid, gid);
    chownSync(logFile, uid, gid);
  }
  if (existsSync(join(dataDir, 'PG_VERSION'))) return false;
  const init = runPostgresTool(postgresBin('initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--no-instructions',
  ]);
  if (init.status !== 0) throw new EmbeddedError(`initdb failed:\n${init.stderr || init.stdout}`);
  return true;
}

export function clusterRunning(dataDir) {
  return runPostgresTool(postgresBin('pg_ctl'), ['-D', dataDir, 'status']).status === 0;
}

export function startCluster(dataDir, port, logFile) {
  const options = `-p ${port} -k '${dataDir}' -c listen_addresses=127.0.0.1`;
  const started = runPostgresTool(postgresBin('pg_ctl'), [
    '-D',
    dataDir,
    '-l',
    logFile,
    '-o',
    options,
    '-w',
    '-t',
    '60',
    'start',
  ]);
  if (started.status !== 0) throw new EmbeddedError(`Postgres did not start:\n${started.stdout}${started.stderr}`);
}

export function stopCluster(dataDir) {
  runPostgresTool(postgresBin('pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop'], { stdio: 'ignore' });
}

/** psql -tAc as the postgres user over TCP. */
export function psql(port, sqlText, database = 'postgres') {
  const result = spawnSync(
    postgresBin('psql'),
    ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-tAc', sqlText],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new EmbeddedError(`psql: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** s3rver (scripts/s3rver.mjs) on a port over a folder, until stop() is called. */
export async function startS3rver(directory, port, bucket, secretAccessKey = randomBytes(24).toString('base64url')) {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'scripts', 's3rver.mjs'), '--port', String(port), '--directory', directory, '--bucket', bucket],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, S3RVER_SECRET_ACCESS_KEY: secretAccessKey } },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  for (const deadline = Date.now() + 15_000; !(await portInUse(port)); await sleep(100)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new EmbeddedError(`s3rver did not start on port ${port}: ${stderr.trim()}`);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { ...S3RVER_CREDENTIALS, secretAccessKey },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The embedded S3's credentials (s3rver accepts these). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', region: 'us-east-1' };

/** The embedded store's key pair of a data folder: its secret is in secrets.json (npm start made it). */
export function embeddedS3Credentials(dataDir) {
  const file = join(dataDir, 'secrets.json');
  const secrets = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  if (!secrets?.s3SecretAccessKey) throw new EmbeddedError(`${dataDir}/secrets.json holds no s3SecretAccessKey`);
  return { ...S3RVER_CREDENTIALS, secretAccessKey: secrets.s3SecretAccessKey };
}
