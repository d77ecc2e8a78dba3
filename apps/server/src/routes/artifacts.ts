// GET /api/v1/artifacts/{artifactId}: 302 to a short-lived presigned GET, for members of the owning organisation
// (anyone else gets 404, whether the artifact exists or not).
import type { Request, RequestHandler } from 'express';
import {
  artifactDownloadUrl,
  checkAccess,
  refuseUnknownKeys,
  storageOf,
  type Principal,
  type Services,
} from '@mad/api';
import { sendApiError } from './http-errors.js';

export const ARTIFACT_PATH = '/api/v1/artifacts/:artifactId';

export function artifactRoute(
  services: Services,
  authenticate: (req: Request) => Promise<Principal | null>,
): RequestHandler {
  return async (req, res) => {
    try {
      const principal = checkAccess(await authenticate(req), 'molecules:read');
      refuseUnknownKeys(req.query, []); // the route takes no query parameters
      const { url } = await artifactDownloadUrl(
        services.db,
        storageOf(services),
        principal.org.id,
        String(req.params.artifactId),
        services.artifactLinkSeconds,
      );
      res.setHeader('cache-control', 'private, no-store');
      res.redirect(302, url);
    } catch (error) {
      sendApiError(req, res, error);
    }
  };
}
