#!/usr/bin/env node
// `npm run restore -- DIR`: restores a backup of `npm run backup` into an empty data folder (.data/ or DATA_DIR):
// checks every checksum of the manifest first (nothing is written when one fails), then a new Postgres cluster with
// the database (pg_restore), the bucket's objects (each checked again by its ETag), and the data folder's secrets.
// The open work is dispatched again (`cli requeue-open-jobs`): the new stack's NATS holds none of the tasks that were
// queued or running at backup time. Then `npm start` runs on it. Plain Node 20 plus the built server.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './setup.mjs';
import { MANIFEST_FORMAT, loadStorage, storageFor } from './backup.mjs';
import {
  asRoot,
  EmbeddedError,
  freePort,
  initCluster,
  postgresBin,
  psql,
  startCluster,
  startS3rver,
  stopCluster,
} from './embedded.mjs';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const say = (message) => console.log(`restore: ${message}`);

/** Every problem of the backup folder against its manifest (empty: it is whole). */
export function verifyBackup(dir) {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile))
    return { manifest: null, problems: [`${manifestFile} is missing: not a complete backup`] };
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const problems = [];
  if (manifest.format !== MANIFEST_FORMAT) problems.push(`unknown backup format ${manifest.format}`);
  const check = (file, expected, bytes) => {
    const path = join(dir, file);
    if (!existsSync(path)) return problems.push(`${file} is missing`);
    const content = readFileSync(path);
    if (bytes !== undefined && content.length !== bytes)
      problems.push(`${file}: ${content.length} bytes, the manifest says ${bytes}`);
    else if (sha256(content) !== expected) problems.push(`${file}: SHA-256 differs from the manifest`);
  };
  check(manifest.database.file, manifest.database.sha256, manifest.database.bytes);
  for (const object of manifest.objects.entries) check(join('objects', object.key), object.sha256, object.bytes);
  for (const [name, digest] of Object.entries(manifest.files ?? {})) check(name, digest);
  return { manifest, problems };
}

export async function restore({ dir, dataDir }) {
  const { manifest, problems } = verifyBackup(dir);
  if (problems.length > 0)
    throw new EmbeddedError(
      `the backup in ${dir} does not match its manifest; nothing was restored:\n  ${problems.slice(0, 20).join('\n  ')}${problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ''}`,
    );
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0)
    throw new EmbeddedError(
      `${dataDir} is not empty (${readdirSync(dataDir).slice(0, 8).join(', ')}): a backup is restored only into an empty data folder, so nothing of the current one is overwritten; move it away or set DATA_DIR`,
    );
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  if (asRoot) spawnSync('chmod', ['755', dataDir]);
  const pgData = join(dataDir, 'postgres');
  const pgLog = join(dataDir, 'logs', 'postgres.log');
  say(`a new Postgres cluster in ${pgData}`);
  initCluster(pgData, pgLog);
  const port = await freePort();
  startCluster(pgData, port, pgLog);
  let s3 = null;
  try {
    psql(port, 'CREATE DATABASE mad');
    say(`pg_restore of ${manifest.database.file} (taken ${manifest.createdAt})`);
    const restored = spawnSync(
      postgresBin('pg_restore'),
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        'mad',
        '--exit-on-error',
        join(dir, manifest.database.file),
      ],
      { encoding: 'utf8' },
    );
    if (restored.status !== 0) throw new EmbeddedError(`pg_restore failed: ${restored.stderr.trim()}`);

    say(`${manifest.objects.count} objects into bucket ${manifest.bucket}`);
    s3 = await startS3rver(join(dataDir, 's3'), await freePort(), manifest.bucket);
    const { storage, sdk } = await loadStorage();
    const bucket = storageFor(storage, s3.endpoint, manifest.bucket, s3.credentials);
    try {
      for (const object of manifest.objects.entries) {
        const answer = await bucket.client.send(
          new sdk.PutObjectCommand({
            Bucket: manifest.bucket,
            Key: object.key,
            Body: readFileSync(join(dir, 'objects', object.key)),
            ContentType: object.contentType,
          }),
        );
        const etag = (answer.ETag ?? '').replace(/"/g, '');
        if (etag !== object.md5)
          throw new EmbeddedError(`object ${object.key}: the bucket stored other bytes (ETag ${etag})`);
      }
    } finally {
      bucket.destroy();
    }
    for (const name of Object.keys(manifest.files ?? {})) copyFileSync(join(dir, name), join(dataDir, name));
    // start.mjs bootstraps once per database URL: the restored database is the one it bootstrapped.
    if (manifest.files?.bootstrapped) {
      const postgresPort = process.env.POSTGRES_PORT || '55432';
      writeFileSync(join(dataDir, 'bootstrapped'), `postgres://postgres@127.0.0.1:${postgresPort}/mad\n`);
    }

    const cli = join(repoRoot, 'apps', 'server', 'dist', 'cli.js');
    if (!existsSync(cli)) throw new EmbeddedError(`${cli} is missing: run pnpm build (npm run restore does)`);
    const requeue = spawnSync(
      process.execPath,
      [
        cli,
        'requeue-open-jobs',
        '--reason',
        `restored from the backup of ${manifest.createdAt}: its agents reported to the stack that was backed up`,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/mad`, LOG_LEVEL: 'warn' },
      },
    );
    if (requeue.status !== 0) throw new EmbeddedError(`requeue-open-jobs failed: ${requeue.stderr.trim()}`);
    say(requeue.stdout.trim().split('\n').at(-1));
    return manifest;
  } finally {
    await s3?.stop();
    stopCluster(pgData);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: npm run restore -- <backup folder>   (into .data/, or DATA_DIR; it must be empty)');
    process.exit(2);
  }
  const dataDir = resolve(process.env.DATA_DIR || join(repoRoot, '.data'));
  try {
    const manifest = await restore({ dir: resolve(dir), dataDir });
    say(`done: ${dataDir} holds the backup of ${manifest.createdAt}; start it with npm start`);
  } catch (error) {
    console.error(`restore: ${error instanceof EmbeddedError ? error.message : (error?.stack ?? error)}`);
    process.exit(1);
  }
}
