export {
  AppError,
  APP_ERROR_CODES,
  isAppError,
  notFound,
  type AppErrorCode,
  type AppErrorOptions,
  type FieldPath,
} from './errors.js';
