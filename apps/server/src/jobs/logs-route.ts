// GET /api/v1/jobs/{jobId}/logs → 302 to a presigned log URL (trpc-to-openapi cannot answer redirects). The access
// check and the lookup are the jobs.logs procedure's, called through the router.
import type { Request, RequestHandler } from 'express';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { appRouter, type Context } from '@mad/api';

export function jobLogsRoute(createContext: (opts: { req: Request }) => Promise<Context>): RequestHandler {
  return async (req, res) => {
    try {
      const caller = appRouter.createCaller(await createContext({ req }));
      const query = req.query as Record<string, string | undefined>;
      const { url } = await caller.jobs.logs({
        jobId: String(req.params.jobId),
        ...(query.taskId ? { taskId: query.taskId } : {}),
        ...(query.ligandId ? { ligandId: query.ligandId } : {}),
      });
      res.redirect(302, url);
    } catch (error) {
      if (error instanceof TRPCError) {
        res.status(getHTTPStatusCodeFromError(error)).json({ code: error.code, message: error.message });
        return;
      }
      req.log.error({ err: error }, 'job logs route failed');
      res.status(500).json({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error' });
    }
  };
}

/** The REST bridge's response status for procedures that do not answer 200 (202 for job creation). */
export function restResponseMeta(statusByPath: Record<string, number>) {
  return ({ paths, errors }: { paths?: readonly string[]; errors: readonly unknown[] }) => {
    const status = errors.length === 0 && paths?.[0] ? statusByPath[paths[0]] : undefined;
    return status ? { status } : {};
  };
}
