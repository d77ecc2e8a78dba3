import { initTRPC } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import superjson from 'superjson';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { Context, Principal } from './context.js';
import type { AccessRule, JobsPlane, OrgContext } from '@mad/domain';
import { AppError, errorData, isAppError, toTRPCError } from './errors.js';
import { refuseControlCharacters } from './text-input.js';
import { refuseDeepNesting } from './json-depth.js';

/** Every procedure declares `access` in its meta; the one middleware below is where it is checked. */
export type ApiMeta = OpenApiMeta & {
  access?: AccessRule;
  /** Statuses the REST route answers beyond those every route does (openapi.ts), with what each means here. */
  errors?: Partial<Record<'404' | '409' | '422', string>>;
  /** A valid request body for the OpenAPI document's example (and the contract test's request). */
  example?: unknown;
  /** The route reads an Idempotency-Key header (a retry with the same key and body answers the first result). */
  idempotencyKey?: boolean;
};

const t = initTRPC
  .context<Context>()
  .meta<ApiMeta>()
  .create({
    transformer: superjson,
    // The body of every error, tRPC and REST alike: errors.ts says what it carries.
    // The REST bridge spreads this shape into its body, so field and problems sit at the top level there, as in the
    // express routes' bodies (httpErrorOf).
    errorFormatter({ shape, error }) {
      // An error a subscription's stream raises after the procedure returned never meets mapErrors below, so tRPC
      // sends it as INTERNAL_SERVER_ERROR; mapped here, an AppError keeps its own code there too (jobs.onEvents' 404).
      const mapped = toTRPCError(error);
      const data = errorData(mapped);
      const codes =
        mapped.code === error.code
          ? {}
          : {
              message: mapped.message,
              code: TRPC_ERROR_CODES_BY_KEY[mapped.code],
              data: { ...shape.data, code: mapped.code, httpStatus: getHTTPStatusCodeFromError(mapped) },
            };
      const base = { ...shape, ...codes };
      return { ...base, ...data, data: { ...base.data, stack: undefined, ...data } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

/**
 * The one access check: procedures run it through the middleware below, and the few express routes tRPC cannot
 * express (multipart upload, redirects) call it directly. Returns the principal when the rule needs one.
 */
export function checkAccess(principal: Principal | null, access: Exclude<AccessRule, 'public'>): Principal {
  if (!principal) throw new AppError('UNAUTHORIZED', 'sign in or send an API token (Authorization: Bearer …)');
  if (access !== 'signed-in' && !principal.permissions.has(access)) {
    throw new AppError('FORBIDDEN', `your role "${principal.role}" lacks the permission ${access}`);
  }
  return principal;
}

/**
 * An express route's context narrowed as `orgProcedure` narrows a handler's: the same check (`access`), then
 * `principal` typed and non-null, so the route calls domain operations with an `OrgContext` and no cast.
 */
export function orgContextOf(ctx: Context, access: Exclude<AccessRule, 'public'>): Context & OrgContext {
  return { ...ctx, principal: checkAccess(ctx.principal, access) };
}

/** The edge of every procedure: an AppError thrown below becomes the TRPCError of its code (errors.ts). */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  if (isAppError(result.error.cause)) throw toTRPCError(result.error.cause);
  // An input its schema refused becomes the 400 that names the field (errors.ts).
  const mapped = toTRPCError(result.error);
  if (mapped !== result.error) throw mapped;
  return result;
});

const authorize = t.middleware(({ ctx, meta, next, path }) => {
  const access = meta?.access;
  if (!access) throw new Error(`procedure ${path} declares no access rule`);
  if (access === 'public') return next();
  return next({ ctx: { ...ctx, principal: checkAccess(ctx.principal, access) } });
});

/**
 * Input nested deeper than MAX_INPUT_DEPTH, and text with control characters (NUL above all), are refused for every
 * procedure before its input is parsed.
 */
const refuseControls = t.middleware(async ({ getRawInput, next }) => {
  const input = await getRawInput();
  refuseDeepNesting(input);
  refuseControlCharacters(input);
  return next();
});

/** Times every call, refused ones included (it runs before the access check), for the server's metrics. */
const observe = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  ctx.telemetry?.procedure(path, type, result.ok ? 'OK' : result.error.code, (performance.now() - started) / 1_000);
  return result;
});

/** The base of every procedure: declare `.meta({ access: ... })`; calls without a rule fail loudly. */
export const procedure = t.procedure.use(observe).use(mapErrors).use(authorize).use(refuseControls);

/**
 * A procedure of a signed-in member (any access rule but 'public'): the middleware hands the handler the caller as
 * `ctx.principal`, typed and never null (authorize has refused anonymous callers already).
 */
export const orgProcedure = procedure.use(({ ctx, next }) => {
  if (!ctx.principal) throw new AppError('UNAUTHORIZED', 'sign in or send an API token (Authorization: Bearer …)');
  return next({ ctx: { principal: ctx.principal } });
});

/** A procedure of the jobs plane: `ctx.principal` and `ctx.jobs` (enqueue, cancel, agents, links, live events). */
export const jobProcedure = orgProcedure.use(({ ctx, next }) => next({ ctx: { jobs: ctx.jobs ?? absentJobsPlane } }));

/**
 * Stands in for the plane in a process that has none (API-only harnesses): input is still parsed and refused with
 * its 4xx first; only a call that reaches the plane fails, naming what is missing.
 */
const absentJobsPlane = new Proxy({} as JobsPlane, {
  get(_target, member) {
    if (member === 'then') return undefined;
    throw new Error(`the jobs plane is not configured in this process (jobs.${String(member)})`);
  },
});
