// The express routes beside the REST bridge answer errors as the bridge does: one mapping (httpErrorOf, @mad/api).
import type { Request, Response } from 'express';
import { httpErrorOf } from '@mad/api';

export function sendApiError(req: Request, res: Response, error: unknown): void {
  const answer = httpErrorOf(error);
  if (answer) {
    res.status(answer.status).json(answer.body);
    return;
  }
  req.log.error({ err: error }, `${req.method} ${req.path} failed`);
  res
    .status(500)
    .json({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error; the request id is in the x-request-id header' });
}
