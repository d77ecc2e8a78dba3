// One job, live: state and progress, the event timeline (pushed over SSE), results (sortable, filterable), the 3D
// pose viewer with a pose switcher, per-ligand errors, downloads, logs, cancel and re-run.
import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { Link } from '../router.js';
import { useCan } from '../session.js';
import { Empty, ErrorState, QueryView } from '../ui/states.js';
import { filterRows, sortRows, type SortKey } from '../lib/results.js';
import { heavyAtomsFromSmiles } from '../lib/smiles.js';
import { duration, fixed } from '../lib/format.js';
import { estimateRemaining } from '../lib/estimate.js';
import type { BindingBox } from '@mad/chem/box';
import type { RouterOutputs } from '../api-types.js';
import { ProgressBar, StatusBadge, isActive } from './job-parts.js';
import { JobTimeline } from './JobTimeline.js';
import { ConfirmButton } from '../ui/table.js';
import {
  FailedLigands,
  FlaggedCount,
  PoseViewer,
  ResultsDownloads,
  ResultsFilters,
  ResultsTable,
  type LigandResult,
  type ResultRow,
} from './results-parts.js';
import { InteractionFingerprint } from './interactions-parts.js';
import { parseResidue } from '@mad/protocol/interaction-keys';

const RESULTS_PAGE = 500;

interface LibraryFacts {
  smiles: string | null;
  heavyAtoms: number | null;
}

/** Ligands docked from the library carry a moleculeId instead of a SMILES: their facts come from molecules.get. */
function toRow(ligand: LigandResult, library: ReadonlyMap<string, LibraryFacts>): ResultRow {
  const facts = ligand.moleculeId ? library.get(ligand.moleculeId) : undefined;
  const smiles = ligand.smiles ?? facts?.smiles ?? null;
  return {
    ...ligand,
    smiles,
    ligandName: ligand.name,
    affinityKcalMol: ligand.bestAffinityKcalMol,
    cnnScore: ligand.poses[0]?.cnnScore ?? null,
    heavyAtoms: facts?.heavyAtoms ?? (smiles ? heavyAtomsFromSmiles(smiles) : null),
  };
}

const LIBRARY_LOOKUPS = 100;

function useLibraryFacts(ligands: readonly LigandResult[]): Map<string, LibraryFacts> {
  const ids = [...new Set(ligands.flatMap((l) => (l.moleculeId && !l.smiles ? [l.moleculeId] : [])))].slice(
    0,
    LIBRARY_LOOKUPS,
  );
  const molecules = useQueries({
    queries: ids.map((moleculeId) => trpc.molecules.get.queryOptions({ moleculeId }, { staleTime: Infinity })),
  });
  const facts = new Map<string, LibraryFacts>();
  molecules.forEach((query, i) => {
    if (!query.data) return;
    const heavyAtoms = query.data.properties.heavyAtoms;
    facts.set(ids[i]!, {
      smiles: query.data.canonicalSmiles,
      heavyAtoms: typeof heavyAtoms === 'number' ? heavyAtoms : null,
    });
  });
  return facts;
}

export default function JobDetailPage({ params }: { params: Record<string, string> }) {
  const jobId = params.jobId!;
  const can = useCan();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.jobs.status.queryOptions({ jobId }));
  // Every pushed event refreshes the status and the results, so nothing on this page polls.
  const onEvent = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.jobs.status.queryKey({ jobId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.jobs.results.pathKey() });
  };

  const cancel = useMutation(
    trpc.jobs.cancel.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.jobs.status.queryKey({ jobId }) }),
    }),
  );

  return (
    <QueryView query={status} what="job">
      {(job) => {
        const done = job.ligands.SUCCEEDED + job.ligands.FAILED + job.ligands.CANCELLED;
        return (
          <>
            <p className="small">
              <Link to="/jobs">← Jobs</Link>
            </p>
            <div className="row" style={{ justifyContent: 'space-between' }}>
              <div>
                <h1>
                  {job.name ?? 'Job'} <span className="mono">{jobId.slice(0, 8)}</span>{' '}
                  <StatusBadge status={job.status} />
                </h1>
                {job.description && <p className="small job-description">{job.description}</p>}
              </div>
              <div className="row">
                {can('jobs:write') && isActive(job.status) && (
                  <ConfirmButton
                    question="Cancel this job? Running dockings stop; finished results stay."
                    disabled={cancel.isPending}
                    onConfirm={() => cancel.mutate({ jobId })}
                  >
                    Cancel job
                  </ConfirmButton>
                )}
                {can('jobs:write') && (
                  <Link to={`/jobs/new?from=${jobId}`} className="button">
                    Re-run with changes
                  </Link>
                )}
              </div>
            </div>
            <section className="panel" aria-label="Progress">
              <ProgressBar done={done} total={job.ligands.total} label="Job progress" />
              {isActive(job.status) && (
                <RemainingTime done={done} total={job.ligands.total} startedAt={job.startedAt} />
              )}
              <p className="small muted">
                {job.pipeline} · exhaustiveness {job.params.exhaustiveness} · seed {job.params.seed} · box centre (
                {fixed(job.box.center.x, 1)}, {fixed(job.box.center.y, 1)}, {fixed(job.box.center.z, 1)}) size{' '}
                {fixed(job.box.size.x, 1)}×{fixed(job.box.size.y, 1)}×{fixed(job.box.size.z, 1)} Å
                {job.ligands.FAILED > 0 && (
                  <strong style={{ color: 'var(--danger)' }}> · {job.ligands.FAILED} ligand(s) failed</strong>
                )}
              </p>
              {job.cache && <CacheReuseNote cache={job.cache} total={job.ligands.total} />}
              {job.error && <ErrorState error={job.error} />}
              {job.warnings.length > 0 && (
                <ul className="small" aria-label="Warnings">
                  {job.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              )}
              {cancel.error && <ErrorState error={cancel.error} />}
            </section>
            <div className="grid-side">
              <JobTimeline jobId={jobId} onEvent={onEvent} />
              <ResultsPanel jobId={jobId} receptorId={job.receptorId} box={job.box} cnn={job.pipeline === 'gnina'} />
            </div>
            <LogsPanel jobId={jobId} finished={!isActive(job.status)} />
          </>
        );
      }}
    </QueryView>
  );
}

type JobCacheReuse = NonNullable<RouterOutputs['jobs']['status']['cache']>;

/** "8 of 10 ligands reused from job 1a2b3c4d": which of this job's results are another job's, linked to it. */
function CacheReuseNote({ cache, total }: { cache: JobCacheReuse; total: number }) {
  const many = cache.fromJobs.length > 1;
  return (
    <p className="small" data-testid="cache-reuse">
      {cache.reusedLigands} of {total} ligands reused from job{many ? 's' : ''}{' '}
      {cache.fromJobs.map((from, index) => (
        <span key={from.jobId}>
          {index > 0 && ', '}
          <Link to={`/jobs/${from.jobId}`} className="mono" title={`job ${from.jobId}`}>
            {from.jobId.slice(0, 8)}
          </Link>
          {many && ` (${from.ligands})`}
        </span>
      ))}{' '}
      <span className="muted">(same inputs docked before with the same versions: not docked again)</span>
    </p>
  );
}

/** Time left at this job's own measured pace (ligands are recorded one by one as they are docked). */
function RemainingTime({ done, total, startedAt }: { done: number; total: number; startedAt: Date | null }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 5_000);
    return () => clearInterval(timer);
  }, []);
  const estimate = estimateRemaining(done, total, startedAt, now);
  return (
    <p className="small" data-testid="remaining">
      {!startedAt
        ? 'Waiting for an agent to start the first task.'
        : estimate.seconds === null
          ? `Running for ${duration(estimate.elapsedSeconds)}; the time left is estimated once the first ligand is docked.`
          : `About ${duration(estimate.seconds)} left at the pace measured so far (${estimate.done} ligand(s) in ${duration(estimate.elapsedSeconds)}).`}
    </p>
  );
}

/** `cnn`: the engine scores poses with a CNN (gnina); Vina and Smina have no such column. */
function ResultsPanel({
  jobId,
  receptorId,
  box,
  cnn,
}: {
  jobId: string;
  receptorId: string;
  box: BindingBox;
  cnn: boolean;
}) {
  const [interactsWith, setInteractsWith] = useState('');
  // The server filters by residue (the best pose's interactions); until the text reads as one, nothing is filtered.
  const residue = parseResidue(interactsWith) ? interactsWith.trim() : null;
  const results = useQuery(
    trpc.jobs.results.queryOptions({
      jobId,
      sort: 'affinity',
      limit: RESULTS_PAGE,
      ...(residue ? { interactsWith: residue } : {}),
    }),
  );
  // The job's flagged ligands (best pose fails the validity checks), counted by the server over every ligand.
  const flagged = useQuery(trpc.jobs.results.queryOptions({ jobId, valid: 'false', limit: 1 }));
  const [sortKey, setSortKey] = useState<SortKey>('affinity');
  const [text, setText] = useState('');
  const [maxAffinity, setMaxAffinity] = useState<number | ''>('');
  const [selected, setSelected] = useState<string | null>(null);
  const [poseIndex, setPoseIndex] = useState(0);
  const library = useLibraryFacts(results.data?.ligands ?? []);
  const libraryKey = [...library.keys()].join();
  // The map is rebuilt each render; its keys say when it changed.
  const rows = useMemo(
    () => (results.data?.ligands ?? []).map((ligand) => toRow(ligand, library)),
    [results.data, libraryKey],
  );
  const visible = useMemo(
    () => sortRows(filterRows(rows, { text, maxAffinity: maxAffinity === '' ? null : maxAffinity }), sortKey),
    [rows, text, maxAffinity, sortKey],
  );
  const current = rows.find((r) => r.ligandId === selected) ?? visible.find((r) => r.files.posesSdf) ?? null;
  const failed = rows.filter((r) => r.error);

  return (
    <section className="panel" aria-labelledby="results-heading">
      <ResultsDownloads jobId={jobId} rows={rows} />
      <ResultsFilters
        text={text}
        setText={setText}
        maxAffinity={maxAffinity}
        setMaxAffinity={setMaxAffinity}
        interactsWith={interactsWith}
        setInteractsWith={setInteractsWith}
      />
      <QueryView
        query={results}
        what="results"
        isEmpty={(data) => data.ligands.length === 0}
        empty={
          residue ? (
            <Empty title="No ligand matches">No ligand&apos;s best pose interacts with {residue}.</Empty>
          ) : (
            <Empty title="No results yet">Results appear here as ligands finish.</Empty>
          )
        }
      >
        {(data) => (
          <>
            {data.total > data.ligands.length && (
              <p className="small muted">
                Showing the best {data.ligands.length} of {data.total} ligands by affinity; the CSV and SDF cover these.
                Scripts can page through all of them with <code>GET /api/v1/jobs/{jobId}/results</code>.
              </p>
            )}
            <FlaggedCount flagged={flagged.data?.total ?? 0} />
            <ResultsTable
              visible={visible}
              current={current}
              cnn={cnn}
              sortKey={sortKey}
              setSortKey={setSortKey}
              onPick={(ligandId) => {
                setSelected(ligandId);
                setPoseIndex(0);
              }}
            />
            <FailedLigands failed={failed} />
            {current && (
              <PoseViewer
                jobId={jobId}
                receptorId={receptorId}
                box={box}
                current={current}
                poseIndex={poseIndex}
                setPoseIndex={setPoseIndex}
              />
            )}
            <InteractionFingerprint
              rows={visible
                .filter((r) => r.poses.length > 0)
                .map((r) => ({
                  ligandId: r.ligandId,
                  ligandName: r.ligandName,
                  interactions: r.poses[0]!.interactions,
                }))}
            />
          </>
        )}
      </QueryView>
    </section>
  );
}

function LogsPanel({ jobId, finished }: { jobId: string; finished: boolean }) {
  const [open, setOpen] = useState(false);
  const logs = useQuery({
    queryKey: ['job-logs', jobId, finished],
    enabled: open,
    queryFn: async () => {
      const response = await fetch(`/api/v1/jobs/${jobId}/logs`, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`logs: HTTP ${response.status}`);
      return response.text();
    },
  });
  return (
    <section className="panel" aria-labelledby="logs-heading">
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary id="logs-heading">Logs</summary>
        {open && (
          <QueryView query={logs} what="logs">
            {(text) => <pre className="logs">{text || '(empty)'}</pre>}
          </QueryView>
        )}
      </details>
    </section>
  );
}
