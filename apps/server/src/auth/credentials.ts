// Resolves who calls /trpc and /api, once per request: an API token (Authorization: Bearer) or a session cookie
// (with x-org choosing the organisation, and the CSRF header on mutations). Bad tokens are rate-limited per
// client address and all answer the same 401. Each resolution is one database round trip (credential-query.ts in
// @mad/auth) and nothing is cached, so a revoked token or session is refused on the very next request.
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
  limiter: FailureRateLimiter;
}

type Outcome = { principal: Principal | null } | { error: AppError };

export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

export function createCredentialResolver(deps: CredentialDeps) {
  const outcomes = new WeakMap<Request, Outcome>();

  async function resolve(req: Request, res: Response): Promise<Outcome> {
    const address = clientAddress(req);
    const bearer = bearerToken(req.headers.authorization);
    if (bearer !== null) {
      const waitMs = deps.limiter.retryAfterMs(address);
      if (waitMs > 0) {
        res.setHeader('retry-after', String(Math.ceil(waitMs / 1000)));
        return {
          error: new AppError('TOO_MANY_REQUESTS', 'too many failed attempts from your address; try again later'),
        };
      }
      const principal = await resolveApiToken(deps.db, bearer);
      if (!principal) {
        deps.limiter.recordFailure(address);
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

  return {
    /** Express middleware for /trpc and /api: resolves once and keeps the outcome for `authenticate`. */
    middleware: async (req: Request, res: Response, next: NextFunction) => {
      try {
        outcomes.set(req, await resolve(req, res));
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
