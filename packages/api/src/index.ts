export { appRouter, type AppRouter } from './root.js';
export { openApiDocument } from './openapi.js';
export { createCallerFactory, procedure, router, type ApiMeta } from './trpc.js';
export type { Context, Principal, Services } from './context.js';
export { PERMISSIONS, isPermission, type AccessRule, type Permission } from './permissions.js';
export { apiError, notFound } from './errors.js';
export type { JobsPlane } from './routers/jobs/plane.js';
export { loadMolecules, type MoleculeFile } from './routers/jobs/inputs.js';
export { REST_STATUS } from './routers/pipelines/index.js';
