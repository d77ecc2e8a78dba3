import { z } from 'zod';
import { jobProcedure } from '../../trpc.js';
import { jobStatus } from '@mad/domain';

/** Bursts of reports (many tasks finishing together) are gathered this long into one status read per job. */
const COALESCE_MS = 300;

/**
 * The organisation's jobs, live (tRPC SSE subscription): each time a job of the caller's organisation changes (created
 * and dispatched, an event or result recorded, cancelled, failed by its deadline) its status as jobs.status returns
 * it. Nothing is replayed on connect: the client reads jobs.list, then follows this feed (and re-reads the list after
 * a reconnect, when wake-ups may have been missed). Woken by NATS; one status read per changed job per burst.
 */
export const onListChanges = jobProcedure
  .meta({ access: 'jobs:read' })
  .input(z.strictObject({}).optional())
  .subscription(async function* ({ ctx, signal }) {
    const abort = signal ?? new AbortController().signal;
    const pending = new Set<string>();
    let failure = null as { error: unknown } | null; // set inside callbacks (so not narrowed to null)
    let wake = () => {};
    abort.addEventListener('abort', () => wake(), { once: true });
    // The subscription is drained continuously so that ids gather in `pending` while a batch is being read.
    void (async () => {
      for await (const jobId of ctx.jobs.orgJobNotifications(ctx.principal.org.id, abort)) {
        pending.add(jobId);
        wake();
      }
    })().catch((error: unknown) => {
      failure = { error };
      wake();
    });
    while (!abort.aborted) {
      if (failure) throw failure.error;
      if (pending.size === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, COALESCE_MS));
      const jobIds = [...pending];
      pending.clear();
      for (const jobId of jobIds) {
        if (abort.aborted) return;
        yield await jobStatus(ctx, jobId);
      }
    }
  });
