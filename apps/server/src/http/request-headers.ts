// The request headers the server reads, checked before anything acts on them (issue 12: never silently reinterpret):
// a malformed or over-long value is a 400 naming the header, never ignored, truncated or replaced. X-Request-Id on
// every route (a valid one is kept and echoed, an invalid one refused: before, it was silently replaced by a new
// UUID); Authorization, Cookie, X-Org and Idempotency-Key on /api and /trpc (the identity provider's own endpoints
// under /idp read Authorization: Basic, and are not ours to check); X-CSRF-Token on /api, /trpc and /auth (logout reads
// it), where an over-long or non-base64url value was a 403 "wrong token" after a session lookup. Last-Event-ID is
// checked by the event stream (job-events-stream.ts; over tRPC it is the subscription's lastEventId input).
import type { Request, RequestHandler } from 'express';
import { AppError } from '@mad/api';
import { ORG_SLUG } from '@mad/auth';
import { checkIdempotencyKey } from '@mad/domain';
import { sendApiError } from '../routes/http-errors.js';

/** A request id a client may choose: what logs and traces can carry as they are. */
export const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const BEARER = /^Bearer +[\x21-\x7e]{1,512} *$/i;
export const MAX_COOKIE_CHARS = 8_192;
/** The mad_csrf cookie's value (an HMAC-SHA-256 in base64url, 43 characters), with room to change it. */
const CSRF_TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

const refuse = (header: string, message: string) => new AppError('BAD_REQUEST', message, { field: [header] });

function one(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The X-Request-Id a client sent, when it is one (undefined when none was sent; the caller makes one). */
export function givenRequestId(req: { headers: Request['headers'] }): string | undefined {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : undefined;
}

const hasControlCharacter = (value: string) =>
  [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** What a header's value is made of, for a refusal (never the value itself, which may be long or unprintable). */
const shape = (value: string) =>
  `it has ${value.length} characters${/[^\x20-\x7e]/.test(value) ? ', some of them control or non-ASCII characters' : ''}`;

/**
 * Throws the 400 of the first header that is malformed; `api`: the headers only /api and /trpc read too; `auth`: the
 * ones /auth reads (X-CSRF-Token, also read by /api and /trpc).
 */
export function checkRequestHeaders(req: Request, api: boolean, auth = api): void {
  const requestId = one(req, 'x-request-id');
  if (requestId !== undefined && !REQUEST_ID.test(requestId))
    throw refuse(
      'X-Request-Id',
      `the X-Request-Id header must be 1–128 characters of A-Z a-z 0-9 . _ : - (${shape(requestId)}); send a valid one or none`,
    );
  const csrf = auth || api ? one(req, 'x-csrf-token') : undefined;
  if (csrf !== undefined && !CSRF_TOKEN.test(csrf))
    throw refuse(
      'X-CSRF-Token',
      `the X-CSRF-Token header must be the value of the mad_csrf cookie (1–128 characters of A-Z a-z 0-9 _ -; ${shape(csrf)})`,
    );
  if (!api) return;
  const authorization = one(req, 'authorization');
  if (authorization !== undefined && !BEARER.test(authorization))
    throw refuse(
      'Authorization',
      'the Authorization header must be "Bearer <API token>" (one token of at most 512 characters); sessions use the mad_session cookie',
    );
  const cookie = one(req, 'cookie');
  if (cookie !== undefined && cookie.length > MAX_COOKIE_CHARS)
    throw refuse('Cookie', `the Cookie header is longer than ${MAX_COOKIE_CHARS} characters (${cookie.length})`);
  // A control character (the tab is the one Node's parser lets through) is in no cookie a browser sends; bytes over
  // 0x7f are (some sites' cookies carry UTF-8), and are read as they are.
  if (cookie !== undefined && hasControlCharacter(cookie))
    throw refuse('Cookie', 'the Cookie header holds a control character (a tab); no cookie value may');
  const org = one(req, 'x-org');
  if (org !== undefined && !ORG_SLUG.test(org))
    throw refuse(
      'X-Org',
      `the X-Org header must be an organisation's slug (2–63 lowercase letters, digits or dashes; it has ${org.length} characters)`,
    );
  const idempotencyKey = one(req, 'idempotency-key');
  if (idempotencyKey !== undefined) checkIdempotencyKey(idempotencyKey);
}

const isApi = (path: string) => path.startsWith('/api/') || path === '/api' || path.startsWith('/trpc');
const isAuth = (path: string) => path.startsWith('/auth/') || path === '/auth';

/**
 * Express middleware (mount before the credential check): refuses a request with a malformed header in the REST
 * error shape. /trpc is left to createContext, which throws the same error so tRPC answers it in its own shape.
 */
export const refuseMalformedHeaders: RequestHandler = (req, res, next) => {
  if (req.path.startsWith('/trpc/') || req.path === '/trpc') return next();
  try {
    checkRequestHeaders(req, isApi(req.path), isAuth(req.path));
  } catch (error) {
    sendApiError(req, res, error);
    return;
  }
  next();
};
