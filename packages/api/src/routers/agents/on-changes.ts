import { z } from 'zod';
import { jobProcedure } from '../../trpc.js';
import { fleet } from '@mad/domain';

/** A heartbeat bucket entry that expires (an agent killed without saying goodbye) makes no watch event: re-read this often. */
const EXPIRY_CHECK_MS = 5_000;

/**
 * The fleet, live (tRPC SSE subscription): the agents as agents.list returns them, once on connect and again whenever
 * it changes: an agent joins, heartbeats (busy slots, current tasks), drains, leaves, or its heartbeat expires.
 */
export const onChanges = jobProcedure
  .meta({ access: 'agents:read' })
  .input(z.void())
  .subscription(async function* ({ ctx, signal }) {
    const abort = signal ?? new AbortController().signal;
    let changed: boolean;
    let failure = null as { error: unknown } | null; // set inside callbacks (so not narrowed to null)
    let wake = () => {};
    abort.addEventListener('abort', () => wake(), { once: true });
    void (async () => {
      for await (const _ of ctx.jobs.agentNotifications(abort)) {
        changed = true;
        wake();
      }
    })().catch((error: unknown) => {
      failure = { error };
      wake();
    });
    let last = '';
    while (!abort.aborted) {
      if (failure) throw failure.error;
      changed = false;
      const current = await fleet(ctx);
      const text = JSON.stringify(current);
      if (text !== last) {
        last = text;
        yield current;
      }
      if (changed) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, EXPIRY_CHECK_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  });
