// Pieces shared by the job list and the job page.
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.js';

export { isActiveJobStatus as isActive } from '@mad/protocol/statuses';

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${status.toLowerCase()}`}>{status.toLowerCase()}</span>;
}

export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const value = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  return (
    <div className="row" style={{ flexWrap: 'nowrap', gap: 8 }}>
      <progress max={100} value={value} aria-label={label} aria-valuetext={`${value}% (${done} of ${total} ligands)`} />
      <span className="small mono" data-testid="progress-text" style={{ minWidth: 90 }}>
        {value}% ({done}/{total})
      </span>
    </div>
  );
}

/** A job's progress from its status: read on mount, then replaced by each status the jobs feed pushes (live.ts). */
export function JobProgress({ jobId }: { jobId: string }) {
  const status = useQuery(trpc.jobs.status.queryOptions({ jobId }, { staleTime: 0 }));
  if (!status.data) return <span className="small muted">…</span>;
  const { ligands } = status.data;
  return (
    <ProgressBar
      done={ligands.SUCCEEDED + ligands.FAILED + ligands.CANCELLED}
      total={ligands.total}
      label={`Progress of job ${jobId.slice(0, 8)}`}
    />
  );
}

/** What a pushed feed is doing, for the heading of a live page. */
export function LiveState({ status }: { status: 'idle' | 'connecting' | 'pending' | 'error' }) {
  const text =
    status === 'pending'
      ? '(live)'
      : status === 'connecting'
        ? '(connecting…)'
        : status === 'error'
          ? '(live updates interrupted; reconnecting)'
          : '';
  return (
    <span className="small muted" data-testid="live-state">
      {text}
    </span>
  );
}
