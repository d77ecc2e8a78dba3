// The one mapping from errors to the API's answers. Domain operations and the access check throw AppError
// (@mad/domain/errors); `toTRPCError` turns one into the TRPCError tRPC and the REST bridge answer with (the
// procedure middleware in trpc.ts calls it), `errorData` is what every error body carries beyond code and message
// (the errorFormatter adds it for tRPC and REST), and `httpErrorOf` gives the express routes the same status and
// body. Extend the body here, once, and every edge follows.
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z, ZodError } from 'zod';
import { AppError, isAppError, type AppErrorCode, type Problem } from '@mad/domain/errors';

export { AppError, isAppError, notFound, type AppErrorCode } from '@mad/domain/errors';
/** @deprecated the code list of AppError; kept for callers of the old name. */
export type ApiErrorCode = AppErrorCode;

/** Builds an AppError (kept for existing callers; prefer `new AppError(code, message, { field, details })`). */
export function apiError(code: AppErrorCode, message: string, details?: unknown): AppError {
  return new AppError(code, message, details === undefined ? {} : { details });
}

/** The closest declared key to a misspelt one (case, `_` and `-` ignored; at most a third of its letters off). */
export function closestKey(key: string, known: readonly string[]): string | null {
  const norm = (k: string) => k.toLowerCase().replace(/[_-]/g, '');
  let best: { key: string; distance: number } | null = null;
  for (const candidate of known) {
    const distance = editDistance(norm(key), norm(candidate));
    if (distance <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || distance < best.distance))
      best = { key: candidate, distance };
  }
  return best?.key ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

// zod drops the schema from finished issues, so the reason of an unknown key (with the key that was meant) is written
// while the schema is at hand: one line per key, in the order of `keys` (problemsOf splits them again).
z.config({
  customError: (issue) => {
    if (issue.code !== 'unrecognized_keys') return undefined;
    const shape = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def
      ?.shape;
    const known = Object.keys(shape ?? {});
    return issue.keys
      .map((key) => {
        const meant = closestKey(key, known);
        if (meant) return `is not a parameter; did you mean ${meant}?`;
        return known.length > 0 ? `is not a parameter (expected: ${known.join(', ')})` : 'is not a parameter';
      })
      .join('\n');
  },
});

/** Each field a schema refused and why; an unknown key is its own field (`params.exhaustivness`). */
export function problemsOf(error: ZodError): Problem[] {
  return error.issues.flatMap((issue): Problem[] => {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const reasons = issue.message.split('\n');
      return issue.keys.map((key, i) => ({
        field: at ? `${at}.${key}` : key,
        reason: reasons[i] ?? reasons[0] ?? 'is not a parameter',
      }));
    }
    return [{ field: at, reason: issue.message }];
  });
}

/**
 * Refuses the keys of `query` (an express route's query string) that are not in `known`: the REST bridge's 400 (a
 * strict schema's, so the same field, reason and did-you-mean), for the routes that read their query themselves.
 */
export function refuseUnknownKeys(query: object, known: readonly string[]): void {
  const parsed = z.strictObject(Object.fromEntries(known.map((key) => [key, z.unknown().optional()]))).safeParse(query);
  if (!parsed.success) throw inputError(parsed.error);
}

/** An empty PATCH is a 400 naming what may be changed (`changes` without its path ids; `shape` the changes' schema). */
export function refuseEmptyChanges(changes: Record<string, unknown>, shape: Record<string, unknown>): void {
  if (Object.values(changes).every((value) => value === undefined))
    throw new AppError('BAD_REQUEST', `send at least one field to change: ${Object.keys(shape).join(', ')}`);
}

/** The 400 of a request its schema refused: the first problem in the message, every one in `problems`. */
export function inputError(error: ZodError): AppError {
  const problems = problemsOf(error);
  const first = problems[0];
  const text = (p: Problem) =>
    p.reason.startsWith('is not a parameter') ? `${p.field} ${p.reason}` : `${p.field || 'input'}: ${p.reason}`;
  const message = first
    ? problems.length > 1
      ? `${text(first)} (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})`
      : text(first)
    : 'invalid input';
  return new AppError('BAD_REQUEST', message, {
    ...(first?.field ? { field: first.field.split('.') } : {}),
    problems,
    cause: error,
  });
}

const isZodError = (error: unknown): error is ZodError =>
  error instanceof ZodError || (error instanceof Error && error.name === 'ZodError' && 'issues' in error);

/** The TRPCError an error answers as: an AppError's code and message (the AppError as its cause); others unchanged. */
export function toTRPCError(error: unknown): TRPCError {
  if (isAppError(error)) return new TRPCError({ code: error.code, message: error.message, cause: error });
  if (error instanceof TRPCError) {
    if (error.code === 'INTERNAL_SERVER_ERROR' && isAppError(error.cause)) return toTRPCError(error.cause);
    // Input its schema refused (tRPC's parser answers BAD_REQUEST with the ZodError): the one 400 of errors.ts.
    if (error.code === 'BAD_REQUEST' && isZodError(error.cause)) return toTRPCError(inputError(error.cause));
    return error;
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error });
}

/**
 * What an error body carries besides code and message: the request field it is about, every problem of a refused
 * input (`[{ field, reason }]`), details. The same keys on every route (REST bridge, express routes, tRPC's data).
 */
export function errorData(error: TRPCError): {
  field?: string;
  problems?: Problem[];
  details?: unknown;
} {
  const cause = error.cause;
  if (isAppError(cause)) {
    return {
      ...(cause.field ? { field: cause.field.join('.') } : {}),
      ...(cause.problems ? { problems: [...cause.problems] } : {}),
      ...(cause.details === undefined ? {} : { details: cause.details }),
    };
  }
  if (isZodError(cause)) return errorData(toTRPCError(inputError(cause)));
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
