// GET /api/v1/jobs/{jobId}/results.csv, results.sdf and results.zip: a job's results in one file, streamed as the
// database pages (and, for the SDF and zip, the stored files) come: a 100,000-ligand job never sits in memory. The
// access check is the jobs.exports procedure's, through the router (401/403/404 as every route), and so is the query:
// the results list's filters (ResultsExportInput, one schema with jobs.results), anything else a 400 naming it; the
// content is @mad/domain's resultsCsv / resultsSdf / resultsZip over the ligands those filters pass.
import { once } from 'node:events';
import { z } from 'zod';
import type { Request, RequestHandler } from 'express';
import { appRouter, orgContextOf, type Context } from '@mad/api';
import {
  AppError,
  jobOfCaller,
  jobStatus,
  RESULTS_SDF_POSES,
  ResultsExportInput,
  ResultsFilterInput,
  resultsFilterOf,
  resultsCsv,
  resultsSdf,
  resultsZip,
  type JobMeta,
  type OrgContext,
  type ResultsFilter,
  type ResultsSdfPoses,
} from '@mad/domain';
import { sendApiError } from './http-errors.js';

export const RESULTS_CSV_PATH = '/api/v1/jobs/:jobId/results.csv';
export const RESULTS_SDF_PATH = '/api/v1/jobs/:jobId/results.sdf';
export const RESULTS_ZIP_PATH = '/api/v1/jobs/:jobId/results.zip';

type CreateContext = (opts: { req: Request }) => Promise<Context>;

/**
 * Streams the file `produce` makes for the job: the access check and the first chunk before the 200 (errors until
 * then are the usual JSON error), then chunk by chunk with backpressure. `query` is what the route read itself out
 * of the query string; every other parameter goes to jobs.exports, whose strict input refuses it (400 naming it).
 */
function exportRoute(
  createContext: CreateContext,
  file: { extension: string; mediaType: string; ownParameters?: readonly string[] },
  produce: (
    ctx: Context & OrgContext,
    job: JobMeta,
    filter: ResultsFilter,
    query: Record<string, unknown>,
  ) => AsyncGenerator<string | Uint8Array>,
): RequestHandler {
  return async (req, res) => {
    const jobId = String(req.params.jobId);
    let chunks: AsyncGenerator<string | Uint8Array>;
    try {
      const ctx = await createContext({ req });
      const own: Record<string, unknown> = {};
      const rest: Record<string, unknown> = { ...(req.query as object) };
      for (const name of file.ownParameters ?? []) {
        if (name in rest) own[name] = rest[name];
        delete rest[name];
      }
      // The procedure checks access and refuses the query (400 naming the field); parsed again here for its values.
      await appRouter.createCaller(ctx).jobs.exports({ ...rest, jobId });
      const filter = resultsFilterOf(ResultsExportInput.parse({ ...rest, jobId }));
      const caller = orgContextOf(ctx, 'jobs:read'); // checked by the procedure; now typed
      const job = await jobOfCaller(caller, jobId);
      chunks = produce(caller, job, filter, own);
      const first = await chunks.next();
      res.status(200);
      res.setHeader('content-type', file.mediaType);
      res.setHeader('content-disposition', `attachment; filename="job-${jobId}-results.${file.extension}"`);
      res.setHeader('cache-control', 'private, no-store');
      res.write(first.value ?? '');
    } catch (error) {
      sendApiError(req, res, error);
      return;
    }
    try {
      for await (const chunk of chunks) {
        if (res.destroyed) break;
        if (!res.write(chunk)) await once(res, 'drain');
      }
      res.end();
    } catch (error) {
      // The header is out: all a client can be told is that the file is incomplete (the connection is cut).
      req.log?.error({ err: error, jobId }, `results.${file.extension} failed part-way`);
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  };
}

export function resultsCsvRoute(createContext: CreateContext): RequestHandler {
  return exportRoute(createContext, { extension: 'csv', mediaType: 'text/csv; charset=utf-8' }, (ctx, job, filter) =>
    resultsCsv(ctx.db, job, filter),
  );
}

/** ?poses=all (default) or top: every pose of each ligand or its best. */
function posesOf(query: Record<string, unknown>): ResultsSdfPoses {
  const value = query.poses ?? 'all';
  if (typeof value === 'string' && (RESULTS_SDF_POSES as readonly string[]).includes(value)) {
    return value as ResultsSdfPoses;
  }
  throw new AppError('BAD_REQUEST', `poses must be one of ${RESULTS_SDF_POSES.join(', ')}`, { field: ['poses'] });
}

export function resultsSdfRoute(createContext: CreateContext): RequestHandler {
  return exportRoute(
    createContext,
    { extension: 'sdf', mediaType: 'chemical/x-mdl-sdfile', ownParameters: ['poses'] },
    (ctx, job, filter, query) => {
      const poses = posesOf(query);
      if (!ctx.storage) throw new Error('this server has no object store');
      return resultsSdf(ctx.db, ctx.storage, job, poses, filter);
    },
  );
}

/** Every file of the job in one zip: results.csv, results.sdf, each ligand's files and a manifest (provenance). */
export function resultsZipRoute(createContext: CreateContext): RequestHandler {
  return exportRoute(createContext, { extension: 'zip', mediaType: 'application/zip' }, (ctx, job, filter) => {
    const storage = ctx.storage;
    if (!storage) throw new Error('this server has no object store');
    return (async function* () {
      const details = await jobStatus(ctx, job.jobId);
      yield* resultsZip(ctx.db, storage, job, details, { filter });
    })();
  });
}

const exportErrors = {
  '401': { description: 'Not signed in' },
  '403': { description: 'The caller lacks the permission jobs:read' },
  '404': { description: 'No such job in your organisation' },
};
const jobIdParameter = { name: 'jobId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

/**
 * The results list's filters as the exports' query parameters, from the one schema (a filter added to
 * ResultsFilterInput is documented here too).
 */
const filterParameters = Object.entries(ResultsFilterInput.shape).map(([name, schema]) => {
  const {
    $schema: _dialect,
    description,
    ...json
  } = z.toJSONSchema(schema, { io: 'output' }) as {
    $schema?: string;
    description?: string;
  } & Record<string, unknown>;
  return {
    name,
    in: 'query',
    required: false,
    description: description ?? `only ligands with this ${name} (as GET /api/v1/jobs/{jobId}/results)`,
    schema: json,
  };
});
const filterError = {
  '400': {
    description:
      'An unknown query parameter (the error names it), a filter of the wrong type or a minimum above its maximum',
  },
};

/** The routes in the served OpenAPI document (express, beside the REST bridge). */
export const resultsCsvOpenApiPath = {
  get: {
    operationId: 'jobs-resultsCsv',
    summary:
      "Every ligand of the job that passes the results list's filters (none: every ligand) as one CSV (streamed, ordinal order): outcome, best affinity, ligand efficiency, best pose's CNN scores, pose count, confidence, the best pose's validity (valid true|false, failed_checks: the failed checks' codes), cache origin, the uploaded molecule's properties, error",
    tags: ['jobs'],
    security: [{ Authorization: [] }],
    parameters: [jobIdParameter, ...filterParameters],
    responses: {
      '200': { description: 'The CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
      ...filterError,
      ...exportErrors,
    },
  },
};

export const resultsSdfOpenApiPath = {
  get: {
    operationId: 'jobs-resultsSdf',
    summary:
      "The poses of the job's ligands that pass the results list's filters as one SD file (streamed, ligand ordinal then pose rank), each titled with the ligand's name and carrying ligand_id, ordinal, name, molecule_id, smiles, status, pose_rank, affinity_kcal_mol, rmsd_lb, rmsd_ub, cnn_score, cnn_affinity, valid and failed_checks (the pose's validity checks; failed_checks only when some failed), confidence_score, cached_from_job_id and the molecule's properties as data items; ligands without poses are left out (results.csv lists them)",
    tags: ['jobs'],
    security: [{ Authorization: [] }],
    parameters: [
      jobIdParameter,
      ...filterParameters,
      {
        name: 'poses',
        in: 'query',
        required: false,
        description: "all: every pose of each ligand; top: each ligand's best pose (rank 1)",
        schema: { type: 'string', enum: [...RESULTS_SDF_POSES], default: 'all' },
      },
    ],
    responses: {
      '200': { description: 'The SD file', content: { 'chemical/x-mdl-sdfile': { schema: { type: 'string' } } } },
      '400': {
        description:
          'poses is not all or top, an unknown query parameter (the error names it), a filter of the wrong type or a minimum above its maximum',
      },
      ...exportErrors,
    },
  },
};

export const resultsZipOpenApiPath = {
  get: {
    operationId: 'jobs-resultsZip',
    summary:
      "Every file of the job (of the ligands that pass the results list's filters) as one zip (streamed): results.csv and results.sdf (every pose) as their own routes answer them, each ligand's stored files under ligands/<ordinal, 6 digits>/ (poses.sdf, poses.pdbqt, engine.log) and complex.pdb (the receptor with the ligand's best pose as HETATM LIG, chain L), and manifest.json last: format mad-results-zip/1, the job as GET /v1/jobs/{jobId} answers it, the receptor (id, name, format, SHA-256), the toolchain, the engine versions and agents that docked it, and files[] (path, bytes, sha256; ligandId, ordinal, file for a ligand's files)",
    tags: ['jobs'],
    security: [{ Authorization: [] }],
    parameters: [jobIdParameter, ...filterParameters],
    responses: {
      '200': {
        description: 'The zip',
        content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
      },
      ...filterError,
      ...exportErrors,
    },
  },
};
