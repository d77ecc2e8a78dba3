// The compute agent process: parses its environment, detects what this host can run, connects to NATS (retrying
// forever, reconnecting after restarts) and pulls docking tasks until SIGTERM/SIGINT, then drains.
import { tracing } from './instrument.js';
import { pino } from 'pino';
import { agentMetrics, createRegistry, serveMetrics, traceLogFields } from '@mad/telemetry';
import { loadEnvOrExit } from '@mad/env';
import { openNats } from '@mad/protocol';
import { agentEnvSchema, natsAuthOf } from './config.js';
import { detectCapabilities } from './capabilities.js';
import { dockBatch } from './dock-batch.js';
import { DockAgent, ensureWorkDir } from './agent.js';

const config = loadEnvOrExit(agentEnvSchema, 'dock-agent');
const log = pino({
  level: config.LOG_LEVEL,
  base: { service: 'dock-agent', agentId: config.AGENT_ID },
  timestamp: pino.stdTimeFunctions.isoTime,
  mixin: traceLogFields,
});

const capabilities = await detectCapabilities();
const detected = capabilities.engines.map((e) => e.name);
const engines = config.AGENT_ENGINES ? config.AGENT_ENGINES.filter((name) => detected.includes(name)) : detected;
const missing = (config.AGENT_ENGINES ?? []).filter((name) => !detected.includes(name));
if (missing.length > 0) log.warn({ missing }, 'AGENT_ENGINES names engines this host does not have; they are skipped');
if (engines.length === 0) {
  log.fatal({ detected }, 'no docking engine available on this host (vina, smina or gnina on PATH)');
  process.exit(78);
}
log.info({ capabilities, engines }, 'capabilities detected');
await ensureWorkDir(config.AGENT_WORK_DIR);

const nats = openNats({
  servers: config.NATS_URL,
  ...natsAuthOf(config),
  name: `mad-agent-${config.AGENT_ID}`,
  onEvent: (event, detail) => log.info({ event, detail }, 'nats'),
});
const registry = createRegistry({ supervisorRestarts: config.MAD_SUPERVISOR_RESTARTS });
const metrics = agentMetrics(registry);
const agent = new DockAgent({ config, nats: () => nats.ready, capabilities, engines, dockBatch, log, metrics });
agent.start();
const metricsServer =
  config.AGENT_METRICS_PORT === undefined
    ? null
    : await serveMetrics({
        registry,
        host: config.AGENT_METRICS_HOST,
        port: config.AGENT_METRICS_PORT,
        token: config.AGENT_METRICS_TOKEN,
        ready: () => nats.current() !== null,
      });
if (metricsServer)
  log.info({ port: metricsServer.port, host: config.AGENT_METRICS_HOST }, 'metrics endpoint listening');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info(
    { signal, graceMs: config.AGENT_SHUTDOWN_GRACE_MS },
    'agent draining: no new tasks, finishing in-flight ones',
  );
  await agent.stop().catch((error: unknown) => log.error({ err: error }, 'drain error'));
  await nats.close();
  await metricsServer?.close();
  await tracing.shutdown().catch((error: unknown) => log.warn({ err: error }, 'traces not flushed'));
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
