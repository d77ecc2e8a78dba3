// The agent as a library: the daemon's core (DockAgent), its configuration (env schema, loader), host capability
// detection and the docking itself (dockBatch), for in-process agents (integration tests, the benchmark's zero-work
// agent) and other daemons. The daemon's entry point is main.ts.
export { DockAgent, ensureWorkDir, type AgentOptions, type DockBatch } from './agent.js';
export { agentEnvSchema, loadAgentConfig, natsAuthOf, type AgentConfig } from './config.js';
export { dockBatch } from './dock-batch.js';
export { CpuPool } from './cpu-pool.js';
export { detectCapabilities, type Capabilities } from './capabilities.js';
export { parseVinaConfigBox } from './engines/vina.js';
export type { BatchInput, BatchOutput, DockingEvent, LigandOutcome } from './engines/types.js';
