export * from './metrics.js';
export * from './endpoint.js';
export * from './tracing.js';
export * from './env.js';
export * from './golden.js';
