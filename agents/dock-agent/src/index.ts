// The agent as a library (in-process agents in integration tests); the daemon's entry point is main.ts.
export { DockAgent, type AgentOptions, type DockBatch } from './agent.js';
export { agentEnvSchema, type AgentConfig } from './config.js';
export { dockBatch } from './dock-batch.js';
export { detectCapabilities, type Capabilities } from './capabilities.js';
