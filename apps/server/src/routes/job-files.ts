// GET /api/v1/jobs/{jobId}/logs and GET /api/v1/jobs/{jobId}/ligands/{ligandId}/{poses.sdf|poses.pdbqt|engine.log}
// → 302 to a presigned URL (trpc-to-openapi cannot answer redirects). The access checks and lookups are the
// jobs.logs and jobs.ligandFile procedures', called through the router.
import type { Request, RequestHandler } from 'express';
import { appRouter, checkAccess, refuseUnknownKeys, type Context, type RestAnswer } from '@mad/api';
import { retryAfterOf } from '@mad/domain';
import { sendApiError } from './http-errors.js';

type Caller = ReturnType<typeof appRouter.createCaller>;

/** Answers 302 to the URL `resolve` finds through the router, or the procedure's error as JSON. */
function redirectRoute(
  createContext: (opts: { req: Request }) => Promise<Context>,
  resolve: (caller: Caller, req: Request, ctx: Context) => Promise<{ url: string }>,
): RequestHandler {
  return async (req, res) => {
    try {
      const ctx = await createContext({ req });
      const { url } = await resolve(appRouter.createCaller(ctx), req, ctx);
      res.setHeader('cache-control', 'private, no-store');
      res.redirect(302, url);
    } catch (error) {
      sendApiError(req, res, error);
    }
  };
}

export function jobLogsRoute(createContext: (opts: { req: Request }) => Promise<Context>): RequestHandler {
  return redirectRoute(createContext, (caller, req) => {
    // Every query parameter goes to the procedure, whose strict input refuses unknown ones with a 400.
    const query = req.query as Record<string, unknown>;
    return caller.jobs.logs({ ...query, jobId: String(req.params.jobId) });
  });
}

export const LIGAND_FILE_PATH = '/api/v1/jobs/:jobId/ligands/:ligandId/:file';

/** The stable file links of the results (files.posesSdf, posesPdbqt, log); an unknown file name is a 400. */
export function ligandFileRoute(createContext: (opts: { req: Request }) => Promise<Context>): RequestHandler {
  return redirectRoute(createContext, (caller, req, ctx) => {
    // Job, ligand and file are in the path; a query parameter is refused (after the access check, as the bridge).
    checkAccess(ctx.principal, 'jobs:read');
    refuseUnknownKeys(req.query, []);
    return caller.jobs.ligandFile({
      jobId: String(req.params.jobId),
      ligandId: String(req.params.ligandId),
      file: String(req.params.file) as 'poses.sdf',
    });
  });
}

/** The REST bridge's success status and Location for procedures that do not answer a plain 200 (REST_ANSWERS). */
export function restResponseMeta(answers: Record<string, RestAnswer>) {
  return ({
    paths,
    errors,
    data,
  }: {
    paths?: readonly string[];
    errors: readonly unknown[];
    data?: readonly unknown[];
  }) => {
    const answer = errors.length === 0 && paths?.[0] ? answers[paths[0]] : undefined;
    if (!answer) return retryAfterMeta({ errors });
    const status = typeof answer.status === 'function' ? answer.status(data?.[0]) : answer.status;
    return { status, ...(answer.location ? { headers: { location: answer.location(data?.[0]) } } : {}) };
  };
}

/** A quota refusal (429) tells the client when to retry: the Retry-After header, on tRPC and REST alike. */
export function retryAfterMeta({ errors }: { errors: readonly unknown[] }): { headers?: Record<string, string> } {
  for (const error of errors) {
    const seconds = retryAfterOf((error as { cause?: unknown }).cause);
    if (seconds !== null) return { headers: { 'retry-after': String(seconds) } };
  }
  return {};
}

const ligandFileOpenApiPath = {
  get: {
    operationId: 'jobs-ligandFile',
    summary:
      "Redirect (302) to a short-lived link to one ligand's poses (SDF or PDBQT) or engine log; the results' files links point here",
    tags: ['jobs'],
    security: [{ Authorization: [] }],
    parameters: [
      { name: 'jobId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      { name: 'ligandId', in: 'path', required: true, schema: { type: 'string' } },
      {
        name: 'file',
        in: 'path',
        required: true,
        schema: { type: 'string', enum: ['poses.sdf', 'poses.pdbqt', 'engine.log'] },
      },
    ],
    responses: {
      '302': { description: 'Location: the presigned URL of the file' },
      '400': { description: 'Not one of the file names, or a query parameter (the error names it)' },
      '401': { description: 'Not signed in' },
      '403': { description: 'The role lacks jobs:read' },
      '404': { description: 'No such job in your organisation, no such ligand, or no such file (yet)' },
    },
  },
};

/** GET /v1/jobs/{jobId}/logs for the OpenAPI document (the bridge cannot describe a redirect). */
export const jobLogsOpenApiPaths = {
  '/v1/jobs/{jobId}/ligands/{ligandId}/{file}': ligandFileOpenApiPath,
  '/v1/jobs/{jobId}/logs': {
    get: {
      operationId: 'jobs-logs',
      summary: "Redirect (302) to a short-lived link to a job's task log, or with ligandId to one ligand's engine log",
      tags: ['jobs'],
      security: [{ Authorization: [] }],
      parameters: [
        { name: 'jobId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        { name: 'taskId', in: 'query', required: false, schema: { type: 'string', format: 'uuid' } },
        { name: 'ligandId', in: 'query', required: false, schema: { type: 'string' } },
      ],
      responses: {
        '302': { description: 'Location: the presigned log URL' },
        '401': { description: 'Not signed in' },
        '403': { description: 'The role lacks jobs:read' },
        '404': { description: 'No such job in your organisation, or no log yet' },
      },
    },
  },
};
