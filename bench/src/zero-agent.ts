// The benchmark's zero-work agent process: the real agent daemon (DockAgent from @mad/dock-agent: pull, working(),
// events, receptor download, uploads through presigned PUTs, result, ack) with a docking step that does nothing. It
// exists only here, so no user can pick it; it answers tasks of the vina pipeline. For the soak (soak.ts):
// BENCH_ZERO_WORK_MS makes each ligand take that long without using the CPU (a docking's duration, not its work), and
// the tasks of jobs whose seed is BENCH_REAL_ENGINE_SEED are docked for real (the agent's own dockBatch, Vina). For the
// result cache benchmark (cache.ts), BENCH_ZERO_CACHEABLE=true advertises the engine version it reports
// ('zero-work'), so the server stores its results under their signatures and later jobs reuse them; otherwise the
// versions differ and nothing is cached (the dispatch benchmark submits the same ligands again and must dock them).
// Tracing first (OTEL_EXPORTER_OTLP_ENDPOINT), as the real agent's main.ts does: it patches fetch before use.
import { tracing } from '@mad/dock-agent/instrument';
import { mkdir, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadEnvOrExit } from '@mad/env';
import { openNats } from '@mad/protocol';
import { agentMetrics, createRegistry, serveMetrics } from '@mad/telemetry';
import {
  DockAgent,
  agentEnvSchema,
  dockBatch,
  detectCapabilities,
  ensureWorkDir,
  natsAuthOf,
  type BatchInput,
  type BatchOutput,
} from '@mad/dock-agent';

const zeroAgentEnvSchema = agentEnvSchema.extend({
  BENCH_ZERO_WORK_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  BENCH_REAL_ENGINE_SEED: z.coerce.number().int().optional(),
  BENCH_ZERO_CACHEABLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
const config = loadEnvOrExit(zeroAgentEnvSchema, 'bench zero-work agent');
const ZERO_WORK_VERSION = 'zero-work';
const log = pino({ level: config.LOG_LEVEL, base: { service: 'bench-zero-agent', agentId: config.AGENT_ID } });

/** One fixed pose per ligand, with the small files a real run leaves (poses SDF and log) so uploads still happen. */
async function zeroWorkDockBatch(input: BatchInput): Promise<BatchOutput> {
  if (config.BENCH_REAL_ENGINE_SEED !== undefined && input.params.seed === config.BENCH_REAL_ENGINE_SEED)
    return dockBatch(input);
  await mkdir(input.workDir, { recursive: true });
  if (config.BENCH_ZERO_WORK_MS > 0)
    await sleep(config.BENCH_ZERO_WORK_MS * input.ligands.length, undefined, { signal: input.signal });
  const sdf = join(input.workDir, 'poses.sdf');
  const logPath = join(input.workDir, 'engine.log');
  await writeFile(
    sdf,
    'zero\n  bench\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n> <minimizedAffinity>\n-7.0\n\n$$$$\n',
  );
  await writeFile(logPath, 'zero-work engine: no docking\n');
  return {
    engine: 'vina',
    engineVersion: ZERO_WORK_VERSION,
    receptorPreparedPath: '',
    outcomes: input.ligands.map((ligand) => ({
      ligandId: ligand.ligandId,
      status: 'succeeded' as const,
      poses: [
        {
          rank: 1,
          affinityKcalMol: -7,
          rmsdLowerBound: 0,
          rmsdUpperBound: 0,
          cnnScore: null,
          cnnAffinity: null,
          cnnVs: null,
        },
      ],
      posesSdfPath: sdf,
      posesPdbqtPath: null,
      logPath,
      preparedLigandPath: '',
      notes: [],
    })),
  };
}

await ensureWorkDir(config.AGENT_WORK_DIR);
const nats = openNats({ servers: config.NATS_URL, ...natsAuthOf(config), name: `bench-zero-agent-${config.AGENT_ID}` });
const detected = await detectCapabilities();
const capabilities = config.BENCH_ZERO_CACHEABLE
  ? { ...detected, engines: detected.engines.map((engine) => ({ ...engine, version: ZERO_WORK_VERSION })) }
  : detected;
const registry = createRegistry();
const agent = new DockAgent({
  config,
  nats: () => nats.ready,
  capabilities,
  engines: ['vina'],
  dockBatch: zeroWorkDockBatch,
  log,
  metrics: agentMetrics(registry),
});
agent.start();
// AGENT_METRICS_PORT as the real agent (the instrumentation benchmark turns it on).
const metricsServer =
  config.AGENT_METRICS_PORT === undefined
    ? null
    : await serveMetrics({ registry, host: config.AGENT_METRICS_HOST, port: config.AGENT_METRICS_PORT });

async function shutdown() {
  await agent.stop().catch(() => undefined);
  await nats.close();
  await metricsServer?.close();
  await tracing.shutdown().catch(() => undefined);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
