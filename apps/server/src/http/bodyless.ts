import type { RequestHandler } from 'express';

/**
 * A POST that carries no body at all (no Content-Type, no Content-Length or 0, not chunked) reaches the REST bridge
 * as an empty JSON object, so `curl -X POST …/cancel` works like the same call with `-d '{}'` (the bridge answers
 * 415 "Missing content-type header" otherwise). A request with any body keeps its own Content-Type, checked as before.
 */
export const acceptBodylessPosts: RequestHandler = (req, _res, next) => {
  const headers = req.headers;
  const empty = !headers['content-type'] && !headers['transfer-encoding'] && (headers['content-length'] ?? '0') === '0';
  if (req.method === 'POST' && empty) {
    headers['content-type'] = 'application/json';
    (req as { body?: unknown }).body = {};
  }
  next();
};
