// The one mapping from errors to the API's answers. Domain operations and the access check throw AppError
// (@mad/domain/errors); `toTRPCError` turns one into the TRPCError tRPC and the REST bridge answer with (the
// procedure middleware in trpc.ts calls it), `errorData` is what every error body carries beyond code and message
// (the errorFormatter adds it for tRPC and REST), and `httpErrorOf` gives the express routes the same status and
// body. Extend the body here, once, and every edge follows.
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ZodError } from 'zod';
import { AppError, isAppError, type AppErrorCode } from '@mad/domain/errors';

export { AppError, isAppError, notFound, type AppErrorCode } from '@mad/domain/errors';
/** @deprecated the code list of AppError; kept for callers of the old name. */
export type ApiErrorCode = AppErrorCode;

/** Builds an AppError (kept for existing callers; prefer `new AppError(code, message, { field, details })`). */
export function apiError(code: AppErrorCode, message: string, details?: unknown): AppError {
  return new AppError(code, message, details === undefined ? {} : { details });
}

/** The TRPCError an error answers as: an AppError's code and message (the AppError as its cause); others unchanged. */
export function toTRPCError(error: unknown): TRPCError {
  if (isAppError(error)) return new TRPCError({ code: error.code, message: error.message, cause: error });
  if (error instanceof TRPCError) {
    if (error.code === 'INTERNAL_SERVER_ERROR' && isAppError(error.cause)) return toTRPCError(error.cause);
    return error;
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error });
}

/** What an error body carries besides code and message: the request field, details, zod's issues. */
export function errorData(error: TRPCError): {
  field?: string;
  details?: unknown;
  issues?: { path: string; message: string }[];
} {
  const cause = error.cause;
  if (isAppError(cause)) {
    return {
      ...(cause.field ? { field: cause.field.join('.') } : {}),
      ...(cause.details === undefined ? {} : { details: cause.details }),
    };
  }
  if (cause instanceof ZodError)
    return { issues: cause.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) };
  return {};
}

/**
 * The HTTP answer of an express route that failed with `error`: the status and JSON body the REST bridge would give;
 * null for an unexpected error (the route logs it and answers 500).
 */
export function httpErrorOf(error: unknown): { status: number; body: Record<string, unknown> } | null {
  if (!isAppError(error) && !(error instanceof TRPCError)) return null;
  const trpcError = toTRPCError(error);
  if (trpcError.code === 'INTERNAL_SERVER_ERROR') return null;
  return {
    status: getHTTPStatusCodeFromError(trpcError),
    body: { code: trpcError.code, message: trpcError.message, ...errorData(trpcError) },
  };
}
