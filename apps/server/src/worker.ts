// The worker process: pg-boss workers (dispatch, deadlines), the JetStream results consumer and the poison-task
// listener. Runs beside the HTTP server (npm start runs both); any number of workers may run at once.
import { tracing } from './instrument.js';
import { loadEnvOrExit } from '@mad/env';
import { createLogger } from './logger.js';
import { workerEnvSchema } from './jobs/env.js';
import { startWorker } from './jobs/runtime.js';

const env = loadEnvOrExit(workerEnvSchema, 'worker');
const log = createLogger(env.LOG_LEVEL, 'worker');
const worker = await startWorker(env, log);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'worker shutting down');
  await worker.close().catch((error: unknown) => log.error({ err: error }, 'shutdown error'));
  await tracing.shutdown().catch((error: unknown) => log.warn({ err: error }, 'traces not flushed'));
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
