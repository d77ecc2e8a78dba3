// Signing a job's ligands and reusing what the result cache holds for them (JOBS.md "Result cache"). Job creation
// does both inside the request when it is cheap; a job with more new SMILES than the request may canonicalise
// (JobLimits.maxSmilesSignedAtCreation: RDKit takes ~0.5 ms per SMILES, 50 s for 100,000) is accepted unsigned, and
// the dispatcher signs it and looks its ligands up before any task is made (signDeferredJob), with the same rules.
import { sql, type Transaction } from 'kysely';
import type { Database, DB } from '@mad/db';
import { canonicalSmilesOf, rememberCanonicalSmiles, unknownSmilesCount } from '@mad/chem';
import type { JobRef } from './access.js';
import { appendEvent, completeFromCache } from './state.js';
import { recordCanonicalJob, reuseCachedResults, type CachePolicy } from './cache.js';
import { loadMolecules, type MoleculeFile } from './inputs.js';
import type { CacheReuse } from './schemas.js';
import { parseJobRow } from './stored.js';
import { dockingKey, jobSignature, ligandSignature, type LigandIdentity, type Toolchain } from './signature.js';

/** Rows per UPDATE … FROM unnest(…) when the dispatcher writes the signatures. */
const SIGNATURE_CHUNK = 20_000;

/**
 * Before deciding a job is too large to sign in the request: the canonical forms the dispatcher stored for this
 * organisation's SMILES (canonical_smiles) join this process's memo. Answers how many are still unknown.
 */
export async function recallCanonicalSmiles(db: Database, schema: string, smiles: readonly string[]): Promise<number> {
  const unknown = [...new Set(smiles)];
  for (let start = 0; start < unknown.length; start += SIGNATURE_CHUNK) {
    const { rows } = await sql<{ smiles: string; canonical: string | null }>`
      select smiles, canonical from ${sql.table(`${schema}.canonical_smiles`)}
      where smiles = any(${unknown.slice(start, start + SIGNATURE_CHUNK)}::text[])`.execute(db);
    rememberCanonicalSmiles(rows.map((r) => [r.smiles, r.canonical] as const));
  }
  return unknownSmilesCount(smiles);
}

/** What is docked for a molecule ligand: a SMILES molecule from its stored canonical SMILES, a file as stored. */
export function moleculeIdentity(molecule: MoleculeFile): LigandIdentity {
  return molecule.format === 'smiles'
    ? { kind: 'smiles', smiles: molecule.smiles! }
    : { kind: 'file', sha256: molecule.sha256, format: molecule.format };
}

/**
 * An inline SMILES is signed by its canonical isomeric SMILES ('OCC' and 'CCO' are one ligand): the agent's
 * preparation starts from RDKit's canonical form, so how a SMILES is written does not change what is docked. It is
 * sent to the agent as given.
 */
export function smilesIdentity(given: string, canonical: string | null): LigandIdentity {
  return { kind: 'smiles', smiles: canonical ?? given };
}

/** The ligands' signatures and the job's, from the docking key's parts and the toolchain. */
export function signLigands(
  docking: Parameters<typeof dockingKey>[0],
  identities: readonly LigandIdentity[],
  toolchain: Toolchain,
): { signatures: string[]; inputSignature: string } {
  const key = dockingKey(docking);
  const signatures = identities.map((ligand) => ligandSignature(key, ligand, toolchain));
  return { signatures, inputSignature: jobSignature(signatures) };
}

export interface CacheOutcome {
  reused: number;
  fromJobs: { jobId: string; ligands: number }[];
  /** Every ligand was reused: the job is COMPLETED and nothing is dispatched. */
  completed: boolean;
}

/**
 * After the job's ligands carry their signatures: reuses the stored results (reuseCachedResults), writes what was
 * reused on the job, and completes the job when that was every ligand (then it becomes its signature's canonical
 * job as a hit). The caller dispatches the rest.
 */
export async function applyResultCache(
  trx: Transaction<DB>,
  job: JobRef,
  policy: CachePolicy,
  ligandCount: number,
): Promise<CacheOutcome> {
  const { reused, fromJobs } = await reuseCachedResults(trx, job.resultsSchema, job.jobId, policy);
  if (reused === 0) return { reused, fromJobs, completed: false };
  const cacheReuse: CacheReuse = { reusedLigands: reused, fromJobs };
  await trx
    .withSchema(job.resultsSchema)
    .updateTable('jobs')
    .set({ cache_reuse: JSON.stringify(cacheReuse) })
    .where('id', '=', job.jobId)
    .execute();
  const from = fromJobs.map((f) => f.jobId).join(', ');
  if (reused === ligandCount) {
    await completeFromCache(trx, job, `all ${reused} ligand(s) reused from ${from}`);
    await recordCanonicalJob(trx, job.resultsSchema, job.jobId, true);
    return { reused, fromJobs, completed: true };
  }
  await appendEvent(trx, job.resultsSchema, {
    jobId: job.jobId,
    kind: 'cache_reused',
    message: `${reused} of ${ligandCount} ligand(s) reused from ${from}`,
  });
  return { reused, fromJobs, completed: false };
}

/** A job accepted unsigned: its fleet's toolchain was recorded at creation but no signature yet. */
export const signingDeferred = <Row extends { toolchain: unknown; input_signature: string | null }>(
  row: Row,
): row is Row & { toolchain: NonNullable<Row['toolchain']> } => row.toolchain !== null && row.input_signature === null;

/**
 * The dispatcher's half of a large job's creation: canonicalises its inline SMILES (the chemistry pool, side by
 * side), signs every ligand with the toolchain recorded at creation, and reuses the cache's results as creation
 * would have. Null when there is nothing to do (signed already, not PENDING, or a dispatch retry got there first).
 */
export async function signDeferredJob(
  db: Database,
  job: JobRef,
  policy: CachePolicy,
): Promise<(CacheOutcome & { ligands: number }) | null> {
  const jobs = db.withSchema(job.resultsSchema);
  const row = parseJobRow(
    await jobs.selectFrom('jobs').selectAll().where('id', '=', job.jobId).executeTakeFirstOrThrow(),
  );
  if (row.status !== 'PENDING' || !signingDeferred(row)) return null;
  const toolchain = row.toolchain;
  const [receptor] = await loadMolecules(db, job.orgId, [row.receptor_id]);
  if (!receptor) return null; // the dispatch fails the job, naming the receptor
  const ligands = await jobs
    .selectFrom('job_inputs')
    .select(['ligand_id', 'molecule_id', 'smiles'])
    .where('job_id', '=', job.jobId)
    .orderBy('ordinal')
    .execute();
  const moleculeIds = [...new Set(ligands.flatMap((l) => (l.molecule_id ? [l.molecule_id] : [])))];
  const molecules = new Map<string, MoleculeFile>();
  for (let start = 0; start < moleculeIds.length; start += 1_000)
    for (const m of await loadMolecules(db, job.orgId, moleculeIds.slice(start, start + 1_000))) molecules.set(m.id, m);
  const inline = ligands.flatMap((l) => (l.molecule_id === null && l.smiles !== null ? [l.smiles] : []));
  const canonical = new Map<string, string | null>();
  (await canonicalSmilesOf(inline)).forEach((c, i) => canonical.set(inline[i]!, c));
  const identities = ligands.map((l): LigandIdentity | null => {
    if (l.molecule_id === null) return smilesIdentity(l.smiles!, canonical.get(l.smiles!) ?? null);
    const molecule = molecules.get(l.molecule_id);
    return molecule ? moleculeIdentity(molecule) : null;
  });
  // A molecule deleted since creation: the job cannot run (the dispatch fails it); nothing is signed.
  if (identities.some((identity) => identity === null)) return null;
  const { signatures, inputSignature } = signLigands(
    {
      engine: row.pipeline,
      receptor: { sha256: receptor.sha256, format: receptor.format },
      box: row.box,
      params: row.params,
    },
    identities as LigandIdentity[],
    toolchain,
  );
  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .withSchema(job.resultsSchema)
      .selectFrom('jobs')
      .select(['status', 'toolchain', 'input_signature', 'task_count'])
      .where('id', '=', job.jobId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.status !== 'PENDING' || !signingDeferred(locked) || locked.task_count > 0) return null;
    const table = sql.table(`${job.resultsSchema}.job_inputs`);
    for (let start = 0; start < ligands.length; start += SIGNATURE_CHUNK) {
      const end = start + SIGNATURE_CHUNK;
      await sql`update ${table} as ji set signature = s.signature
        from unnest(${ligands.slice(start, end).map((l) => l.ligand_id)}::text[], ${signatures.slice(start, end)}::text[]) as s(ligand_id, signature)
        where ji.job_id = ${job.jobId}::uuid and ji.ligand_id = s.ligand_id`.execute(trx);
    }
    const given = [...canonical.keys()];
    for (let start = 0; start < given.length; start += SIGNATURE_CHUNK) {
      const part = given.slice(start, start + SIGNATURE_CHUNK);
      await sql`insert into ${sql.table(`${job.resultsSchema}.canonical_smiles`)} (smiles, canonical)
        select * from unnest(${part}::text[], ${part.map((g) => canonical.get(g) ?? null)}::text[])
        on conflict (smiles) do nothing`.execute(trx);
    }
    await trx
      .withSchema(job.resultsSchema)
      .updateTable('jobs')
      .set({ input_signature: inputSignature })
      .where('id', '=', job.jobId)
      .execute();
    return { ...(await applyResultCache(trx, job, policy, ligands.length)), ligands: ligands.length };
  });
}
