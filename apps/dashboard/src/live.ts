// Pushed updates into the TanStack Query cache: pages read jobs.list / jobs.status / agents.list as usual, and these
// subscriptions (SSE) keep those cached answers current. Nothing here polls; after a reconnect, when wake-ups may have
// been missed, the list is read once again.
import { useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import type { TRPCConnectionState } from '@trpc/client/unstable-internals';
import { trpc } from './trpc.js';
import type { RouterInputs } from './api-types.js';

/** Calls `onReconnect` each time the subscription is live again after having been live before. */
function useReconnects(onReconnect: () => void) {
  const wasLive = useRef(false);
  return (state: TRPCConnectionState<unknown>) => {
    if (state.state !== 'pending') return;
    if (wasLive.current) onReconnect();
    wasLive.current = true;
  };
}

/** Follows every job of the organisation: each pushed status updates jobs.status and the row of the listed page. */
export function useLiveJobs(listInput: RouterInputs['jobs']['list']) {
  const queryClient = useQueryClient();
  const listKey = trpc.jobs.list.queryKey(listInput);
  const onConnectionStateChange = useReconnects(
    () => void queryClient.invalidateQueries({ queryKey: trpc.jobs.list.pathKey() }),
  );
  return useSubscription(
    trpc.jobs.onListChanges.subscriptionOptions(undefined, {
      onConnectionStateChange,
      onData: (status) => {
        queryClient.setQueryData(trpc.jobs.status.queryKey({ jobId: status.jobId }), status);
        const list = queryClient.getQueryData(listKey);
        if (!list || !list.jobs.some((job) => job.jobId === status.jobId)) {
          // A job this page has not listed yet (just created): read the list again, once.
          void queryClient.invalidateQueries({ queryKey: listKey });
          return;
        }
        queryClient.setQueryData(listKey, {
          ...list,
          jobs: list.jobs.map((job) =>
            job.jobId === status.jobId ? { ...job, status: status.status, finishedAt: status.finishedAt } : job,
          ),
        });
      },
    }),
  );
}

/** Follows the agent fleet: each pushed fleet replaces the cached agents.list answer. */
export function useLiveAgents() {
  const queryClient = useQueryClient();
  // The feed sends the whole fleet on every (re)connect, so nothing needs re-reading after one.
  return useSubscription(
    trpc.agents.onChanges.subscriptionOptions(undefined, {
      onData: (fleet) => queryClient.setQueryData(trpc.agents.list.queryKey(), fleet),
    }),
  );
}
