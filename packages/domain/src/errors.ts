// The one error type of the platform. Domain operations (and the access check) throw an AppError with a code a client
// can act on, a message a chemist can act on, and optionally the field it is about; each edge maps it once to its
// protocol (tRPC and the REST bridge: packages/api/src/errors.ts; the express routes: the same function). This file
// imports nothing, so any package (and the browser) may use it through `@mad/domain/errors`.

export const APP_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNPROCESSABLE_CONTENT',
  'TOO_MANY_REQUESTS',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** Where in the request the problem is, as zod writes it: `['ligands', 3, 'smiles']`. */
export type FieldPath = readonly (string | number)[];

/** One thing wrong with a request: the field (dotted path, `params.exhaustiveness`) and why. */
export interface Problem {
  field: string;
  reason: string;
}

export interface AppErrorOptions {
  /** The request field the error is about (e.g. `['bindingSite', 'size', 'x']`). */
  field?: FieldPath;
  /** Every problem found when there are several (a request refused by its schema lists each field). */
  problems?: readonly Problem[];
  /** Structured detail for clients (e.g. the per-record errors of an upload that stored nothing). */
  details?: unknown;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field: FieldPath | undefined;
  readonly details: unknown;
  readonly problems: readonly Problem[] | undefined;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
    this.problems = options.problems;
  }
}

/** True for an AppError, also one thrown by another copy of this module (the name is the mark). */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError || (error instanceof Error && error.name === 'AppError' && 'code' in error);
}

export const notFound = (what: string, options?: AppErrorOptions) =>
  new AppError('NOT_FOUND', `${what} not found`, options);
