export * from './connection.js';
export * from './jobs.js';
export * from './streams.js';
export * from './preparation.js';
export * from './statuses.js';
export * from './docking-params.js';
export * from './backoff.js';
