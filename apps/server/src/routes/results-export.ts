// GET /api/v1/jobs/{jobId}/results.csv: every ligand of a job in one CSV, streamed as the database pages come (a
// 100,000-ligand job never sits in memory). The access check is the jobs.exports procedure's, through the router
// (401/403/404 as every route); the rows are @mad/domain's resultsCsv.
import { once } from 'node:events';
import type { Request, RequestHandler } from 'express';
import { appRouter, type Context } from '@mad/api';
import { jobOfCaller, resultsCsv, type OrgContext } from '@mad/domain';
import { sendApiError } from './http-errors.js';

export const RESULTS_CSV_PATH = '/api/v1/jobs/:jobId/results.csv';

export function resultsCsvRoute(createContext: (opts: { req: Request }) => Promise<Context>): RequestHandler {
  return async (req, res) => {
    const jobId = String(req.params.jobId);
    let rows: AsyncGenerator<string>;
    try {
      const ctx = await createContext({ req });
      // Query parameters go to the procedure too: its strict input refuses unknown ones (400 naming them).
      await appRouter.createCaller(ctx).jobs.exports({ ...(req.query as object), jobId });
      const job = await jobOfCaller(ctx as OrgContext, jobId);
      rows = resultsCsv(ctx.db, job);
      const header = await rows.next();
      res.status(200);
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="job-${jobId}-results.csv"`);
      res.setHeader('cache-control', 'private, no-store');
      res.write(header.value ?? '');
    } catch (error) {
      sendApiError(req, res, error);
      return;
    }
    try {
      for await (const chunk of rows) {
        if (res.destroyed) break;
        if (!res.write(chunk)) await once(res, 'drain');
      }
      res.end();
    } catch (error) {
      // The header is out: all a client can be told is that the file is incomplete (the connection is cut).
      req.log?.error({ err: error, jobId }, 'results.csv failed part-way');
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  };
}

/** The route in the served OpenAPI document (express, beside the REST bridge). */
export const resultsCsvOpenApiPath = {
  get: {
    operationId: 'jobs-resultsCsv',
    summary:
      "Every ligand of the job as one CSV (streamed, ordinal order): outcome, best affinity, ligand efficiency, best pose's CNN scores, pose count, confidence, cache origin, the uploaded molecule's properties, error",
    tags: ['jobs'],
    security: [{ Authorization: [] }],
    parameters: [{ name: 'jobId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
    responses: {
      '200': { description: 'The CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
      '401': { description: 'Not signed in' },
      '403': { description: 'The caller lacks the permission jobs:read' },
      '404': { description: 'No such job in your organisation' },
    },
  },
};
