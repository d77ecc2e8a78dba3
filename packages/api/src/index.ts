export { appRouter, type AppRouter } from './root.js';
export { openApiDocument } from './openapi.js';
export { checkAccess, createCallerFactory, procedure, router, type ApiMeta } from './trpc.js';
export type { Context, Principal, Services } from './context.js';
export { PERMISSIONS, isPermission, type AccessRule, type Permission } from './permissions.js';
export { AppError, apiError, errorData, httpErrorOf, isAppError, notFound, toTRPCError } from './errors.js';
export type { JobsPlane } from './routers/jobs/plane.js';
export { loadMolecules, type MoleculeFile } from './routers/jobs/inputs.js';
export { REST_STATUS } from './routers/pipelines/index.js';
export {
  importMolecules,
  uploadStatus,
  DEFAULT_UPLOAD_LIMITS,
  type UploadLimits,
  type UploadRequest,
} from './routers/molecules/store.js';
export { uploadRequestOf } from './routers/molecules/upload.js';
export { artifactDownloadUrl, isMoleculeInUse, storageOf } from './routers/molecules/queries.js';
export { UploadJsonInput, UploadResult } from './routers/molecules/schemas.js';
export { DEFAULT_ORGANIZATION_SETTINGS } from './routers/orgs/settings.js';
