// Jobs: every job of the organisation with its name, receptor, project, live state, progress, outcomes and best
// affinity; searchable by name, description or receptor, filtered by project; two ticked jobs open side by side.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { Link, navigate, useLocation } from '../router.js';
import { useCan } from '../session.js';
import { QueryView, Empty } from '../ui/states.js';
import { ago, fixed } from '../lib/format.js';
import { useLiveJobs } from '../live.js';
import { DataTable } from '../ui/table.js';
import { JobProgress, LiveState, StatusBadge } from './job-parts.js';

export default function JobsPage() {
  const can = useCan();
  const { search: params } = useLocation();
  const projectId = params.get('project') ?? '';
  // The text searched for: the typed text, applied on Enter or Find (a half-typed name is no query).
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const listInput = { limit: 50, ...(search ? { search } : {}), ...(projectId ? { projectId } : {}) };
  const projects = useQuery(trpc.projects.list.queryOptions({ limit: 200 }, { staleTime: 30_000 }));
  const projectName = (id: string | null) =>
    id ? (projects.data?.projects.find((p) => p.id === id)?.name ?? '…') : '—';
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
          setSearch(typed.trim().slice(0, 200));
        }}
      >
        <label>
          Search{' '}
          <input
            type="search"
            value={typed}
            maxLength={200}
            placeholder="Name, description or receptor"
            aria-label="Search jobs"
            onChange={(event) => {
              setTyped(event.target.value);
              if (event.target.value.trim() === '') setSearch('');
            }}
          />
        </label>
        <button type="submit">Find</button>
        <label>
          Project{' '}
          <select
            aria-label="Project"
            value={projectId}
            onChange={(e) => navigate(e.currentTarget.value ? `/jobs?project=${e.currentTarget.value}` : '/jobs')}
          >
            <option value="">All jobs</option>
            {(projects.data?.projects ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={picked.length !== 2}
          onClick={() => navigate(`/compare?a=${picked[0]}&b=${picked[1]}`)}
          title="Tick two jobs to see them side by side"
        >
          Compare {picked.length === 2 ? 'the two ticked' : '(tick two)'}
        </button>
      </form>
      <QueryView
        query={jobs}
        what="jobs"
        isEmpty={(data) => data.jobs.length === 0}
        empty={
          search ? (
            <Empty title={`No job matches “${search}”`}>Clear the search to see every job.</Empty>
          ) : projectId ? (
            <Empty title="No jobs in this project">Choose it in the new-job form to add one.</Empty>
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
              'Compare',
              'Job',
              'Name',
              'Receptor',
              'Project',
              'Engine',
              'State',
              { label: 'Progress', width: '20%' },
              { label: 'Ligands', numeric: true },
              { label: 'Best (kcal/mol)', numeric: true },
              'Created',
            ]}
            rows={data.jobs}
            rowKey={(job) => job.jobId}
            cells={(job) => (
              <>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare ${job.name ?? job.jobId.slice(0, 8)}`}
                    checked={picked.includes(job.jobId)}
                    disabled={!picked.includes(job.jobId) && picked.length >= 2}
                    onChange={(e) => {
                      const checked = e.currentTarget.checked;
                      setPicked((ids) => (checked ? [...ids, job.jobId] : ids.filter((id) => id !== job.jobId)));
                    }}
                  />
                </td>
                <td>
                  <Link to={`/jobs/${job.jobId}`} className="mono">
                    {job.jobId.slice(0, 8)}
                  </Link>
                </td>
                <td title={job.description ?? undefined}>{job.name ?? '—'}</td>
                <td>
                  {job.receptorName ? (
                    <Link to={`/molecules/${job.receptorId}`}>{job.receptorName}</Link>
                  ) : (
                    <span className="muted">deleted</span>
                  )}
                </td>
                <td>
                  {job.projectId ? (
                    <Link to={`/jobs?project=${job.projectId}`}>{projectName(job.projectId)}</Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{job.pipeline}</td>
                <td>
                  <StatusBadge status={job.status} />
                </td>
                <td>
                  <JobProgress jobId={job.jobId} />
                </td>
                <td
                  className="num"
                  title={`${job.ligands.succeeded} succeeded, ${job.ligands.failed} failed, ${job.ligands.cancelled} cancelled`}
                >
                  {job.ligandCount}
                  {job.ligands.failed > 0 && <span className="small muted"> ({job.ligands.failed} failed)</span>}
                </td>
                <td className="num">{job.bestAffinityKcalMol === null ? '—' : fixed(job.bestAffinityKcalMol)}</td>
                <td>{ago(job.createdAt)}</td>
              </>
            )}
          />
        )}
      </QueryView>
    </>
  );
}
