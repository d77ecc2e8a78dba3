// The result cache (JOBS.md "Result cache"): a ligand whose signature has a fresh, confident stored result in the
// organisation's task_results is not docked again; its poses, notes and output files are the stored ones, and its
// row says which job computed them. The worker stores every computed result under its signature (storeLigandResults);
// job creation reuses them (reuseCachedResults). Everything is inside the organisation's results schema.
import { sql, type Kysely, type Transaction } from 'kysely';
import { readOrganizationSettings, type DB, type OrganizationSettingDefaults } from '@mad/db';
import type { Pose, PoseValidity } from '@mad/protocol';
import type { Toolchain } from './signature.js';

/** What a stored ligand result holds (task_results.result). */
export interface StoredLigandResult {
  poses: Pose[];
  notes: string[];
  bestAffinityKcalMol: number | null;
  /** The best pose's validity checks (each pose's are in `poses`); results stored before the checks have none. */
  validity?: PoseValidity;
  /** The computing job's output objects (poses SDF/PDBQT, engine log). */
  outputs: { kind: 'poses_sdf' | 'poses_pdbqt' | 'ligand_log'; s3Key: string }[];
  /** Per pose (rank order), its interactions' filter keys (poseRow's interaction_keys); absent before results 0009. */
  interactionKeys?: (string[] | null)[];
}

/** How a job may reuse results: its useCache, and the TTL and threshold in force (request's, else the organisation's). */
export interface CachePolicy {
  useCache: boolean;
  maxAgeDays: number;
  minConfidence: number;
}

export const reusesResults = (policy: CachePolicy) => policy.useCache && policy.maxAgeDays > 0;

/** A request's cache options, the organisation's settings where it gives none, the server defaults after that. */
export async function cachePolicyOf(
  db: Kysely<DB>,
  orgId: string,
  request: { useCache: boolean; cacheMaxAgeDays?: number | undefined; cacheMinConfidence?: number | undefined },
  defaults: Pick<OrganizationSettingDefaults, 'cacheTtlDays' | 'cacheMinConfidence'>,
): Promise<CachePolicy> {
  const own = await readOrganizationSettings(db, orgId);
  return {
    useCache: request.useCache,
    maxAgeDays: request.cacheMaxAgeDays ?? own.cacheTtlDays ?? defaults.cacheTtlDays,
    minConfidence: request.cacheMinConfidence ?? own.cacheMinConfidence ?? defaults.cacheMinConfidence,
  };
}

const table = (schema: string, name: string) => sql.table(`${schema}.${name}`);

/**
 * Marks every ligand of the (just inserted) job whose signature has a stored result younger than maxAgeDays and
 * at least minConfidence (a result without a confidence counts as 0) as SUCCEEDED from the cache: poses, notes,
 * best affinity, confidence, validity (the ligand's and each pose's) and output rows copied, cached_from_job_id set,
 * the stored result's hit counted. A result stored before the validity checks existed is not reused (its ligand is
 * docked again): a cache hit never answers without the validity a computed result has.
 * Answers how many ligands were reused and from which jobs.
 */
export async function reuseCachedResults(
  trx: Transaction<DB>,
  schema: string,
  jobId: string,
  policy: CachePolicy,
): Promise<{ reused: number; fromJobs: { jobId: string; ligands: number }[] }> {
  if (!reusesResults(policy)) return { reused: 0, fromJobs: [] };
  const hits = await sql<{ from_job: string; n: string }>`
    with hits as (
      select ji.ligand_id, tr.signature, tr.job_id as from_job, tr.task_id, tr.result, tr.confidence_score
      from ${table(schema, 'job_inputs')} ji join ${table(schema, 'task_results')} tr on tr.signature = ji.signature
      where ji.job_id = ${jobId}::uuid and tr.job_id <> ${jobId}::uuid
        and tr.created_at > now() - make_interval(days => ${policy.maxAgeDays}::int)
        and coalesce(tr.confidence_score, 0) >= ${policy.minConfidence}::float8
        and jsonb_typeof(tr.result->'validity') = 'object'
    ), ligands as (
      update ${table(schema, 'job_inputs')} ji set status = 'SUCCEEDED',
        best_affinity_kcal_mol = (h.result->>'bestAffinityKcalMol')::float8,
        notes = coalesce(h.result->'notes', '[]'::jsonb),
        confidence_score = h.confidence_score,
        valid = (h.result->'validity'->>'valid')::boolean,
        failed_checks = array(select jsonb_array_elements_text(h.result->'validity'->'failed')),
        cached_from_job_id = h.from_job
      from hits h where ji.job_id = ${jobId}::uuid and ji.ligand_id = h.ligand_id
      returning ji.ligand_id
    ), poses as (
      insert into ${table(schema, 'docking_results')} (job_id, ligand_id, pose_rank, affinity_kcal_mol, rmsd_lb, rmsd_ub, cnn_score, cnn_affinity, cnn_vs, task_id, valid, failed_checks, interactions, interaction_keys)
      select ${jobId}::uuid, h.ligand_id, p.rank, p."affinityKcalMol", p."rmsdLowerBound", p."rmsdUpperBound", p."cnnScore", p."cnnAffinity", p."cnnVs", h.task_id,
        (p.validity->>'valid')::boolean,
        case when jsonb_typeof(p.validity) = 'object' then array(select jsonb_array_elements_text(p.validity->'failed')) end,
        -- The interactions as poseRow stores them (absent from results stored before they existed: null).
        case when p.pose ? 'interactions' or p.pose ? 'interactionsReason' then jsonb_build_object(
          'interactions', p.pose->'interactions', 'reason', p.pose->'interactionsReason', 'profiler', p.pose->'interactionProfiler') end,
        case when jsonb_typeof(h.result->'interactionKeys'->(p.ord::int - 1)) = 'array'
          then array(select jsonb_array_elements_text(h.result->'interactionKeys'->(p.ord::int - 1))) end
      from hits h, jsonb_array_elements(h.result->'poses') with ordinality as e(pose, ord),
        lateral (select e.pose, e.ord, r.* from jsonb_to_record(e.pose) as r(rank int, "affinityKcalMol" float8, "rmsdLowerBound" float8,
          "rmsdUpperBound" float8, "cnnScore" float8, "cnnAffinity" float8, "cnnVs" float8, validity jsonb)) as p
    ), outputs as (
      insert into ${table(schema, 'job_outputs')} (job_id, task_id, ligand_id, kind, s3_key)
      select ${jobId}::uuid, h.task_id, h.ligand_id, o.kind, o."s3Key"
      from hits h, jsonb_to_recordset(h.result->'outputs') as o(kind text, "s3Key" text)
    ), counted as (
      update ${table(schema, 'task_results')} tr set hit_count = tr.hit_count + 1, last_used_at = now()
      from hits h where tr.signature = h.signature
    )
    select from_job, count(*) as n from hits group by from_job order by count(*) desc, from_job`.execute(trx);
  return {
    reused: hits.rows.reduce((sum, r) => sum + Number(r.n), 0),
    fromJobs: hits.rows.map((r) => ({ jobId: r.from_job, ligands: Number(r.n) })),
  };
}

/** A computed ligand result as the worker records it. */
export interface ComputedLigandResult {
  jobId: string;
  ligandId: string;
  taskId: string;
  agentId: string;
  /** The toolchain the agent reported (engine version, RDKit, Open Babel, preparation version). */
  toolchain: Toolchain;
  result: StoredLigandResult;
  confidence: number | null;
}

/**
 * Stores computed results under their ligands' signatures (the newest computation of a signature wins). Only when
 * the ligand has a signature and the agent ran the toolchain the job's signatures were made with: a result from
 * other versions (a mixed fleet) is recorded for its job but never reused as if it were the other's.
 */
export async function storeLigandResults(
  trx: Transaction<DB>,
  schema: string,
  rows: readonly ComputedLigandResult[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const stored = await sql`
    insert into ${table(schema, 'task_results')} as tr (signature, job_id, ligand_id, task_id, agent_id, engine, engine_version, toolchain, result, confidence_score)
    select distinct on (ji.signature) ji.signature, u.job_id, u.ligand_id, u.task_id, u.agent_id, j.pipeline, j.toolchain->>'engineVersion', j.toolchain, u.result::jsonb, u.confidence
    from unnest(${rows.map((r) => r.jobId)}::uuid[], ${rows.map((r) => r.ligandId)}::text[], ${rows.map((r) => r.taskId)}::uuid[],
      ${rows.map((r) => r.agentId)}::text[], ${rows.map((r) => JSON.stringify(r.toolchain))}::text[], ${rows.map((r) => JSON.stringify(r.result))}::text[],
      ${rows.map((r) => r.confidence)}::float8[]) as u(job_id, ligand_id, task_id, agent_id, toolchain, result, confidence)
    join ${table(schema, 'job_inputs')} ji on ji.job_id = u.job_id and ji.ligand_id = u.ligand_id
    join ${table(schema, 'jobs')} j on j.id = u.job_id
    where ji.signature is not null and j.toolchain = u.toolchain::jsonb
    order by ji.signature, u.job_id, u.ligand_id
    on conflict (signature) do update set job_id = excluded.job_id, ligand_id = excluded.ligand_id, task_id = excluded.task_id,
      agent_id = excluded.agent_id, engine = excluded.engine, engine_version = excluded.engine_version, toolchain = excluded.toolchain,
      result = excluded.result, confidence_score = excluded.confidence_score, created_at = now(), last_used_at = null`.execute(
    trx,
  );
  return Number(stored.numAffectedRows ?? 0);
}

/**
 * A job with a signature that finished with every ligand docked becomes its signature's canonical job
 * (result_cache); `hit` counts a job answered entirely from the cache instead (its canonical job stays).
 */
export async function recordCanonicalJob(
  trx: Transaction<DB>,
  schema: string,
  jobId: string,
  hit: boolean,
): Promise<void> {
  await sql`
    insert into ${table(schema, 'result_cache')} as rc (input_signature, job_id, hit_count, last_used_at)
    select j.input_signature, j.id, ${hit ? 1 : 0}, ${hit ? sql`now()` : sql`null`}
    from ${table(schema, 'jobs')} j
    where j.id = ${jobId}::uuid and j.input_signature is not null
      and not exists (select 1 from ${table(schema, 'job_inputs')} ji where ji.job_id = j.id and ji.status <> 'SUCCEEDED')
    on conflict (input_signature) do update set
      job_id = case when ${hit} then rc.job_id else excluded.job_id end,
      hit_count = rc.hit_count + ${hit ? 1 : 0},
      last_used_at = case when ${hit} then now() else rc.last_used_at end,
      created_at = case when ${hit} then rc.created_at else now() end`.execute(trx);
}

/** Forgets every stored result of the organisation (task_results and result_cache); answers how many results. */
export async function clearResultCache(trx: Transaction<DB>, schema: string): Promise<number> {
  await sql`delete from ${table(schema, 'result_cache')}`.execute(trx);
  const deleted = await sql`delete from ${table(schema, 'task_results')}`.execute(trx);
  return Number(deleted.numAffectedRows ?? 0);
}
