// The domain layer: the operations the procedures (packages/api) and the worker (apps/server/src/jobs) share. It knows
// the database, object storage and the wire contract; it knows nothing of tRPC, express or NATS connections (what it
// needs of the running system comes through the JobsPlane port). Its operations throw AppError (errors.ts).
export * from './errors.js';
export * from './permissions.js';
export type * from './principal.js';
export * from './molecules/schemas.js';
export * from './molecules/import.js';
export * from './molecules/upload-request.js';
export * from './molecules/queries.js';
export * from './molecules/list.js';
export * from './members/queries.js';
export * from './orgs/settings.js';
export * from './jobs/schemas.js';
export * from './jobs/stored.js';
export * from './jobs/access.js';
export type * from './jobs/plane.js';
export * from './jobs/inputs.js';
export * from './jobs/create.js';
export * from './jobs/limits.js';
export * from './jobs/state.js';
export * from './jobs/events.js';
export * from './jobs/status.js';
export * from './jobs/list.js';
export * from './jobs/fleet.js';
export * from './jobs/activity.js';
export * from './results/pages.js';
export * from './results/poses.js';
export * from './results/results.js';
export * from './results/files.js';
export * from './jobs/signature.js';
export * from './jobs/cache.js';
export * from './jobs/sign.js';
export * from './results/confidence.js';
export * from './results/export.js';
export * from './results/archive.js';
