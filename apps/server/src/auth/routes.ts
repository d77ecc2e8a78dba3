// /auth/login, /auth/callback, /auth/logout and /auth/providers: the browser side of OIDC sign-in and sessions.
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import {
  completeLogin,
  constantTimeEqual,
  createSession,
  csrfTokenFor,
  findLiveSession,
  loadIdentityProvider,
  parseCookies,
  revokeSession,
  safeReturnTo,
  serializeCookie,
  type FailureRateLimiter,
  type OidcLogin,
  type SessionPolicy,
} from '@mad/auth';
import { httpErrorOf, isAppError } from '@mad/api';
import type { Database } from '@mad/db';
import { clientAddress, CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from './credentials.js';
import { providerChoicePage, sendAuthFailure } from './pages.js';

const LOGIN_COOKIE = 'mad_login';
const LOGIN_TTL_SECONDS = 600;

export interface AuthRouteDeps {
  db: Database;
  log: Logger;
  publicUrl: string;
  oidc: OidcLogin;
  sessionPolicy: SessionPolicy;
  serverKey: string;
  limiter: FailureRateLimiter;
}

export async function enabledProviders(db: Database, publicUrl: string) {
  const rows = await db
    .selectFrom('identity_providers')
    .select(['id', 'display_name'])
    .where('enabled', '=', true)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    loginUrl: `${publicUrl}/auth/login?provider=${r.id}`,
  }));
}

export function createAuthRoutes(deps: AuthRouteDeps): Router {
  const router = express.Router();
  const secure = deps.publicUrl.startsWith('https:');
  const cookie = (name: string, value: string, maxAgeSeconds: number, httpOnly = true, path = '/') =>
    serializeCookie(name, value, { httpOnly, secure, sameSite: 'Lax', maxAgeSeconds, path });
  const clearLogin = cookie(LOGIN_COOKIE, '', 0, true, '/auth');

  const limited = (req: Request, res: Response): boolean => {
    const waitMs = deps.limiter.retryAfterMs(clientAddress(req));
    if (waitMs === 0) return false;
    res.setHeader('retry-after', String(Math.ceil(waitMs / 1000)));
    sendAuthFailure(req, res, 429, 'too many failed sign-ins from your address; try again later');
    return true;
  };

  router.get('/auth/providers', async (_req, res, next) => {
    try {
      res.json({ providers: await enabledProviders(deps.db, deps.publicUrl) });
    } catch (error) {
      next(error);
    }
  });

  router.get('/auth/login', async (req, res, next) => {
    try {
      if (limited(req, res)) return;
      const returnTo = safeReturnTo(req.query.returnTo);
      let providerId = typeof req.query.provider === 'string' ? req.query.provider : null;
      if (!providerId) {
        const providers = await enabledProviders(deps.db, deps.publicUrl);
        if (providers.length !== 1) {
          const withReturn = providers.map((p) => ({
            ...p,
            loginUrl: `${p.loginUrl}&returnTo=${encodeURIComponent(returnTo)}`,
          }));
          res.type('html').send(providerChoicePage(withReturn));
          return;
        }
        providerId = providers[0]?.id ?? null;
      }
      const provider = providerId ? await loadIdentityProvider(deps.db, providerId) : null;
      if (!provider?.enabled) {
        sendAuthFailure(req, res, 404, 'unknown identity provider; choose one on the sign-in page');
        return;
      }
      const { loginId, authorizationUrl } = await deps.oidc.start(provider, returnTo);
      res.setHeader('set-cookie', cookie(LOGIN_COOKIE, loginId, LOGIN_TTL_SECONDS, true, '/auth'));
      res.setHeader('cache-control', 'no-store');
      res.redirect(302, authorizationUrl.href);
    } catch (error) {
      if (isAppError(error)) {
        deps.log.warn({ err: error }, 'sign-in could not start');
        sendAuthFailure(
          req,
          res,
          error.code === 'NOT_FOUND' ? 404 : 502,
          `the identity provider cannot be reached or is misconfigured: ${error.message}`,
        );
        return;
      }
      if (error instanceof Error && /fetch|ECONNREFUSED|discovery|response/i.test(error.message)) {
        deps.log.warn({ err: error }, 'identity provider discovery failed');
        sendAuthFailure(
          req,
          res,
          502,
          'the identity provider cannot be reached; try again later or ask an administrator',
        );
        return;
      }
      next(error);
    }
  });

  router.get('/auth/callback', async (req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    if (limited(req, res)) return;
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const callbackUrl = new URL(`${deps.publicUrl}/auth/callback${query}`);
    try {
      const login = await deps.oidc.finish(parseCookies(req.headers.cookie)[LOGIN_COOKIE], callbackUrl);
      const user = await completeLogin(deps.db, login);
      const session = await createSession(deps.db, deps.sessionPolicy, {
        userId: user.userId,
        orgId: user.orgId,
        providerId: login.provider.id,
        idToken: login.idToken,
      });
      const maxAge = deps.sessionPolicy.absoluteTimeoutMs / 1000;
      res.setHeader('set-cookie', [
        clearLogin,
        cookie(SESSION_COOKIE, session.secret, maxAge),
        cookie(CSRF_COOKIE, csrfTokenFor(deps.serverKey, session.secretHash), maxAge, false),
      ]);
      deps.log.info({ userId: user.userId, provider: login.provider.id }, 'signed in');
      res.redirect(303, login.returnTo);
    } catch (error) {
      const refusal = httpErrorOf(error);
      if (!isAppError(error) || !refusal) return next(error);
      deps.limiter.recordFailure(clientAddress(req));
      deps.log.warn({ reason: error.message, address: clientAddress(req) }, 'sign-in refused');
      res.setHeader('set-cookie', clearLogin);
      sendAuthFailure(req, res, refusal.status, error.message);
    }
  });

  router.post('/auth/logout', express.urlencoded({ extended: false, limit: '10kb' }), async (req, res, next) => {
    try {
      const secret = parseCookies(req.headers.cookie)[SESSION_COOKIE];
      const session = secret ? await findLiveSession(deps.db, deps.sessionPolicy, secret) : null;
      let redirectTo = '/';
      if (session) {
        const sent = req.headers[CSRF_HEADER] ?? (req.body as Record<string, unknown> | undefined)?.csrf;
        if (typeof sent !== 'string' || !constantTimeEqual(sent, csrfTokenFor(deps.serverKey, session.secretHash))) {
          sendAuthFailure(req, res, 403, `missing or wrong ${CSRF_HEADER}: sign out from the dashboard`);
          return;
        }
        await revokeSession(deps.db, session.id);
        const provider = session.providerId ? await loadIdentityProvider(deps.db, session.providerId) : null;
        const endSession = provider
          ? await deps.oidc.endSessionUrl(provider, session.idToken, `${deps.publicUrl}/`)
          : null;
        if (endSession) redirectTo = endSession.href;
      }
      res.setHeader('set-cookie', [cookie(SESSION_COOKIE, '', 0), cookie(CSRF_COOKIE, '', 0, false)]);
      if (req.accepts(['html', 'json']) === 'json') res.json({ signedOut: true, redirectTo });
      else res.redirect(303, redirectTo);
    } catch (error) {
      next(error);
    }
  });

  return router;
}
