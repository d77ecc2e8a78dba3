// Two jobs side by side (jobs.compare): the same ligands docked into two receptors or with two parameter sets. The
// set-ups with what differs, then the ligands both jobs docked (matched by molecule id) with each best affinity and
// the difference (second − first; negative: better in the second), sortable on the server.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { Link, useLocation } from '../router.js';
import { ErrorState, QueryView, Empty } from '../ui/states.js';
import { DataTable } from '../ui/table.js';
import { fixed } from '../lib/format.js';

type Sort = 'delta' | 'first' | 'second' | 'name';

export default function ComparePage() {
  const { search } = useLocation();
  const first = search.get('a') ?? '';
  const second = search.get('b') ?? '';
  const [sort, setSort] = useState<Sort>('delta');
  const compared = useQuery(
    trpc.jobs.compare.queryOptions(
      { jobId: first, otherJobId: second, sort, limit: 500 },
      { enabled: first !== '' && second !== '' },
    ),
  );
  if (!first || !second) return <ErrorState error="Pick two jobs to compare on the jobs list." />;
  return (
    <>
      <h1>Compare jobs</h1>
      <QueryView query={compared} what="the comparison">
        {(data) => (
          <>
            <div className="grid-side">
              {(['first', 'second'] as const).map((which) => {
                const job = data[which];
                return (
                  <section key={which} className="panel" aria-label={`${which === 'first' ? 'First' : 'Second'} job`}>
                    <h2>
                      <Link to={`/jobs/${job.jobId}`}>{job.name ?? job.jobId.slice(0, 8)}</Link>
                    </h2>
                    <p className="small">
                      {job.receptorName ?? 'receptor deleted'} · {job.pipeline} · exhaustiveness{' '}
                      {job.params.exhaustiveness} · seed {job.params.seed} · {job.ligandCount} ligand(s) ·{' '}
                      {job.status.toLowerCase()}
                    </p>
                  </section>
                );
              })}
            </div>
            <p data-testid="compare-summary">
              {data.matched} ligand(s) in both; {data.onlyFirst} only in the first, {data.onlySecond} only in the
              second. {data.differences.length === 0 ? 'Same set-up.' : `Differs in: ${data.differences.join(', ')}.`}
            </p>
            <label className="field" style={{ maxWidth: 260 }}>
              Sort by
              <select value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)} aria-label="Sort by">
                <option value="delta">Δ affinity (second − first)</option>
                <option value="first">First job’s affinity</option>
                <option value="second">Second job’s affinity</option>
                <option value="name">Name</option>
              </select>
            </label>
            {data.ligands.length === 0 ? (
              <Empty title="No ligand in common">The two jobs docked no molecule of the library in common.</Empty>
            ) : (
              <DataTable
                label="Ligands of both jobs"
                wrap
                columns={[
                  'Ligand',
                  { label: 'First (kcal/mol)', numeric: true },
                  { label: 'Second (kcal/mol)', numeric: true },
                  { label: 'Δ (kcal/mol)', numeric: true },
                ]}
                rows={data.ligands}
                rowKey={(row) => row.moleculeId}
                cells={(row) => (
                  <>
                    <td>
                      <Link to={`/molecules/${row.moleculeId}`}>{row.name}</Link>
                    </td>
                    <td className="num">
                      {row.first.bestAffinityKcalMol === null
                        ? row.first.status.toLowerCase()
                        : fixed(row.first.bestAffinityKcalMol)}
                    </td>
                    <td className="num">
                      {row.second.bestAffinityKcalMol === null
                        ? row.second.status.toLowerCase()
                        : fixed(row.second.bestAffinityKcalMol)}
                    </td>
                    <td className="num">{row.deltaKcalMol === null ? '—' : fixed(row.deltaKcalMol)}</td>
                  </>
                )}
              />
            )}
          </>
        )}
      </QueryView>
    </>
  );
}
