// Resolves who calls /trpc and /api, once per request: an API token (Authorization: Bearer) or a session cookie
// (with x-org choosing the organisation, and the CSRF header on mutations). Bad tokens are rate-limited per
// presented token and client address together (one client's failures never lock out others behind the same NAT,
// nor the same client's good tokens), all of an address's failures together under a larger cap (a spray of different
// bad tokens stays bounded), and all answer the same 401. Each resolution is one database round trip (credential-query.ts in
// @mad/auth) and nothing is cached, so a revoked token or session is refused on the very next request.
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import {
  bearerToken,
  constantTimeEqual,
  csrfTokenFor,
  parseCookies,
  resolveApiToken,
  resolveSessionCredential,
  type AuthPrincipal,
  type FailureRateLimiter,
  type SessionPolicy,
} from '@mad/auth';
import type { Database } from '@mad/db';
import { AppError, isPermission, type Permission, type Principal } from '@mad/api';

export const SESSION_COOKIE = 'mad_session';
export const CSRF_COOKIE = 'mad_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const ORG_HEADER = 'x-org';

export const INVALID_CREDENTIALS = 'invalid or expired credentials';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function toApiPrincipal(principal: AuthPrincipal): Principal {
  return {
    userId: principal.userId,
    email: principal.email,
    org: principal.org,
    role: principal.role,
    permissions: new Set(principal.permissions.filter((p): p is Permission => isPermission(p))),
    via: principal.via,
  };
}

export interface CredentialDeps {
  db: Database;
  sessionPolicy: SessionPolicy;
  /** Keys the CSRF token of each session. */
  serverKey: string;
  /** Failures per presented credential and address (AUTH_RATE_LIMIT_MAX_FAILURES). */
  limiter: FailureRateLimiter;
  /** All failed authentications of one address together (AUTH_RATE_LIMIT_MAX_FAILURES_PER_ADDRESS). */
  addressLimiter: FailureRateLimiter;
  /** Changes per user and organisation in a sliding minute (WRITE_RATE_LIMIT_PER_MINUTE); unlimited when absent. */
  writeLimiter?: FailureRateLimiter;
}

type Outcome = { principal: Principal | null } | { error: AppError };

export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** The failed-auth limiter's key for a bearer token: the address and a digest of the token (never the token). */
export function tokenFailureKey(address: string, token: string): string {
  return `token ${address} ${createHash('sha256').update(token).digest('base64url').slice(0, 22)}`;
}

/** The key of all of one address's failed authentications (bad tokens and refused sign-ins together). */
export function addressFailureKey(address: string): string {
  return `address ${address}`;
}

export function createCredentialResolver(deps: CredentialDeps) {
  const outcomes = new WeakMap<Request, Outcome>();

  async function resolve(req: Request, res: Response): Promise<Outcome> {
    const address = clientAddress(req);
    const bearer = bearerToken(req.headers.authorization);
    if (bearer !== null) {
      const failureKey = tokenFailureKey(address, bearer);
      const addressKey = addressFailureKey(address);
      const tokenWaitMs = deps.limiter.retryAfterMs(failureKey);
      const addressWaitMs = deps.addressLimiter.retryAfterMs(addressKey);
      if (tokenWaitMs > 0 || addressWaitMs > 0) {
        res.setHeader('retry-after', String(Math.ceil(Math.max(tokenWaitMs, addressWaitMs) / 1000)));
        return {
          error: new AppError(
            'TOO_MANY_REQUESTS',
            tokenWaitMs > 0
              ? 'too many failed attempts with this token; try again later'
              : 'too many failed attempts from your address; try again later',
          ),
        };
      }
      const principal = await resolveApiToken(deps.db, bearer);
      if (!principal) {
        deps.limiter.recordFailure(failureKey);
        deps.addressLimiter.recordFailure(addressKey);
        return { error: new AppError('UNAUTHORIZED', INVALID_CREDENTIALS) };
      }
      return { principal: toApiPrincipal(principal) };
    }
    const secret = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (!secret) return { principal: null };
    const orgHeader = req.headers[ORG_HEADER];
    const requestedOrg = typeof orgHeader === 'string' && orgHeader ? orgHeader : null;
    // An expired or revoked session cookie is simply anonymous: the dashboard then offers to sign in.
    const session = await resolveSessionCredential(deps.db, deps.sessionPolicy, secret, requestedOrg);
    if (!session) return { principal: null };
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !constantTimeEqual(sent, csrfTokenFor(deps.serverKey, session.secretHash))) {
        return {
          error: new AppError(
            'FORBIDDEN',
            `missing or wrong ${CSRF_HEADER} header: send the value of the ${CSRF_COOKIE} cookie with every change`,
          ),
        };
      }
    }
    const { principal } = session;
    if (!principal && requestedOrg)
      return {
        error: new AppError(
          'NOT_FOUND',
          `organisation "${requestedOrg.slice(0, 64)}" not found among yours (${ORG_HEADER} header)`,
        ),
      };
    return { principal: principal ? toApiPrincipal(principal) : null };
  }

  /** A change by a known caller counts against their writes; over the limit it is refused before it runs. */
  function limitWrites(req: Request, res: Response, outcome: Outcome): Outcome {
    if (!deps.writeLimiter || SAFE_METHODS.has(req.method) || !('principal' in outcome) || !outcome.principal)
      return outcome;
    const key = `write ${outcome.principal.userId} ${outcome.principal.org.id}`;
    const waitMs = deps.writeLimiter.retryAfterMs(key);
    if (waitMs > 0) {
      res.setHeader('retry-after', String(Math.ceil(waitMs / 1000)));
      return {
        error: new AppError(
          'TOO_MANY_REQUESTS',
          'too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE); nothing was done: try again later',
        ),
      };
    }
    deps.writeLimiter.recordFailure(key);
    return outcome;
  }

  return {
    /** Express middleware for /trpc and /api: resolves once and keeps the outcome for `authenticate`. */
    middleware: async (req: Request, res: Response, next: NextFunction) => {
      try {
        outcomes.set(req, limitWrites(req, res, await resolve(req, res)));
        next();
      } catch (error) {
        next(error);
      }
    },
    /** The hook createApp calls while building each request's context; a refusal becomes the tRPC/REST error. */
    authenticate: async (req: Request): Promise<Principal | null> => {
      const outcome = outcomes.get(req) ?? (await resolve(req, req.res as Response));
      if ('error' in outcome) throw outcome.error;
      return outcome.principal;
    },
  };
}
