// Jobs: every job of the organisation with its name, live state and progress; searchable by name.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { Link } from '../router.js';
import { useCan } from '../session.js';
import { QueryView, Empty } from '../ui/states.js';
import { ago } from '../lib/format.js';
import { useLiveJobs } from '../live.js';
import { DataTable } from '../ui/table.js';
import { JobProgress, LiveState, StatusBadge } from './job-parts.js';

export default function JobsPage() {
  const can = useCan();
  // The name searched for: the typed text, applied on Enter or Find (a half-typed name is no query).
  const [typed, setTyped] = useState('');
  const [name, setName] = useState('');
  const listInput = name ? { limit: 50, name } : { limit: 50 };
  // Read on mount (changes while this page was closed were not followed), then kept current by the organisation's
  // pushed job feed: no polling.
  const jobs = useQuery(trpc.jobs.list.queryOptions(listInput, { staleTime: 0 }));
  const live = useLiveJobs(listInput);
  return (
    <>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h1>
          Jobs <LiveState status={live.status} />
        </h1>
        {can('jobs:write') && (
          <Link to="/jobs/new" className="button primary">
            New docking job
          </Link>
        )}
      </div>
      <form
        className="row"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setName(typed.trim().slice(0, 200));
        }}
      >
        <label>
          Name{' '}
          <input
            type="search"
            value={typed}
            maxLength={200}
            placeholder="Search jobs by name"
            onChange={(event) => {
              setTyped(event.target.value);
              if (event.target.value.trim() === '') setName('');
            }}
          />
        </label>
        <button type="submit">Find</button>
      </form>
      <QueryView
        query={jobs}
        what="jobs"
        isEmpty={(data) => data.jobs.length === 0}
        empty={
          name ? (
            <Empty title={`No job named like “${name}”`}>Clear the search to see every job.</Empty>
          ) : (
            <Empty title="No jobs yet">
              {can('jobs:write') ? 'Start one with “New docking job”.' : 'Jobs your team runs will appear here.'}
            </Empty>
          )
        }
      >
        {(data) => (
          <DataTable
            label="Docking jobs"
            wrap
            columns={[
              'Job',
              'Name',
              'Engine',
              'State',
              { label: 'Progress', width: '30%' },
              { label: 'Ligands', numeric: true },
              'Created',
              'Finished',
            ]}
            rows={data.jobs}
            rowKey={(job) => job.jobId}
            cells={(job) => (
              <>
                <td>
                  <Link to={`/jobs/${job.jobId}`} className="mono">
                    {job.jobId.slice(0, 8)}
                  </Link>
                </td>
                <td title={job.description ?? undefined}>{job.name ?? '—'}</td>
                <td>{job.pipeline}</td>
                <td>
                  <StatusBadge status={job.status} />
                </td>
                <td>
                  <JobProgress jobId={job.jobId} />
                </td>
                <td className="num">{job.ligandCount}</td>
                <td>{ago(job.createdAt)}</td>
                <td>{job.finishedAt ? ago(job.finishedAt) : '—'}</td>
              </>
            )}
          />
        )}
      </QueryView>
    </>
  );
}
