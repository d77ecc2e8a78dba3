import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { sql, type Transaction } from 'kysely';
import { DEFAULT_ORGANIZATION_SETTINGS, type DB, type OrganizationSettingDefaults } from '@mad/db';
import {
  canonicalSmilesOf,
  hetGroupCoordinates,
  ligandAtoms,
  parseReceptorAtoms,
  RECEPTOR_FORMATS,
  unknownSmilesCount,
  type LigandFileFormat,
  type ReceptorFormat,
} from '@mad/chem';
import { AppError, notFound } from '../errors.js';
import type { JobContext } from './access.js';
import { moleculesOfCaller, resolveBox, smilesProblems, type MoleculeFile } from './inputs.js';
import { CreatedJob, type CreateJobInput } from './schemas.js';
import { appendEvent } from './state.js';
import { projectOfOrg } from '../projects/projects.js';
import { ligandSetForJob } from '../ligand-sets/sets.js';
import { cachePolicyOf, reusesResults } from './cache.js';
import { fleetToolchain, type LigandIdentity, type Toolchain } from './signature.js';
import {
  applyResultCache,
  moleculeIdentity,
  recallCanonicalSmiles,
  signLigands,
  smilesIdentity,
  type CacheOutcome,
} from './sign.js';
import {
  checkBoxVolume,
  checkExhaustiveness,
  checkLigandCount,
  checkOrgCapacity,
  DEFAULT_JOB_LIMITS,
} from './limits.js';

// Rows per INSERT … SELECT FROM unnest(…): a few statements for 100,000 ligands, each a handful of array parameters
// (one per column) instead of thousands of placeholders.
const INSERT_CHUNK = 20_000;

/**
 * The job's ligands as columns: molecules first (in the order given), then inline SMILES (ligand_id inline-<n>).
 * `canonicalSmiles` is null when the inline SMILES are canonicalised and signed later, by the dispatcher.
 */
function ligandRows(
  input: CreateJobInput,
  moleculeOf: (moleculeId: string) => MoleculeFile,
  canonicalSmiles: readonly (string | null)[] | null,
) {
  const rows = {
    ligandId: [] as string[],
    ordinal: [] as number[],
    name: [] as string[],
    moleculeId: [] as (string | null)[],
    smiles: [] as (string | null)[],
    /** What is docked for each ligand (its part of the signature). */
    identity: [] as LigandIdentity[],
    signature: [] as (string | null)[],
  };
  input.ligandIds.forEach((id, index) => {
    const molecule = moleculeOf(id);
    rows.ligandId.push(id);
    rows.ordinal.push(index + 1);
    rows.name.push(molecule.name);
    rows.moleculeId.push(id);
    rows.smiles.push(null);
    rows.identity.push(moleculeIdentity(molecule));
  });
  input.ligands.forEach((ligand, index) => {
    const ordinal = input.ligandIds.length + index + 1;
    const given = ligand.smiles.trim();
    rows.ligandId.push(`inline-${index + 1}`);
    rows.ordinal.push(ordinal);
    rows.name.push(ligand.name ?? `ligand ${ordinal}`);
    rows.moleculeId.push(null);
    rows.smiles.push(given);
    rows.identity.push(smilesIdentity(given, canonicalSmiles?.[index] ?? null));
  });
  return rows;
}

/** The toolchain live agents would run the job with (null when none advertises the engine, or the fleet is unknown). */
async function currentToolchain(ctx: JobContext, engine: CreateJobInput['pipelineId']): Promise<Toolchain | null> {
  try {
    return fleetToolchain(await ctx.jobs.agents(), engine);
  } catch {
    return null;
  }
}

async function insertLigands(trx: Transaction<DB>, schema: string, jobId: string, rows: ReturnType<typeof ligandRows>) {
  const table = sql.table(`${schema}.job_inputs`);
  for (let start = 0; start < rows.ordinal.length; start += INSERT_CHUNK) {
    const end = start + INSERT_CHUNK;
    await sql`insert into ${table} (job_id, ligand_id, ordinal, name, molecule_id, smiles, signature)
      select ${jobId}::uuid, * from unnest(${rows.ligandId.slice(start, end)}::text[], ${rows.ordinal.slice(start, end)}::int[], ${rows.name.slice(start, end)}::text[], ${rows.moleculeId.slice(start, end)}::uuid[], ${rows.smiles.slice(start, end)}::text[], ${rows.signature.slice(start, end)}::text[])`.execute(
      trx,
    );
  }
}

/** A stable hash of the request, to tell a retry (same body) from a different request reusing an Idempotency-Key. */
export function requestHash(input: CreateJobInput): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value as Record<string, unknown>)
              .filter(([, v]) => v !== undefined)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  return createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex');
}

async function existingJob(ctx: JobContext, key: string, hash: string) {
  const row = await ctx.db
    .selectFrom('jobs_meta')
    .select(['id', 'status', 'request_hash'])
    .where('org_id', '=', ctx.principal.org.id)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== hash)
    throw new AppError('CONFLICT', `Idempotency-Key "${key}" was already used for a different request (job ${row.id})`);
  return { jobId: row.id, status: row.status, warnings: [] as string[] };
}

function isUniqueViolation(error: unknown) {
  return (error as { code?: string }).code === '23505';
}

/** A molecule's stored file; one deleted meanwhile (its object gone) is a 404 naming it, not a storage error. */
async function readStoredFile(ctx: JobContext, molecule: MoleculeFile): Promise<Buffer> {
  try {
    return await ctx.jobs.readObject(molecule.s3Key);
  } catch (error) {
    const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (name === 'NoSuchKey' || $metadata?.httpStatusCode === 404)
      throw notFound(`${molecule.kind} ${molecule.name} (deleted while this job was being created)`);
    throw error;
  }
}

async function readCoordinates(
  ctx: JobContext,
  molecule: MoleculeFile,
  hetatm?: { resName: string; chain: string; resSeq: number },
) {
  const text = (await readStoredFile(ctx, molecule)).toString('utf8');
  // A hetero group is one of the receptor's; the receptor's format was checked before (PDB, PDBQT or PDBx/mmCIF).
  const receptorFormat = molecule.format as ReceptorFormat;
  if (hetatm) return hetGroupCoordinates(text, hetatm, receptorFormat).map(([x, y, z]) => ({ x, y, z }));
  if (molecule.kind === 'receptor') return parseReceptorAtoms(text, receptorFormat).atoms;
  const atoms = ligandAtoms(text, molecule.format as LigandFileFormat);
  if (atoms.length === 0)
    throw new AppError('UNPROCESSABLE_CONTENT', `ligand ${molecule.name} has no 3D coordinates to build a box around`);
  return atoms;
}

/**
 * Holds the job's molecules (FOR SHARE) until the job commits, so a delete of one of them in the same instant (which
 * locks its row FOR UPDATE and only then checks for unfinished jobs: deleteMolecule) waits and then refuses, or went
 * first and this job is refused here, naming what is gone. A job never starts with an input that is not there.
 */
async function holdMolecules(trx: Transaction<DB>, orgId: string, ids: string[]): Promise<void> {
  const wanted = [...new Set(ids)];
  const held = await trx
    .selectFrom('molecules')
    .select('id')
    .where('org_id', '=', orgId)
    .where(sql<boolean>`id = any(${wanted}::uuid[])`)
    .forShare()
    .execute();
  const present = new Set(held.map((row) => row.id));
  const gone = wanted.filter((id) => !present.has(id));
  if (gone.length > 0)
    throw new AppError(
      'CONFLICT',
      `molecule(s) ${gone.slice(0, 10).join(', ')} were deleted while this job was being created; nothing was created`,
    );
}

/** The Idempotency-Key header: 1–200 printable ASCII characters (jobs_meta's check), else a 400 naming it. */
export function checkIdempotencyKey(key: string): void {
  if (key.length >= 1 && key.length <= 200 && /^[\x20-\x7e]+$/.test(key)) return;
  throw new AppError(
    'BAD_REQUEST',
    `the Idempotency-Key header must be 1–200 printable ASCII characters; it has ${key.length}${/[^\x20-\x7e]/.test(key) ? ', some not printable' : ''}`,
    { field: ['Idempotency-Key'] },
  );
}

/** Validates the request, writes the job rows and enqueues its dispatch in one transaction. */
export async function createJob(
  ctx: JobContext,
  input: CreateJobInput,
  idempotencyKey: string | null,
  settingDefaults: Pick<
    OrganizationSettingDefaults,
    'cacheTtlDays' | 'cacheMinConfidence'
  > = DEFAULT_ORGANIZATION_SETTINGS,
) {
  if (idempotencyKey !== null) checkIdempotencyKey(idempotencyKey);
  const hash = requestHash(input);
  if (idempotencyKey) {
    const existing = await existingJob(ctx, idempotencyKey, hash);
    if (existing) return existing;
  }
  if (input.projectId) await projectOfOrg(ctx, input.projectId, 'projectId');
  // A set's members join the ids given (after them), resolved once, here: the job's inputs are what it docks.
  if (input.ligandSetId) {
    const members = await ligandSetForJob(ctx, input.ligandSetId);
    const given = new Set(input.ligandIds);
    const twice = members.find((id) => given.has(id));
    if (twice)
      throw new AppError('BAD_REQUEST', `ligandIds lists ${twice}, a member of the ligand set ligandSetId too`, {
        field: ['ligandIds'],
      });
    input = { ...input, ligandIds: [...input.ligandIds, ...members] };
  }
  if (input.ligandIds.length + input.ligands.length === 0)
    throw new AppError(
      'BAD_REQUEST',
      'a job needs at least one ligand: ligandIds, ligandSetId or ligands [{ smiles, name }]',
    );
  const limits = ctx.jobLimits ?? DEFAULT_JOB_LIMITS;
  checkLigandCount(input.ligandIds.length + input.ligands.length, limits);
  checkExhaustiveness(input.params.exhaustiveness, limits);
  if (new Set(input.ligandIds).size !== input.ligandIds.length)
    throw new AppError('BAD_REQUEST', 'ligandIds lists a molecule twice');
  if (input.params.cnnScoring && input.pipelineId !== 'gnina')
    throw new AppError('BAD_REQUEST', `cnnScoring is a gnina parameter; pipeline ${input.pipelineId} has no CNN`);
  const { problems, count } = smilesProblems(input.ligands);
  if (count > 0) {
    throw new AppError(
      'BAD_REQUEST',
      `${count} ligand(s) are not SMILES, nothing was stored: ${problems.join('; ')}${count > problems.length ? `; and ${count - problems.length} more` : ''}`,
    );
  }

  const receptor = (await moleculesOfCaller(ctx, [input.receptorId], 'receptor')).get(input.receptorId)!;
  if (receptor.kind !== 'receptor')
    throw new AppError('BAD_REQUEST', `molecule ${receptor.name} is a ${receptor.kind}, not a receptor`);
  if (!(RECEPTOR_FORMATS as readonly string[]).includes(receptor.format))
    throw new AppError(
      'UNPROCESSABLE_CONTENT',
      `receptor ${receptor.name} is ${receptor.format}; docking needs a PDB, PDBQT or PDBx/mmCIF receptor`,
    );
  const ligandMolecules = await moleculesOfCaller(ctx, input.ligandIds, 'ligand');
  for (const [index, id] of input.ligandIds.entries()) {
    const ligand = ligandMolecules.get(id)!;
    if (ligand.kind !== 'ligand')
      throw new AppError('BAD_REQUEST', `ligand ${index + 1} (${ligand.name}) is a ${ligand.kind}, not a ligand`);
    if (ligand.format === 'smiles' && !ligand.smiles)
      throw new AppError('UNPROCESSABLE_CONTENT', `ligand ${index + 1} (${ligand.name}) has no SMILES to dock from`);
    if (!['sdf', 'mol2', 'pdbqt', 'pdb', 'smiles'].includes(ligand.format))
      throw new AppError(
        'UNPROCESSABLE_CONTENT',
        `ligand ${index + 1} (${ligand.name}) is ${ligand.format}; use SDF, MOL2, PDB or PDBQT`,
      );
  }
  const { box, warnings } = await resolveBox(ctx, input.bindingSite, receptor, (molecule, hetatm) =>
    readCoordinates(ctx, molecule, hetatm),
  );
  checkBoxVolume(box, limits);

  const jobId = randomUUID();
  const schema = ctx.principal.org.resultsSchema;
  const params = { ...input.params, seed: input.params.seed ?? randomInt(1, 2_147_483_647) };
  // Signatures (DOCKING_SCIENCE.md "Result signatures"): only with a known toolchain. More new SMILES than the
  // request may canonicalise: the job is accepted unsigned and the dispatcher signs it (sign.ts).
  const toolchain = await currentToolchain(ctx, input.pipelineId);
  const policy = await cachePolicyOf(ctx.db, ctx.principal.org.id, input, settingDefaults);
  const given = input.ligands.map((ligand) => ligand.smiles.trim());
  const tooMany = (unknown: number) => unknown > limits.maxSmilesSignedAtCreation;
  const deferred =
    toolchain !== null &&
    tooMany(unknownSmilesCount(given)) &&
    tooMany(await recallCanonicalSmiles(ctx.db, schema, given));
  const inputs = ligandRows(
    input,
    (id) => ligandMolecules.get(id)!,
    toolchain && !deferred ? await canonicalSmilesOf(given) : null,
  );
  let inputSignature: string | null = null;
  if (toolchain && !deferred) {
    const signed = signLigands(
      { engine: input.pipelineId, receptor: { sha256: receptor.sha256, format: receptor.format }, box, params },
      inputs.identity,
      toolchain,
    );
    inputs.signature = signed.signatures;
    inputSignature = signed.inputSignature;
  } else inputs.signature = inputs.identity.map(() => null);
  let reuse: CacheOutcome = { reused: 0, fromJobs: [], completed: false };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await holdMolecules(trx, ctx.principal.org.id, [
        receptor.id,
        ...input.ligandIds,
        ...(input.bindingSite.mode === 'autobox' && input.bindingSite.ligandId ? [input.bindingSite.ligandId] : []),
      ]);
      await checkOrgCapacity(trx, ctx.principal.org, inputs.ordinal.length, limits);
      await trx
        .insertInto('jobs_meta')
        .values({
          id: jobId,
          org_id: ctx.principal.org.id,
          results_schema: schema,
          pipeline: input.pipelineId,
          created_by: ctx.principal.userId,
          idempotency_key: idempotencyKey,
          request_hash: hash,
        })
        .execute();
      await trx
        .withSchema(schema)
        .insertInto('jobs')
        .values({
          id: jobId,
          pipeline: input.pipelineId,
          receptor_id: receptor.id,
          binding_site: JSON.stringify(input.bindingSite),
          box: JSON.stringify(box),
          params: JSON.stringify(params),
          warnings: JSON.stringify(warnings),
          ligand_count: inputs.ordinal.length,
          created_by: ctx.principal.userId,
          error: null,
          input_signature: inputSignature,
          toolchain: toolchain ? JSON.stringify(toolchain) : null,
          use_cache: input.useCache,
          // Not science: neither part of the result signatures nor of the cache's inputs (the request hash has them).
          name: input.name ?? null,
          description: input.description || null,
          project_id: input.projectId ?? null,
          ligand_set_id: input.ligandSetId ?? null,
        })
        .execute();
      await insertLigands(trx, schema, jobId, inputs);
      await appendEvent(trx, schema, {
        jobId,
        kind: 'created',
        message: `${inputs.ordinal.length} ligand(s), ${input.pipelineId}${warnings.length ? `; ${warnings.join('; ')}` : ''}`,
      });
      const job = { jobId, orgId: ctx.principal.org.id, resultsSchema: schema };
      if (toolchain && !deferred) reuse = await applyResultCache(trx, job, policy, inputs.ordinal.length);
      // Every ligand has a stored result: the job is complete now, nothing reaches an agent.
      if (reuse.completed) return;
      await ctx.jobs.enqueueDispatch(trx, { ...job, ...(deferred ? { cachePolicy: policy } : {}) });
    });
  } catch (error) {
    if (idempotencyKey && isUniqueViolation(error)) {
      const existing = await existingJob(ctx, idempotencyKey, hash);
      if (existing) return existing;
    }
    throw error;
  }
  const computed = inputs.ordinal.length - reuse.reused;
  // A deferred job's hits are counted by the dispatcher, once it knows them.
  if (!deferred)
    ctx.jobs.jobCreated(input.pipelineId, {
      hits: reuse.reused,
      misses: toolchain && reusesResults(policy) ? computed : 0,
      completed: reuse.completed,
    });
  return {
    jobId,
    status: reuse.completed ? ('COMPLETED' as const) : ('PENDING' as const),
    warnings,
    cache: {
      reusedLigands: reuse.reused,
      computedLigands: computed,
      fromJobs: reuse.fromJobs.map((from) => from.jobId),
      inputSignature,
      ...(deferred ? { lookupDeferred: true } : {}),
    },
  };
}

export const CreateJobOutput = CreatedJob;
export type CreateJobOutput = z.infer<typeof CreatedJob>;
