// `pnpm --filter @mad/db migrate [up|down|down --results|status]`: applies, reverts or lists migrations.
import { z } from 'zod';
import { envFields, loadEnvOrExit } from '@mad/env';
import { createDatabase } from './client.js';
import { defaultMigrationsDir, migrateDown, migrateUp, migrationStatus } from './migrate.js';

const env = loadEnvOrExit(
  z.object({
    DATABASE_URL: envFields.url(['postgres', 'postgresql']),
    MIGRATIONS_DIR: z.string().optional(),
  }),
  'migrate',
);

const [command = 'up', flag] = process.argv.slice(2);
const db = createDatabase({ connectionString: env.DATABASE_URL, maxConnections: 2, applicationName: 'mad-migrate' });
const dir = env.MIGRATIONS_DIR ?? defaultMigrationsDir();
try {
  if (command === 'up') {
    const log = await migrateUp(db, dir);
    console.log(log.length ? log.join('\n') : 'up to date');
  } else if (command === 'down') {
    const log = await migrateDown(db, flag === '--results' ? 'results' : 'metadata', dir);
    console.log(log.length ? log.join('\n') : 'nothing to revert');
  } else if (command === 'status') {
    for (const m of await migrationStatus(db, dir)) {
      console.log(`${m.executedAt ? m.executedAt.toISOString() : 'pending'.padEnd(24)}  ${m.where}/${m.name}`);
    }
  } else {
    console.error(`unknown command "${command}"; use up, down [--results] or status`);
    process.exitCode = 2;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
