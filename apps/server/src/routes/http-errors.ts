// The one mapping from API errors to HTTP answers for the express routes that sit beside the REST bridge.
import type { Request, Response } from 'express';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';

export function sendApiError(req: Request, res: Response, error: unknown): void {
  if (error instanceof TRPCError) {
    res.status(getHTTPStatusCodeFromError(error)).json({ code: error.code, message: error.message });
    return;
  }
  req.log.error({ err: error }, `${req.method} ${req.path} failed`);
  res
    .status(500)
    .json({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error; the request id is in the x-request-id header' });
}
