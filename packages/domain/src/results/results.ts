import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@mad/db';
import { AppError, notFound } from '../errors.js';
import { jobOfCaller, type OrgContext } from '../jobs/access.js';
import { JobStatus } from '../jobs/schemas.js';
import { parseJobRow, parseNotes } from '../jobs/stored.js';
import { POSE_COLUMNS, PoseOut, ValidityOut, poseOfRow, validityOf, type PoseRow } from './poses.js';
import { stateCounts } from '../jobs/status.js';
import {
  decodeCursor,
  encodeCursor,
  keysetPage,
  LIGAND_COLUMNS,
  RESULTS_SORTS,
  type LigandRow,
  type PageOrder,
} from './pages.js';
import {
  FILTERED_PROPERTIES,
  LIPINSKI_RULE,
  ResultsFilterInput,
  VEBER_RULE,
  filtered,
  hasRanges,
  lipinskiOf,
  resultsFilterOf,
  veberOf,
  type FilteredProperty,
} from './filter.js';

export const JobResultsInput = z.strictObject({
  jobId: z.string().uuid(),
  sort: z
    .enum(RESULTS_SORTS)
    .default('affinity')
    .describe(
      'affinity: best (most negative) first; confidence; ligandEfficiency (-affinity / heavy atoms); a property of the molecule (molecularWeight, heavyAtoms, clogP, hbd, hba, tpsa, rotatableBonds). Ties by ordinal; ligands without the value (no affinity, an inline SMILES without stored properties) come last in either order',
    ),
  order: z.enum(['asc', 'desc']).default('asc'),
  ...ResultsFilterInput.shape,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Rows to skip; for deep pages prefer cursor (not with cursor: both is a 400 naming offset)'),
  cursor: z
    .string()
    .max(2_000)
    .optional()
    .describe(
      "Keyset pagination: the previous page's nextCursor (same sort, order and filters). Each page costs the same however deep; with an offset above 0 a 400 naming offset.",
    ),
});

export const LigandOut = z.object({
  ligandId: z.string(),
  ordinal: z.number().int(),
  name: z.string(),
  moleculeId: z.string().nullable(),
  smiles: z.string().nullable(),
  status: z.string(),
  bestAffinityKcalMol: z.number().nullable(),
  error: z.object({ stage: z.string().nullable(), reason: z.string() }).nullable(),
  notes: z.array(z.string()),
  properties: z
    .object({
      canonicalSmiles: z.string().nullable().describe("The uploaded molecule's canonical SMILES (RDKit)"),
      molecularWeight: z.number().nullable(),
      heavyAtoms: z.number().nullable(),
      clogP: z.number().nullable(),
      hbd: z.number().nullable(),
      hba: z.number().nullable(),
      tpsa: z.number().nullable(),
      rotatableBonds: z.number().nullable(),
      formalCharge: z.number().nullable(),
      lipinski: z.boolean().nullable().describe(`Passes Lipinski's rule of five: ${LIPINSKI_RULE}`),
      veber: z.boolean().nullable().describe(`Passes Veber's rule: ${VEBER_RULE}`),
    })
    .nullable()
    .describe(
      "The uploaded molecule's descriptors (RDKit, at upload) and its Lipinski/Veber flags; null for an inline SMILES (no stored molecule). The same values the property filters and sorts read",
    ),
  confidenceScore: z
    .number()
    .nullable()
    .describe(
      'How far to trust the top pose, 0..1: from the score gap to the best different pose and how many poses agree with the top one (gnina: its CNNscore); see DOCKING_SCIENCE.md "Confidence". null: not docked',
    ),
  provenance: z
    .object({
      signature: z.string().nullable().describe('The result signature (DOCKING_SCIENCE.md "Result signatures")'),
      cacheHit: z.boolean().describe('true: reused from a stored result, not docked by this job'),
      computedByJobId: z.string().uuid().describe('The job that docked it (this job, or the one it was reused from)'),
      agentId: z.string().nullable(),
      engine: z.string(),
      engineVersion: z.string().nullable(),
      preparationVersion: z.string().nullable(),
      seed: z.number().int(),
      interactionProfiler: z
        .string()
        .nullable()
        .describe("What found the best pose's interactions ('plip 2.2.2'); null when it was not profiled"),
    })
    .describe('What ran: engine and version, preparation version, seed, signature, which job and agent docked it'),
  validity: ValidityOut,
  poses: z.array(PoseOut),
  files: z
    .object({ posesSdf: z.string().nullable(), posesPdbqt: z.string().nullable(), log: z.string().nullable() })
    .describe(
      'Download links (null when the file does not exist): paths on this server, e.g. /api/v1/jobs/{jobId}/ligands/{ligandId}/poses.sdf, that check access like every route and answer 302 to a short-lived presigned URL. They do not expire.',
    ),
});
export type LigandOut = z.infer<typeof LigandOut>;

export const JobResultsOutput = z.object({
  jobId: z.string().uuid(),
  status: JobStatus,
  total: z.number().int().describe('Ligands of the job that match the status and every range filter'),
  offset: z.number().int(),
  limit: z.number().int(),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  ligands: z.array(LigandOut),
});

export type LigandFile = 'poses.sdf' | 'poses.pdbqt' | 'engine.log';
export const LIGAND_FILE_KIND = {
  'poses.sdf': 'poses_sdf',
  'poses.pdbqt': 'poses_pdbqt',
  'engine.log': 'ligand_log',
} as const;

/** A stable link to one of a ligand's files: our route, which checks access and redirects to a presigned URL. */
export function ligandFilePath(jobId: string, ligandId: string, file: LigandFile): string {
  return `/api/v1/jobs/${jobId}/ligands/${encodeURIComponent(ligandId)}/${file}`;
}

/** The job row a page of ligands is answered with (engine, seed, toolchain). */
const jobRowOf = async (db: Kysely<DB>, jobId: string) =>
  parseJobRow(await db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow());

/** A pose as the details statement answers it: the values of POSE_COLUMNS, in that order. */
type PoseValues = (number | boolean | string[] | object | null)[];
const poseOfValues = (values: PoseValues) => {
  // A plain loop: Object.fromEntries over a mapped array cost ~3 µs a pose, a third of a 1,000-pose page's CPU.
  const row: Record<string, PoseValues[number]> = {};
  for (let i = 0; i < POSE_COLUMNS.length; i += 1) row[POSE_COLUMNS[i]!] = values[i] ?? null;
  return poseOfRow(row as unknown as PoseRow);
};

/**
 * Poses (in rank order), which files exist and who docked each ligand of a page: one statement answering a row per
 * ligand, its poses as one JSON array, instead of three (a page's 1,000 pose rows parsed one by one, then the attempts
 * after them). Who docked: the attempt that succeeded for the task its best-ranked pose came from (this job's or the
 * reused one's).
 */
async function ligandDetails(db: Kysely<DB>, resultsSchema: string, jobId: string, ids: readonly string[]) {
  const table = (name: string) => sql.id(resultsSchema, name);
  if (ids.length === 0) return new Map<string, never>();
  const { rows } = await sql<{
    ligand_id: string;
    poses: PoseValues[] | null;
    kinds: string[] | null;
    agent_id: string | null;
    engine_version: string | null;
  }>`select l.ligand_id,
      (select json_agg(json_build_array(${sql.join(POSE_COLUMNS.map((c) => sql.ref(`d.${c}`)))}) order by d.pose_rank)
        from ${table('docking_results')} d where d.job_id = ${jobId} and d.ligand_id = l.ligand_id) as poses,
      (select array_agg(distinct o.kind) from ${table('job_outputs')} o
        where o.job_id = ${jobId} and o.ligand_id = l.ligand_id) as kinds,
      attempt.agent_id, attempt.engine_version
    from unnest(${ids}::text[]) as l(ligand_id)
    left join lateral (
      select e.agent_id, e.engine_version from ${table('task_executions')} e
      where e.status = 'SUCCEEDED' and e.task_id = (select d.task_id from ${table('docking_results')} d
        where d.job_id = ${jobId} and d.ligand_id = l.ligand_id order by d.pose_rank limit 1)
      limit 1) attempt on true`.execute(db);
  return new Map(rows.map((row) => [row.ligand_id, row]));
}

/** The page's molecules' descriptors (metadata schema, by primary key), with the rule flags. */
async function moleculeProperties(db: Kysely<DB>, ligands: readonly LigandRow[]) {
  const ids = [...new Set(ligands.flatMap((l) => (l.molecule_id ? [l.molecule_id] : [])))];
  const found = new Map<string, NonNullable<LigandOut['properties']>>();
  if (ids.length === 0) return found;
  const { rows } = await sql<{
    id: string;
    canonical_smiles: string | null;
    properties: Record<string, unknown> | null;
  }>`
    select id, canonical_smiles, properties from molecules where id = any(${ids}::uuid[])`.execute(db);
  for (const row of rows) {
    const stored = row.properties ?? {};
    const number = (key: string) => (typeof stored[key] === 'number' ? stored[key] : null);
    found.set(row.id, {
      canonicalSmiles: row.canonical_smiles,
      ...(Object.fromEntries(FILTERED_PROPERTIES.map((key) => [key, number(key)])) as Record<
        FilteredProperty,
        number | null
      >),
      lipinski: lipinskiOf(stored),
      veber: veberOf(stored),
    });
  }
  return found;
}

async function ligandsOut(
  db: Kysely<DB>,
  resultsSchema: string,
  job: Awaited<ReturnType<typeof jobRowOf>>,
  ligands: readonly LigandRow[],
): Promise<LigandOut[]> {
  const jobId = job.id;
  const toolchain = job.toolchain;
  const [details, properties] = await Promise.all([
    ligandDetails(
      db,
      resultsSchema,
      jobId,
      ligands.map((l) => l.ligand_id),
    ),
    moleculeProperties(db, ligands),
  ]);
  return ligands.map((ligand) => {
    const found = details.get(ligand.ligand_id);
    const kinds = new Set(found?.kinds ?? []);
    const poses = (found?.poses ?? []).map(poseOfValues);
    const profiler = poses[0]?.interactionProfiler ?? null;
    const link = (file: LigandFile) =>
      kinds.has(LIGAND_FILE_KIND[file]) ? ligandFilePath(jobId, ligand.ligand_id, file) : null;
    return {
      ligandId: ligand.ligand_id,
      ordinal: ligand.ordinal,
      name: ligand.name,
      moleculeId: ligand.molecule_id,
      smiles: ligand.smiles,
      status: ligand.status,
      bestAffinityKcalMol: ligand.best_affinity_kcal_mol,
      error: ligand.error ? { stage: ligand.error_stage, reason: ligand.error } : null,
      notes: parseNotes(ligand.notes),
      properties: ligand.molecule_id ? (properties.get(ligand.molecule_id) ?? null) : null,
      confidenceScore: ligand.confidence_score,
      validity: validityOf(ligand),
      provenance: {
        signature: ligand.signature,
        cacheHit: ligand.cached_from_job_id !== null,
        computedByJobId: ligand.cached_from_job_id ?? jobId,
        agentId: found?.agent_id ?? null,
        engine: job.pipeline,
        engineVersion: found?.engine_version ?? null,
        preparationVersion: toolchain?.preparationVersion ?? null,
        seed: job.params.seed,
        interactionProfiler: profiler ? `${profiler.name} ${profiler.version}` : null,
      },
      poses,
      files: { posesSdf: link('poses.sdf'), posesPdbqt: link('poses.pdbqt'), log: link('engine.log') },
    };
  });
}

type ResultsQuery = z.infer<typeof JobResultsInput>;

export async function jobResults(ctx: OrgContext, input: ResultsQuery) {
  // The job's state comes with the access check (jobs_meta mirrors jobs.status in the same transaction).
  const { resultsSchema, jobId, status } = await jobOfCaller(ctx, input.jobId);
  const db = ctx.db.withSchema(resultsSchema);
  const order: PageOrder = { sort: input.sort, order: input.order, filter: resultsFilterOf(input) };
  // A cursor says where the page starts, as an offset would: both is a conflict, refused before either is read
  // (offset=0, the default, skips nothing and goes with a cursor). The jobs list says the same.
  if (input.cursor !== undefined && input.offset > 0)
    throw new AppError('BAD_REQUEST', 'pass cursor or offset, not both', { field: ['offset'] });
  const after = input.cursor === undefined ? null : decodeCursor(input.cursor, order);

  const [counts, page, job, counted] = await Promise.all([
    stateCounts(db, jobId),
    keysetPage(db, jobId, order, { after, offset: input.offset, limit: input.limit }),
    jobRowOf(db, jobId),
    // With a range the job's per-state counts do not say how many match: one count over the job's rows.
    hasRanges(order.filter)
      ? filtered(db.selectFrom('job_inputs').where('job_id', '=', jobId), order.filter)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      : null,
  ]);
  const last = page.rows.at(-1);
  return {
    jobId,
    status,
    total: counted ? Number(counted.n) : input.status ? counts.ligands[input.status] : counts.ligands.total,
    offset: input.offset,
    limit: input.limit,
    nextCursor: page.more && last ? encodeCursor(order, last) : null,
    ligands: await ligandsOut(db, resultsSchema, job, page.rows),
  };
}

/** One ligand of a job: its best affinity, every pose and its file links. */
export async function jobLigand(ctx: OrgContext, input: { jobId: string; ligandId: string }): Promise<LigandOut> {
  const { resultsSchema, jobId } = await jobOfCaller(ctx, input.jobId);
  const db = ctx.db.withSchema(resultsSchema);
  const [ligand, job] = await Promise.all([
    db
      .selectFrom('job_inputs')
      .select(LIGAND_COLUMNS)
      .where('job_id', '=', jobId)
      .where('ligand_id', '=', input.ligandId)
      .executeTakeFirst(),
    jobRowOf(db, jobId),
  ]);
  if (!ligand) throw notFound(`ligand ${input.ligandId} in job ${jobId}`);
  return (await ligandsOut(db, resultsSchema, job, [ligand]))[0]!;
}
