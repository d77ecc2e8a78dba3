// @mad/client: the typed REST client (createMadClient) and what the `mad` command is built from.
export * from './client.js';
export { configFile, resolveConfig, saveConfig, type MadConfig } from './config.js';
export { jobRequest, smilesLigand, UsageError, type DockFlags } from './dock-request.js';
export { resultsTable } from './format.js';
export { run } from './cli.js';
