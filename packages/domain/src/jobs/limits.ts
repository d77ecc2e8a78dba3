// Quotas on what one request and one organisation may ask of the fleet (issue 13: a box of 1e18 Å³ was accepted
// with a warning, and nothing bounded what one organisation queued). Hard limits on a request are 400s naming the
// field; an organisation over its share of active jobs or queued ligands gets 429 with a Retry-After, and nothing
// is stored. The server's environment sets them (JOB_MAX_*, ORG_MAX_*; README); project_design/JOBS.md explains them.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@mad/db';
import { ACTIVE_JOB_STATUSES, DOCKING_PARAM_BOUNDS } from '@mad/protocol';
import { boxVolumeAngstrom3, type BindingBox } from '@mad/chem';
import { AppError } from '../errors.js';

export interface JobLimits {
  /** Ligands in one job (JOB_MAX_LIGANDS). */
  maxLigandsPerJob: number;
  /** The search box's volume in Å³ (JOB_MAX_BOX_VOLUME): the engine's grids grow with it. */
  maxBoxVolumeAngstrom3: number;
  /**
   * The highest exhaustiveness a job may ask for (JOB_MAX_EXHAUSTIVENESS): the engine's work per ligand grows with
   * it. At most DOCKING_PARAM_BOUNDS.exhaustiveness.max (512), the bound of the task protocol the agents check.
   */
  maxExhaustiveness: number;
  /** Jobs of one organisation that are PENDING or RUNNING at once (ORG_MAX_ACTIVE_JOBS). */
  maxActiveJobs: number;
  /** Ligands of one organisation's active jobs together (ORG_MAX_LIGANDS_IN_FLIGHT). */
  maxLigandsInFlight: number;
  /** What a 429 tells the client to wait (QUOTA_RETRY_AFTER_SECONDS). */
  retryAfterSeconds: number;
  /**
   * New inline SMILES a request canonicalises itself (JOB_SIGN_AT_CREATION_MAX_SMILES); a job with more is accepted
   * at once and signed and looked up in the result cache by the dispatcher (sign.ts).
   */
  maxSmilesSignedAtCreation: number;
}

export const DEFAULT_JOB_LIMITS: JobLimits = {
  maxLigandsPerJob: 100_000,
  // A 100 Å cube: at Vina's 0.375 Å grid, ~19 million points per map.
  maxBoxVolumeAngstrom3: 1_000_000,
  maxExhaustiveness: DOCKING_PARAM_BOUNDS.exhaustiveness.max,
  maxActiveJobs: 50,
  maxLigandsInFlight: 500_000,
  retryAfterSeconds: 60,
  // ~1 s of RDKit at 0.5 ms per SMILES (more under load): a 10,000-ligand job seen before still answers at once.
  maxSmilesSignedAtCreation: 2_000,
};

/** The details of a 429 answer; the HTTP edges turn retryAfterSeconds into the Retry-After header. */
export interface QuotaDetails {
  quota: 'activeJobs' | 'ligandsInFlight';
  limit: number;
  current: number;
  requested: number;
  retryAfterSeconds: number;
}

/** Seconds to wait, when `error` is a quota refusal (for the Retry-After header), else null. */
export function retryAfterOf(error: unknown): number | null {
  const details = (error as { details?: unknown } | null)?.details as Partial<QuotaDetails> | undefined;
  return typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : null;
}

export function checkLigandCount(count: number, limits: JobLimits): void {
  if (count > limits.maxLigandsPerJob)
    throw new AppError(
      'BAD_REQUEST',
      `a job takes at most ${limits.maxLigandsPerJob} ligands (JOB_MAX_LIGANDS), this one has ${count}; split the library`,
      { field: ['ligands'], details: { limit: limits.maxLigandsPerJob, requested: count } },
    );
}

export function checkExhaustiveness(exhaustiveness: number, limits: JobLimits): void {
  if (exhaustiveness > limits.maxExhaustiveness)
    throw new AppError(
      'BAD_REQUEST',
      `params.exhaustiveness is at most ${limits.maxExhaustiveness} on this server (JOB_MAX_EXHAUSTIVENESS), this job asks for ${exhaustiveness}`,
      {
        field: ['params', 'exhaustiveness'],
        details: { limit: limits.maxExhaustiveness, requested: exhaustiveness },
      },
    );
}

export function checkBoxVolume(box: BindingBox, limits: JobLimits): void {
  const volume = boxVolumeAngstrom3(box);
  if (!(volume <= limits.maxBoxVolumeAngstrom3))
    throw new AppError(
      'BAD_REQUEST',
      `the search box is ${volume.toPrecision(3)} Å³ (${box.size.x} × ${box.size.y} × ${box.size.z} Å); at most ${limits.maxBoxVolumeAngstrom3} Å³ (JOB_MAX_BOX_VOLUME): use a box around the site, or dock blind on a smaller receptor`,
      { field: ['bindingSite'], details: { limit: limits.maxBoxVolumeAngstrom3, volume } },
    );
}

/** What an organisation's active (PENDING or RUNNING) jobs hold now: the usage its quotas count. */
export interface OrgUsage {
  activeJobs: number;
  ligandsInFlight: number;
}

/** The organisation's active jobs and their ligands: what checkOrgCapacity compares and the dashboard shows. */
export async function orgUsage(db: Kysely<DB> | Transaction<DB>, resultsSchema: string): Promise<OrgUsage> {
  const row = await db
    .withSchema(resultsSchema)
    .selectFrom('jobs')
    .select((eb) => [eb.fn.countAll<string>().as('jobs'), eb.fn.sum<string | null>('ligand_count').as('ligands')])
    .where('status', 'in', [...ACTIVE_JOB_STATUSES])
    .executeTakeFirstOrThrow();
  return { activeJobs: Number(row.jobs), ligandsInFlight: Number(row.ligands ?? 0) };
}

/**
 * Inside the creating transaction: waits for the organisation's other job creations (an advisory lock, so two
 * requests cannot both pass the check), then refuses with 429 when this job would take it over a quota.
 */
export async function checkOrgCapacity(
  trx: Transaction<DB>,
  org: { id: string; resultsSchema: string },
  ligands: number,
  limits: JobLimits,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`mad.jobs.create:${org.id}`}, 0))`.execute(trx);
  const { activeJobs: active, ligandsInFlight: inFlight } = await orgUsage(trx, org.resultsSchema);
  const refuse = (quota: QuotaDetails['quota'], limit: number, current: number, requested: number, what: string) => {
    const details: QuotaDetails = { quota, limit, current, requested, retryAfterSeconds: limits.retryAfterSeconds };
    throw new AppError('TOO_MANY_REQUESTS', what, { details });
  };
  if (active + 1 > limits.maxActiveJobs)
    refuse(
      'activeJobs',
      limits.maxActiveJobs,
      active,
      1,
      `your organisation has ${active} active jobs, the most it may have at once (ORG_MAX_ACTIVE_JOBS = ${limits.maxActiveJobs}); nothing was stored: retry when one finishes, or cancel one`,
    );
  if (inFlight + ligands > limits.maxLigandsInFlight)
    refuse(
      'ligandsInFlight',
      limits.maxLigandsInFlight,
      inFlight,
      ligands,
      `your organisation's active jobs hold ${inFlight} ligands; ${ligands} more would pass its limit of ${limits.maxLigandsInFlight} (ORG_MAX_LIGANDS_IN_FLIGHT); nothing was stored: retry when jobs finish`,
    );
}
