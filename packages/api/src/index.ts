export { appRouter, type AppRouter } from './root.js';
export { completeOpenApiDocument, ERROR_SCHEMA, openApiDocument } from './openapi.js';
export { checkAccess, createCallerFactory, orgContextOf, procedure, router, type ApiMeta } from './trpc.js';
export type { PlatformOperations } from '@mad/domain';
export type { ApiTelemetry, Context, Principal, ProviderRules, Services } from './context.js';
export { PERMISSIONS, isPermission, type AccessRule, type Permission } from '@mad/domain';
export {
  AppError,
  apiError,
  closestKey,
  errorData,
  httpErrorOf,
  inputError,
  isAppError,
  notFound,
  refuseUnknownKeys,
  toTRPCError,
} from './errors.js';
// Domain operations the server's express routes call (the worker imports @mad/domain itself).
export type { JobsPlane } from '@mad/domain';
export { loadMolecules, type MoleculeFile } from '@mad/domain';
export { REST_ANSWERS, type RestAnswer } from './rest-answers.js';
export {
  importMolecules,
  uploadStatus,
  DEFAULT_UPLOAD_LIMITS,
  type UploadLimits,
  type UploadRequest,
} from '@mad/domain';
export { controlCharacterIn, refuseControlCharacters } from './text-input.js';
export { MAX_INPUT_DEPTH, nestsDeeperThan, refuseDeepNesting } from './json-depth.js';
export { smilesOf, uploadRequestOf } from './routers/molecules/upload.js';
export { artifactDownloadUrl, isMoleculeInUse, storageOf } from '@mad/domain';
export { UploadJsonInput, UploadResult } from '@mad/domain';
