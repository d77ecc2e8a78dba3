// The operator CLI: `npm run cli -- <command>` (see USAGE in auth/operator.ts and the README, section "auth").
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { envFields, loadEnvOrExit } from '@mad/env';
import { createDatabase } from '@mad/db';
import { isAppError } from '@mad/api';
import { runOperatorCommand, USAGE, UsageError } from './auth/operator.js';
import { createBoss, ensureQueues } from './jobs/boss.js';
import { requeueOpenJobs } from './jobs/requeue.js';
import { copyBucket, createStorage } from '@mad/storage';
import { serverEnvSchema } from './env.js';
import { storageConfigOf } from './jobs/env.js';

/** `requeue-open-jobs [--reason <text>]`: after a restore (scripts/restore.mjs), dispatch the open tasks again. */
async function requeue(args: string[]) {
  const reasonAt = args.indexOf('--reason');
  const reason = reasonAt >= 0 && args[reasonAt + 1] ? args[reasonAt + 1]! : 're-dispatched by the operator';
  const boss = createBoss(env.DATABASE_URL, 'server');
  await boss.start();
  try {
    await ensureQueues(boss);
    const report = await requeueOpenJobs(db, boss, reason);
    console.log(`requeued ${report.tasks} task(s) of ${report.jobs} job(s)`);
  } finally {
    await boss.stop({ graceful: false });
  }
}

const argv = process.argv.slice(2);
if (argv.length === 0 || argv[0] === 'help' || argv.includes('--help')) {
  console.log(USAGE);
  process.exit(argv.length === 0 ? 2 : 0);
}

if (argv[0] === 'copy-bucket') {
  await copyToBackupBucket();
  process.exit(0);
}

/**
 * `copy-bucket`: copies the platform's bucket (S3_* of the server) into the backup bucket (BUCKET_COPY_*), any two
 * S3 APIs; incremental, deletions not propagated. Run it on a schedule (DEPLOYMENT_PLAN_CLOUD.md, "Backups").
 */
async function copyToBackupBucket() {
  const copyEnv = loadEnvOrExit(
    serverEnvSchema
      .pick({
        S3_ENDPOINT: true,
        S3_REGION: true,
        S3_BUCKET: true,
        S3_ACCESS_KEY_ID: true,
        S3_SECRET_ACCESS_KEY: true,
        S3_FORCE_PATH_STYLE: true,
      })
      .extend({
        BUCKET_COPY_ENDPOINT: envFields.url(['http', 'https']).optional(),
        BUCKET_COPY_REGION: z.string().default('us-east-1'),
        BUCKET_COPY_BUCKET: z.string().min(3),
        BUCKET_COPY_ACCESS_KEY_ID: z.string().optional(),
        BUCKET_COPY_SECRET_ACCESS_KEY: z.string().optional(),
        BUCKET_COPY_FORCE_PATH_STYLE: envFields.boolean(true),
      }),
    'cli copy-bucket',
  );
  const source = createStorage(storageConfigOf(copyEnv));
  const target = createStorage({
    endpoint: copyEnv.BUCKET_COPY_ENDPOINT,
    region: copyEnv.BUCKET_COPY_REGION,
    bucket: copyEnv.BUCKET_COPY_BUCKET,
    accessKeyId: copyEnv.BUCKET_COPY_ACCESS_KEY_ID,
    secretAccessKey: copyEnv.BUCKET_COPY_SECRET_ACCESS_KEY,
    forcePathStyle: copyEnv.BUCKET_COPY_FORCE_PATH_STYLE,
  });
  try {
    const started = Date.now();
    const report = await copyBucket(source, target);
    console.log(
      `copied ${report.copied} object(s) (${report.bytesCopied} bytes), ${report.skipped} already there, ${report.onlyInTarget} only in the copy; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    source.destroy();
    target.destroy();
  }
}

/**
 * The database of a running `npm start` (its data folder's start.json: DATA_DIR, or .data at the repository's root)
 * when DATABASE_URL is not set, so the README's commands work on the embedded default without any variable.
 */
function embeddedDatabaseUrl(): string | undefined {
  const dataDir = resolve(process.env.DATA_DIR || fileURLToPath(new URL('../../../.data', import.meta.url)));
  const lockFile = join(dataDir, 'start.json');
  if (!existsSync(lockFile)) return undefined;
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid?: number; postgres?: { port?: number } | null };
  if (!lock.postgres?.port || !lock.pid || !isAlive(lock.pid)) return undefined;
  return `postgres://postgres@127.0.0.1:${lock.postgres.port}/mad`;
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

if (!process.env.DATABASE_URL) {
  const embedded = embeddedDatabaseUrl();
  if (!embedded) {
    process.stderr.write(
      'cli: DATABASE_URL is not set and no running `npm start` was found (its data folder, DATA_DIR or .data, has no\n' +
        'start.json of a live stack with its own Postgres). Start the stack with `npm start`, or set DATABASE_URL.\n',
    );
    process.exit(78);
  }
  process.env.DATABASE_URL = embedded;
}
const env = loadEnvOrExit(z.object({ DATABASE_URL: envFields.url(['postgres', 'postgresql']) }), 'cli');
const db = createDatabase({ connectionString: env.DATABASE_URL, maxConnections: 2, applicationName: 'mad-cli' });
try {
  if (argv[0] === 'requeue-open-jobs') await requeue(argv.slice(1));
  else await runOperatorCommand(db, argv, { out: (line) => console.log(line) });
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (isAppError(error)) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
} finally {
  await db.destroy();
}
