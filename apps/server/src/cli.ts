// The operator CLI: `npm run cli -- <command>` (see USAGE in auth/operator.ts and the README, section "auth").
import { z } from 'zod';
import { envFields, loadEnvOrExit } from '@mad/env';
import { createDatabase } from '@mad/db';
import { isAppError } from '@mad/api';
import { runOperatorCommand, USAGE, UsageError } from './auth/operator.js';
import { createBoss, ensureQueues } from './jobs/boss.js';
import { requeueOpenJobs } from './jobs/requeue.js';

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
