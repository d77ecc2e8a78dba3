// The organisation's quotas and what its active jobs use of them (orgs.quotas): beside Run docking on the new-job
// page, in full on the admin page. Per-job limits are refused with a 400, organisation limits with a 429 that names
// when to retry (project_design/JOBS.md "Quotas").
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import type { RouterOutputs } from '../api-types.js';

export type OrgQuotas = RouterOutputs['orgs']['quotas'];

const count = (n: number) => n.toLocaleString('en-GB');

export function useOrgQuotas() {
  // Usage moves as jobs finish: read it fresh whenever the page is shown.
  return useQuery(trpc.orgs.quotas.queryOptions(undefined, { staleTime: 0 }));
}

/** What a job of `ligands` ligands, this box volume and exhaustiveness breaks of the per-job limits, as form problems. */
export function jobLimitProblems(
  quotas: OrgQuotas | undefined,
  ligands: number,
  boxVolume: number | null,
  exhaustiveness?: number,
): string[] {
  if (!quotas) return [];
  const { limits } = quotas;
  return [
    exhaustiveness !== undefined &&
      exhaustiveness > limits.maxExhaustiveness &&
      `Exhaustiveness is at most ${count(limits.maxExhaustiveness)} on this server (JOB_MAX_EXHAUSTIVENESS); this job asks for ${count(exhaustiveness)}.`,
    ligands > limits.maxLigandsPerJob &&
      `A job takes at most ${count(limits.maxLigandsPerJob)} ligands; this one has ${count(ligands)}: split the library.`,
    boxVolume !== null &&
      boxVolume > limits.maxBoxVolumeAngstrom3 &&
      `The box is ${count(Math.round(boxVolume))} Å³; at most ${count(limits.maxBoxVolumeAngstrom3)} Å³: use a box around the site.`,
  ].filter((problem): problem is string => Boolean(problem));
}

/** One line of usage against its limit. */
function UsageRow({ label, used, limit }: { label: string; used: number; limit: number }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>
        {count(used)} of {count(limit)}
      </td>
    </tr>
  );
}

/** The organisation's usage and limits; `ligands` (the job being written) warns when it would pass a quota. */
export function QuotaSummary({ quotas, ligands }: { quotas: OrgQuotas; ligands?: number }) {
  const { limits, usage } = quotas;
  const overInFlight = ligands !== undefined && usage.ligandsInFlight + ligands > limits.maxLigandsInFlight;
  const overJobs = ligands !== undefined && usage.activeJobs + 1 > limits.maxActiveJobs;
  return (
    <div data-testid="quotas">
      <table className="small" aria-label="Quotas and usage">
        <tbody>
          <UsageRow label="Active jobs" used={usage.activeJobs} limit={limits.maxActiveJobs} />
          <UsageRow label="Ligands in flight" used={usage.ligandsInFlight} limit={limits.maxLigandsInFlight} />
          <tr>
            <th scope="row">Per job</th>
            <td>
              at most {count(limits.maxLigandsPerJob)} ligands, a box of {count(limits.maxBoxVolumeAngstrom3)} Å³,
              exhaustiveness {limits.maxExhaustiveness}
            </td>
          </tr>
          <tr>
            <th scope="row">Changes</th>
            <td>
              {limits.writesPerMinute === null
                ? 'no limit per minute'
                : `${count(limits.writesPerMinute)} per minute per person`}
            </td>
          </tr>
        </tbody>
      </table>
      {(overInFlight || overJobs) && (
        <p className="small" role="status" data-testid="quota-warning">
          {overJobs
            ? `Your organisation already runs ${count(usage.activeJobs)} jobs, its most at once`
            : `With these ${count(ligands ?? 0)} ligands your organisation's active jobs would pass its ${count(limits.maxLigandsInFlight)} ligands in flight`}
          : the server will refuse this job until others finish.
        </p>
      )}
    </div>
  );
}
