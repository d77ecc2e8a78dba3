// Two jobs side by side (issue 17 "job comparison"): the same ligands docked into two receptors, or with two parameter
// sets. Ligands are matched by molecule id (a ligand given as inline SMILES has none and is counted as unmatched);
// each matched row has both outcomes and the difference of the best affinities (second − first: negative means the
// second job scores it better). Both jobs must be the caller's organisation's (404 otherwise, as everywhere).
import { z } from 'zod';
import { sql } from 'kysely';
import { AppError, notFound } from '../errors.js';
import { jobOfCaller, type OrgContext } from './access.js';
import { PipelineId, StoredJobParams, JobStatus } from './schemas.js';
import { parseJobRow } from './stored.js';
import { BindingBox } from '@mad/protocol';

const Side = z.object({
  jobId: z.uuid(),
  name: z.string().nullable(),
  pipeline: PipelineId,
  status: JobStatus,
  receptorId: z.uuid(),
  receptorName: z.string().nullable().describe('null when the receptor was deleted since'),
  box: BindingBox,
  params: StoredJobParams,
  ligandCount: z.number().int(),
});

const Outcome = z.object({
  ligandId: z.string(),
  status: z.string(),
  bestAffinityKcalMol: z.number().nullable(),
});

export const JobComparison = z.object({
  first: Side,
  second: Side,
  differences: z
    .array(z.string())
    .describe('What differs between the two jobs: receptor, pipeline, box, params.<name> (empty: the same set-up)'),
  matched: z.number().int().describe('Ligands (molecules) docked by both jobs'),
  onlyFirst: z.number().int().describe('Ligands of the first job the second does not have (inline SMILES included)'),
  onlySecond: z.number().int().describe('Ligands of the second job the first does not have (inline SMILES included)'),
  ligands: z.array(
    z.object({
      moleculeId: z.uuid(),
      name: z.string(),
      first: Outcome,
      second: Outcome,
      deltaKcalMol: z
        .number()
        .nullable()
        .describe('second − first best affinity (kcal/mol; negative: better in the second); null unless both docked'),
    }),
  ),
  offset: z.number().int(),
  limit: z.number().int(),
});
export type JobComparison = z.infer<typeof JobComparison>;

export const COMPARE_SORTS = ['delta', 'first', 'second', 'name'] as const;

async function side(ctx: OrgContext, jobId: string) {
  const { resultsSchema } = await jobOfCaller(ctx, jobId);
  const row = await ctx.db
    .withSchema(resultsSchema)
    .selectFrom('jobs')
    .selectAll()
    .where('id', '=', jobId)
    .executeTakeFirst();
  if (!row) throw notFound(`job ${jobId}`);
  const job = parseJobRow(row);
  const receptor = await ctx.db
    .selectFrom('molecules')
    .select('name')
    .where('org_id', '=', ctx.principal.org.id)
    .where('id', '=', job.receptor_id)
    .executeTakeFirst();
  return {
    jobId,
    name: job.name,
    pipeline: job.pipeline,
    status: job.status,
    receptorId: job.receptor_id,
    receptorName: receptor?.name ?? null,
    box: job.box,
    params: job.params,
    ligandCount: job.ligand_count,
  };
}

function differences(a: z.infer<typeof Side>, b: z.infer<typeof Side>): string[] {
  const out: string[] = [];
  if (a.receptorId !== b.receptorId) out.push('receptor');
  if (a.pipeline !== b.pipeline) out.push('pipeline');
  if (JSON.stringify(a.box) !== JSON.stringify(b.box)) out.push('box');
  const keys = [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort();
  for (const key of keys) {
    const x = (a.params as Record<string, unknown>)[key];
    const y = (b.params as Record<string, unknown>)[key];
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`params.${key}`);
  }
  return out;
}

export async function compareJobs(
  ctx: OrgContext,
  input: {
    jobId: string;
    otherJobId: string;
    sort: (typeof COMPARE_SORTS)[number];
    order: 'asc' | 'desc';
    limit: number;
    offset: number;
  },
): Promise<JobComparison> {
  if (input.jobId === input.otherJobId)
    throw new AppError('BAD_REQUEST', 'compare a job with another job, not with itself', { field: ['otherJobId'] });
  const [first, second] = await Promise.all([side(ctx, input.jobId), side(ctx, input.otherJobId)]);
  const db = ctx.db.withSchema(ctx.principal.org.resultsSchema);
  const pairs = db
    .selectFrom('job_inputs as a')
    .innerJoin('job_inputs as b', (join) =>
      join.onRef('b.molecule_id', '=', 'a.molecule_id').on('b.job_id', '=', input.otherJobId),
    )
    .where('a.job_id', '=', input.jobId)
    .where('a.molecule_id', 'is not', null);
  const delta = sql<number | null>`b.best_affinity_kcal_mol - a.best_affinity_kcal_mol`;
  const orderBy = {
    delta,
    first: sql`a.best_affinity_kcal_mol`,
    second: sql`b.best_affinity_kcal_mol`,
    name: sql`a.name`,
  }[input.sort];
  const [rows, counted] = await Promise.all([
    pairs
      .select([
        'a.molecule_id as molecule_id',
        'a.name as name',
        'a.ligand_id as a_ligand',
        'a.status as a_status',
        'a.best_affinity_kcal_mol as a_best',
        'b.ligand_id as b_ligand',
        'b.status as b_status',
        'b.best_affinity_kcal_mol as b_best',
        delta.as('delta'),
      ])
      // Rows without the value last in either order; then the first job's order, so pages are stable.
      .orderBy(sql`${orderBy} ${sql.raw(input.order)} nulls last`)
      .orderBy('a.ordinal')
      .limit(input.limit)
      .offset(input.offset)
      .execute(),
    pairs.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const matched = Number(counted.n);
  return {
    first,
    second,
    differences: differences(first, second),
    matched,
    onlyFirst: first.ligandCount - matched,
    onlySecond: second.ligandCount - matched,
    ligands: rows.map((row) => ({
      moleculeId: row.molecule_id!,
      name: row.name,
      first: { ligandId: row.a_ligand, status: row.a_status, bestAffinityKcalMol: row.a_best },
      second: { ligandId: row.b_ligand, status: row.b_status, bestAffinityKcalMol: row.b_best },
      deltaKcalMol: row.delta === null ? null : Number(row.delta),
    })),
    offset: input.offset,
    limit: input.limit,
  };
}
