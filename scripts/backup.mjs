#!/usr/bin/env node
// `npm run backup -- [--out DIR]`: one consistent backup of the embedded default (`npm start`'s data folder, .data/ or
// DATA_DIR), running or stopped: the database (metadata, every organisation's results schema, pg-boss) with pg_dump
// in custom format, every object of the bucket with its SHA-256, the data folder's secrets, and manifest.json
// (written last: a folder without it is not a backup). Restore with `npm run restore -- DIR`.
// Consistency: pg_dump reads one snapshot; the objects are copied after it, and every object a row of that snapshot
// refers to was written before its row (uploads store the object first; agents upload before they report), so the
// backup holds each file its rows need. Objects written after the snapshot come along as scratch (retention removes
// them). Plain Node 20 plus the built @mad/storage (npm run backup builds it).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './setup.mjs';
import {
  clusterRunning,
  EmbeddedError,
  freePort,
  postgresBin,
  psql,
  S3RVER_CREDENTIALS,
  embeddedS3Credentials,
  startCluster,
  startS3rver,
  stopCluster,
} from './embedded.mjs';

export const MANIFEST_FORMAT = 'mad-backup/1';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const md5 = (bytes) => createHash('md5').update(bytes).digest('hex');
const say = (message) => console.log(`backup: ${message}`);

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** The @aws-sdk/client-s3 and @mad/storage the platform uses (resolved from the storage package, built). */
export async function loadStorage() {
  const dist = join(repoRoot, 'packages', 'storage', 'dist', 'index.js');
  if (!existsSync(dist)) throw new EmbeddedError(`${dist} is missing: run pnpm build (npm run backup does)`);
  const storage = await import(pathToFileURL(dist).href);
  const require = createRequire(join(repoRoot, 'packages', 'storage', 'package.json'));
  const sdk = await import(pathToFileURL(require.resolve('@aws-sdk/client-s3')).href);
  return { storage, sdk };
}

export function storageFor(storage, endpoint, bucket, credentials = S3RVER_CREDENTIALS) {
  return storage.createStorage({ endpoint, bucket, forcePathStyle: true, ...credentials });
}

/** The running stack's Postgres port and S3 (from start.json), or services started here on the stopped folder. */
async function servicesOf(dataDir) {
  const lock = readJson(join(dataDir, 'start.json'));
  const pgData = join(dataDir, 'postgres');
  if (!existsSync(join(pgData, 'PG_VERSION'))) throw new EmbeddedError(`${dataDir} holds no database (no postgres/)`);
  const stops = [];
  let postgresPort;
  if (lock && isAlive(lock.pid) && lock.postgres?.port && clusterRunning(pgData)) {
    postgresPort = lock.postgres.port;
  } else if (clusterRunning(pgData)) {
    throw new EmbeddedError(
      `the Postgres of ${pgData} runs but no start.json says on which port; stop it (pg_ctl -D ${pgData} stop) or start the stack`,
    );
  } else {
    postgresPort = await freePort();
    say(`the stack is stopped: starting its Postgres on port ${postgresPort} for the backup`);
    startCluster(pgData, postgresPort, join(dataDir, 'logs', 'postgres.log'));
    stops.push(() => stopCluster(pgData));
  }
  const bucket = lock?.s3?.bucket ?? process.env.S3_BUCKET ?? 'mad-artifacts';
  let s3Endpoint;
  let s3Credentials;
  if (lock && isAlive(lock.pid) && lock.s3?.port) {
    s3Endpoint = `http://127.0.0.1:${lock.s3.port}`;
    s3Credentials = embeddedS3Credentials(dataDir);
  } else {
    const s3 = await startS3rver(join(dataDir, 's3'), await freePort(), bucket);
    stops.push(() => s3.stop());
    s3Endpoint = s3.endpoint;
    s3Credentials = s3.credentials;
  }
  return {
    postgresPort,
    s3Endpoint,
    s3Credentials,
    bucket,
    running: stops.length === 0,
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

function migrationState(port) {
  const schemas = psql(port, 'select results_schema from organizations order by created_at', 'mad')
    .split('\n')
    .filter(Boolean);
  const state = {};
  for (const schema of ['public', ...schemas]) {
    state[schema] = psql(port, `select name from "${schema}".kysely_migration order by name`, 'mad')
      .split('\n')
      .filter(Boolean);
  }
  return state;
}

function gitCommit() {
  const result = spawnSync('git', ['-C', repoRoot, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

export async function backup({ dataDir, out }) {
  if (existsSync(out) && readdirSync(out).length > 0)
    throw new EmbeddedError(`${out} is not empty: a backup goes into a new or empty folder`);
  mkdirSync(join(out, 'objects'), { recursive: true });
  const services = await servicesOf(dataDir);
  try {
    const createdAt = new Date().toISOString();
    const dumpFile = join(out, 'database.dump');
    say(`pg_dump (custom format) of database mad on port ${services.postgresPort}`);
    const dump = spawnSync(
      postgresBin('pg_dump'),
      ['-h', '127.0.0.1', '-p', String(services.postgresPort), '-U', 'postgres', '-Fc', '-f', dumpFile, 'mad'],
      { encoding: 'utf8' },
    );
    if (dump.status !== 0) throw new EmbeddedError(`pg_dump failed: ${dump.stderr.trim()}`);
    const dumpBytes = readFileSync(dumpFile);
    const migrations = migrationState(services.postgresPort);
    const serverVersion = psql(services.postgresPort, 'show server_version');
    const pgDumpVersion = spawnSync(postgresBin('pg_dump'), ['--version'], { encoding: 'utf8' }).stdout.trim();

    say(`copying the objects of bucket ${services.bucket}`);
    const { storage, sdk } = await loadStorage();
    const bucket = storageFor(storage, services.s3Endpoint, services.bucket, services.s3Credentials);
    const objects = [];
    try {
      for await (const entry of bucket.listAllObjects('')) {
        const answer = await bucket.client.send(new sdk.GetObjectCommand({ Bucket: services.bucket, Key: entry.key }));
        const bytes = Buffer.from(await answer.Body.transformToByteArray());
        const file = join(out, 'objects', entry.key);
        if (!resolve(file).startsWith(resolve(out, 'objects') + '/'))
          throw new EmbeddedError(`object key ${entry.key} leaves the backup folder`);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, bytes);
        objects.push({
          key: entry.key,
          bytes: bytes.length,
          sha256: sha256(bytes),
          md5: md5(bytes),
          contentType: answer.ContentType ?? 'application/octet-stream',
        });
      }
    } finally {
      bucket.destroy();
    }

    const files = {};
    for (const name of ['secrets.json', 'bootstrapped']) {
      if (!existsSync(join(dataDir, name))) continue;
      copyFileSync(join(dataDir, name), join(out, name));
      files[name] = sha256(readFileSync(join(out, name)));
    }
    const app = readJson(join(repoRoot, 'package.json'));
    const manifest = {
      format: MANIFEST_FORMAT,
      createdAt,
      stackWasRunning: services.running,
      source: { dataDir },
      versions: {
        app: app?.version ?? null,
        commit: gitCommit(),
        node: process.version,
        postgres: serverVersion,
        pgDump: pgDumpVersion,
      },
      migrations,
      database: { file: 'database.dump', format: 'pg_dump custom', bytes: dumpBytes.length, sha256: sha256(dumpBytes) },
      bucket: services.bucket,
      objects: { count: objects.length, bytes: objects.reduce((n, o) => n + o.bytes, 0), entries: objects },
      files,
    };
    writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return manifest;
  } finally {
    await services.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const dataDir = resolve(process.env.DATA_DIR || join(repoRoot, '.data'));
  const out = resolve(values.out ?? join(repoRoot, 'backups', `mad-${new Date().toISOString().replace(/[:.]/g, '-')}`));
  try {
    const manifest = await backup({ dataDir, out });
    say(
      `done: ${out} (database ${(manifest.database.bytes / 1e6).toFixed(1)} MB, ${manifest.objects.count} objects, ${(manifest.objects.bytes / 1e6).toFixed(1)} MB); restore with npm run restore -- ${out}`,
    );
  } catch (error) {
    console.error(`backup: ${error instanceof EmbeddedError ? error.message : (error?.stack ?? error)}`);
    process.exit(1);
  }
}
