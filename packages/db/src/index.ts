export * from './client.js';
export * from './types.js';
export * from './migrate.js';
export * from './organization-settings.js';
