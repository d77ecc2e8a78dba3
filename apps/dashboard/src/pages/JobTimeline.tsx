// A job's event timeline, pushed over SSE: the latest events on opening (a 100,000-ligand job records several per
// ligand), older ones a page at a time on request. A dropped connection resumes after the last event received:
// httpSubscriptionLink sends the last tracked() id back as lastEventId, so nothing is replayed or lost.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { trpc } from '../trpc.js';
import { Empty, ErrorState } from '../ui/states.js';
import type { RouterOutputs } from '../api-types.js';
import { mergeEvents } from '../lib/events.js';
import { LiveState } from './job-parts.js';

type JobEvent = RouterOutputs['jobs']['events']['events'][number];

/** Events sent on opening; each "older events" click loads as many again. */
const TAIL = 100;
/** Live events beyond this drop the oldest from the page (they can be loaded again). */
const TIMELINE_LIMIT = 1_000;

export function JobTimeline({ jobId, onEvent }: { jobId: string; onEvent: () => void }) {
  const queryClient = useQueryClient();
  const [events, setEvents] = useState<JobEvent[]>([]);
  const subscription = useSubscription(
    trpc.jobs.onEvents.subscriptionOptions(
      { jobId, tail: TAIL },
      {
        onData: (tracked) => {
          setEvents((list) => mergeEvents(list, [tracked.data]).slice(-TIMELINE_LIMIT));
          onEvent();
        },
      },
    ),
  );
  const older = useMutation({
    mutationFn: (beforeId: number) =>
      queryClient.fetchQuery(trpc.jobs.events.queryOptions({ jobId, beforeId, limit: TAIL })),
    onSuccess: (page) => setEvents((list) => mergeEvents(page.events, list)),
  });
  // The job's first event is always `created`: until it is on the page, older events exist.
  const hasOlder = events.length > 0 && events[0]!.kind !== 'created';

  return (
    <section className="panel" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">
        Timeline <span className="small muted">(newest first)</span> <LiveState status={subscription.status} />
      </h2>
      {events.length === 0 ? (
        <Empty title="No events yet" />
      ) : (
        <ol className="timeline" aria-live="polite" aria-label="Job events" reversed>
          {[...events].reverse().map((event) => (
            <li key={event.id}>
              <span className="mono small muted">{event.at.toLocaleTimeString()}</span> <strong>{event.kind}</strong>{' '}
              {event.message ?? ''}
              {event.progress !== null && <span className="small muted"> ({Math.round(event.progress * 100)}%)</span>}
            </li>
          ))}
        </ol>
      )}
      {hasOlder && (
        <button type="button" disabled={older.isPending} onClick={() => older.mutate(events[0]!.id)}>
          {older.isPending ? 'Loading…' : `Older events (${TAIL} more)`}
        </button>
      )}
      {older.error && <ErrorState error={older.error} />}
    </section>
  );
}
