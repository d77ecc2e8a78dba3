// The REST bridge's JSON bodies, parsed here instead of by trpc-to-openapi (which parsed only a Content-Type of exactly
// `application/json`, dropping the body of `application/json; charset=utf-8`, and answered a body that is not JSON
// with a PARSE_ERROR outside the error shape). A body that is not JSON, is not an object, or nests deeper than
// MAX_INPUT_DEPTH is a 400 naming the problem before any code walks it: the bridge hands every body to tRPC's
// request adapter, whose JSON.stringify overflowed the stack on ~5,000 levels and answered 500.
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { AppError, refuseDeepNesting } from '@mad/api';
import { sendApiError } from '../routes/http-errors.js';

export function jsonBodies(maxBytes: number): (RequestHandler | ErrorRequestHandler)[] {
  const parse = express.json({ limit: maxBytes, strict: false, type: 'application/json' });
  const check: RequestHandler = (req, res, next) => {
    const body: unknown = (req as { body?: unknown }).body;
    if (body === undefined) return next();
    try {
      if (body === null || typeof body !== 'object' || Array.isArray(body))
        throw new AppError('BAD_REQUEST', `the request body must be a JSON object, not ${describe(body)}`);
      refuseDeepNesting(body, 'request body');
    } catch (error) {
      sendApiError(req, res, error);
      return;
    }
    next();
  };
  return [parse, parseFailures, check];
}

const describe = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

/** body-parser's refusals (not JSON, over the limit, an unknown charset) in the one error shape. */
const parseFailures: ErrorRequestHandler = (error: { type?: string; message?: string }, req, res, next) => {
  switch (error.type) {
    case 'entity.parse.failed':
      return sendApiError(req, res, new AppError('BAD_REQUEST', `the request body is not JSON: ${error.message}`));
    case 'entity.too.large':
      return sendApiError(
        req,
        res,
        new AppError('PAYLOAD_TOO_LARGE', `the request body is larger than the REST limit (${error.message})`),
      );
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return sendApiError(req, res, new AppError('BAD_REQUEST', `the request body cannot be read: ${error.message}`));
    default:
      return next(error);
  }
};
