// /auth/login, /auth/callback, /auth/logout and /auth/providers: the browser side of OIDC sign-in and sessions.
import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import {
  completeLogin,
  constantTimeEqual,
  createSession,
  csrfTokenFor,
  findLiveSession,
  loadIdentityProvider,
  ProviderUnavailable,
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
import { addressFailureKey, clientAddress, CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from './credentials.js';
import { providerChoicePage, sendAuthError, sendAuthFailure, signInFormPage } from './pages.js';
import { providerChoice } from './sign-in-choice.js';

const LOGIN_COOKIE = 'mad_login';
const LOGIN_TTL_SECONDS = 600;

export interface AuthRouteDeps {
  db: Database;
  log: Logger;
  publicUrl: string;
  oidc: OidcLogin;
  sessionPolicy: SessionPolicy;
  serverKey: string;
  /** Refused callbacks per login attempt (the mad_login cookie presented) and address. */
  limiter: FailureRateLimiter;
  /** All failed authentications of one address together (bad tokens too). */
  addressLimiter: FailureRateLimiter;
  /** The organisation of the embedded development provider (EMBEDDED_IDP), offered on the sign-in page. */
  embeddedOrg?: string | undefined;
}

/** The organisation a browser last signed in to (Path=/auth): the sign-in form starts with it filled in. */
const LAST_ORG_COOKIE = 'mad_signin_org';

export function createAuthRoutes(deps: AuthRouteDeps): Router {
  const router = express.Router();
  const secure = deps.publicUrl.startsWith('https:');
  const cookie = (name: string, value: string, maxAgeSeconds: number, httpOnly = true, path = '/') =>
    serializeCookie(name, value, { httpOnly, secure, sameSite: 'Lax', maxAgeSeconds, path });
  const clearLogin = cookie(LOGIN_COOKIE, '', 0, true, '/auth');

  // Failed sign-ins (refused callbacks) per login attempt presented (a digest of the mad_login cookie, none when
  // absent) and address, so one browser's refusals never lock out the others behind the same NAT; all of the
  // address's failures (bad tokens too) together under the larger per-address cap. Starting a sign-in presents no
  // credential: /auth/login is refused only over the per-address cap.
  const signInFailureKey = (req: Request) => {
    const attempt = parseCookies(req.headers.cookie)[LOGIN_COOKIE] ?? '';
    return `sign-in ${clientAddress(req)} ${createHash('sha256').update(attempt).digest('base64url').slice(0, 22)}`;
  };
  const limited = (req: Request, res: Response, attempt: boolean): boolean => {
    const attemptWaitMs = attempt ? deps.limiter.retryAfterMs(signInFailureKey(req)) : 0;
    const addressWaitMs = deps.addressLimiter.retryAfterMs(addressFailureKey(clientAddress(req)));
    if (attemptWaitMs === 0 && addressWaitMs === 0) return false;
    res.setHeader('retry-after', String(Math.ceil(Math.max(attemptWaitMs, addressWaitMs) / 1000)));
    sendAuthFailure(
      req,
      res,
      429,
      attemptWaitMs > 0
        ? 'too many failed attempts to finish this sign-in; start again later'
        : 'too many failed sign-ins from your address; try again later',
    );
    return true;
  };

  // The providers of one organisation (?org=<slug>) or of the one organisation accepting an email's domain
  // (?email=…); never all of them.
  router.get('/auth/providers', async (req, res, next) => {
    try {
      const choice = await providerChoice(deps.db, deps.publicUrl, req.query);
      if ('problem' in choice) sendAuthError(res, choice.status, choice.problem);
      else res.json(choice);
    } catch (error) {
      next(error);
    }
  });

  router.get('/auth/login', async (req, res, next) => {
    try {
      if (limited(req, res, false)) return;
      const returnTo = safeReturnTo(req.query.returnTo);
      let providerId = typeof req.query.provider === 'string' ? req.query.provider : null;
      if (!providerId) {
        const withReturn = (url: string) => `${url}&returnTo=${encodeURIComponent(returnTo)}`;
        const form = async (problem?: string, status = 200) => {
          const embedded = deps.embeddedOrg
            ? await providerChoice(deps.db, deps.publicUrl, { org: deps.embeddedOrg })
            : null;
          const offer = embedded && 'providers' in embedded ? embedded.providers[0] : undefined;
          res
            .status(status)
            .type('html')
            .send(
              signInFormPage({
                returnTo,
                org:
                  typeof req.query.org === 'string' ? req.query.org : parseCookies(req.headers.cookie)[LAST_ORG_COOKIE],
                problem,
                embedded: offer ? { ...offer, loginUrl: withReturn(offer.loginUrl) } : undefined,
              }),
            );
        };
        if (!req.query.org && !req.query.email) return await form();
        const choice = await providerChoice(deps.db, deps.publicUrl, req.query);
        if ('problem' in choice) return await form(choice.problem, choice.status);
        if (choice.providers.length > 1) {
          const providers = choice.providers.map((p) => ({ ...p, loginUrl: withReturn(p.loginUrl) }));
          res
            .type('html')
            .send(providerChoicePage(choice.org, providers, `/auth/login?returnTo=${encodeURIComponent(returnTo)}`));
          return;
        }
        providerId = choice.providers[0]!.id;
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
        const status = error.code === 'NOT_FOUND' ? 404 : error.code === 'BAD_REQUEST' ? 400 : 502;
        sendAuthFailure(req, res, status, `this identity provider is misconfigured: ${error.message}`);
        return;
      }
      if (error instanceof ProviderUnavailable) {
        deps.log.warn({ err: error }, 'identity provider discovery failed');
        sendAuthFailure(req, res, 502, `${error.message}; try again later or ask an administrator`);
        return;
      }
      next(error);
    }
  });

  router.get('/auth/callback', async (req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    if (limited(req, res, true)) return;
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
      const org = await deps.db
        .selectFrom('organizations')
        .select('slug')
        .where('id', '=', login.provider.orgId)
        .executeTakeFirst();
      res.setHeader('set-cookie', [
        clearLogin,
        cookie(SESSION_COOKIE, session.secret, maxAge),
        cookie(CSRF_COOKIE, csrfTokenFor(deps.serverKey, session.secretHash), maxAge, false),
        ...(org ? [cookie(LAST_ORG_COOKIE, org.slug, 365 * 86_400, true, '/auth')] : []),
      ]);
      deps.log.info({ userId: user.userId, provider: login.provider.id }, 'signed in');
      res.redirect(303, login.returnTo);
    } catch (error) {
      const refusal = httpErrorOf(error);
      if (!isAppError(error) || !refusal) return next(error);
      deps.limiter.recordFailure(signInFailureKey(req));
      deps.addressLimiter.recordFailure(addressFailureKey(clientAddress(req)));
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
