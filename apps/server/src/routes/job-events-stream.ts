// GET /api/v1/jobs/{jobId}/events with `Accept: text/event-stream`: the job's events as Server-Sent Events for
// scripts. The events, their order and the end are jobs.onEvents' (called through the router, so access is the
// procedure's: 401/403 by role, 404 for another organisation's job, checked before the stream starts). Each event
// carries `id:` (its job_events id), so a reconnect with Last-Event-ID resumes after it: nothing lost, nothing twice.
// Without that Accept header the request goes on to the REST bridge (the JSON page of jobs.events).
import type { Request, RequestHandler } from 'express';
import { isTrackedEnvelope } from '@trpc/server';
import { appRouter, orgContextOf, refuseUnknownKeys, type Context } from '@mad/api';
import { AppError, jobOfCaller, jobRef } from '@mad/domain';
import { sendApiError } from './http-errors.js';

export const JOB_EVENTS_PATH = '/api/v1/jobs/:jobId/events';
export const DEFAULT_SSE_HEARTBEAT_MS = 15_000;

/** The event id to resume after: Last-Event-ID (a reconnect) over ?afterId (the first connect), 0 without either. */
function resumePoint(req: Request): number {
  refuseUnknownKeys(req.query, ['afterId']);
  const header = req.get('last-event-id');
  if (header !== undefined) {
    if (!/^\d{1,15}$/.test(header))
      throw new AppError('BAD_REQUEST', 'Last-Event-ID must be the id of an event (digits)', {
        field: ['Last-Event-ID'],
      });
    return Number(header);
  }
  const afterId = req.query.afterId;
  if (afterId === undefined) return 0;
  if (typeof afterId !== 'string' || !/^\d{1,15}$/.test(afterId))
    throw new AppError('BAD_REQUEST', 'afterId must be a non-negative integer', { field: ['afterId'] });
  return Number(afterId);
}

export function jobEventsStreamRoute(
  createContext: (opts: { req: Request }) => Promise<Context>,
  options: { heartbeatMs?: number | undefined } = {},
): RequestHandler {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_SSE_HEARTBEAT_MS;
  return async (req, res, next) => {
    if (req.accepts(['application/json', 'text/event-stream']) !== 'text/event-stream') return next();
    const jobId = String(req.params.jobId);
    const abort = new AbortController();
    let events: AsyncIterable<unknown>;
    let ctx: Context;
    try {
      const afterId = resumePoint(req);
      ctx = await createContext({ req });
      events = await appRouter
        .createCaller(ctx, { signal: abort.signal })
        .jobs.onEvents({ jobId, lastEventId: afterId });
      await jobOfCaller(orgContextOf(ctx, 'jobs:read'), jobId); // 404 before the stream starts (the generator checks only once read)
    } catch (error) {
      sendApiError(req, res, error);
      return;
    }
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-accel-buffering', 'no'); // proxies (nginx) pass each event on at once
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    res.on('close', () => abort.abort());
    try {
      for await (const item of events) {
        if (abort.signal.aborted) break;
        if (!isTrackedEnvelope(item)) continue;
        const [id, event] = item;
        res.write(`id: ${id}\ndata: ${JSON.stringify(event)}\n\n`);
      }
      if (!abort.signal.aborted) {
        const job = await jobRef(ctx.db, jobId);
        res.write(`event: end\ndata: ${JSON.stringify({ jobId, status: job?.status ?? null })}\n\n`);
      }
      res.end();
    } catch (error) {
      req.log?.error({ err: error, jobId }, 'job event stream failed part-way');
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    } finally {
      clearInterval(heartbeat);
      abort.abort();
    }
  };
}

/** The event-stream answer of GET /v1/jobs/{jobId}/events, added to the bridge's JSON one in the served document. */
export const jobEventsStreamContent = {
  'text/event-stream': {
    schema: {
      type: 'string',
      description:
        'Sent when the request has `Accept: text/event-stream`. Each job event as `id: <event id>` + `data: <the event as JSON, as in events[]>`, oldest first, from the start (or after `afterId`, or after the `Last-Event-ID` header on a reconnect: nothing lost or repeated); `: heartbeat` comments every 15 s; `event: end` with `{ jobId, status }` once the job is final and every event was sent, then the stream closes.',
    },
  },
};
