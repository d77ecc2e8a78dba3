import { TRPCError } from '@trpc/server';

// Errors are values with a code a client can act on; they are mapped to HTTP/tRPC codes here and only here.
export type ApiErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNPROCESSABLE_CONTENT'
  | 'TOO_MANY_REQUESTS';

export function apiError(code: ApiErrorCode, message: string, cause?: unknown): TRPCError {
  return new TRPCError({ code, message, cause });
}

export const notFound = (what: string) => apiError('NOT_FOUND', `${what} not found`);
