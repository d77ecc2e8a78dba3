import { z } from 'zod';
import { sql } from 'kysely';
import { Pose } from '@mad/protocol';
import { procedure } from '../../trpc.js';
import { jobOfCaller, plane, type JobContext } from './access.js';
import { JobStatus } from './schemas.js';

export const JobResultsInput = z.object({
  jobId: z.string().uuid(),
  sort: z.enum(['affinity', 'ordinal', 'name']).default('affinity').describe('affinity: best (most negative) first'),
  order: z.enum(['asc', 'desc']).default('asc'),
  status: z.enum(['SUCCEEDED', 'FAILED', 'PENDING', 'RUNNING', 'CANCELLED']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const LigandOut = z.object({
  ligandId: z.string(),
  ordinal: z.number().int(),
  name: z.string(),
  moleculeId: z.string().nullable(),
  smiles: z.string().nullable(),
  status: z.string(),
  bestAffinityKcalMol: z.number().nullable(),
  error: z.object({ stage: z.string().nullable(), reason: z.string() }).nullable(),
  notes: z.array(z.string()),
  poses: z.array(Pose),
  /** Presigned, short-lived download links (null when the file does not exist). */
  files: z.object({ posesSdf: z.string().nullable(), posesPdbqt: z.string().nullable(), log: z.string().nullable() }),
});

export const JobResultsOutput = z.object({
  jobId: z.string().uuid(),
  status: JobStatus,
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  ligands: z.array(LigandOut),
});

export async function jobResults(ctx: JobContext, input: z.infer<typeof JobResultsInput>) {
  const { resultsSchema, jobId } = await jobOfCaller(ctx, input.jobId);
  const db = ctx.db.withSchema(resultsSchema);
  const job = await db.selectFrom('jobs').select('status').where('id', '=', jobId).executeTakeFirstOrThrow();
  let query = db.selectFrom('job_inputs').where('job_id', '=', jobId);
  if (input.status) query = query.where('status', '=', input.status);
  const total = (await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  const direction = input.order === 'desc' ? sql`desc` : sql`asc`;
  const orderBy =
    input.sort === 'affinity'
      ? sql`best_affinity_kcal_mol ${direction} nulls last, ordinal asc`
      : input.sort === 'name'
        ? sql`name ${direction}, ordinal asc`
        : sql`ordinal ${direction}`;
  const ligands = await query.selectAll().orderBy(orderBy as never).limit(input.limit).offset(input.offset).execute();
  const ids = ligands.map((l) => l.ligand_id);
  const [poses, outputs] = ids.length
    ? await Promise.all([
        db.selectFrom('docking_results').selectAll().where('job_id', '=', jobId).where('ligand_id', 'in', ids).orderBy('ligand_id').orderBy('pose_rank').execute(),
        db.selectFrom('job_outputs').select(['ligand_id', 'kind', 's3_key']).where('job_id', '=', jobId).where('ligand_id', 'in', ids).execute(),
      ])
    : [[], []];
  const link = async (ligandId: string, kind: string, fileName: string) => {
    const output = outputs.find((o) => o.ligand_id === ligandId && o.kind === kind);
    return output ? plane(ctx).presignGet(output.s3_key, fileName) : null;
  };
  return {
    jobId,
    status: job.status,
    total,
    offset: input.offset,
    limit: input.limit,
    ligands: await Promise.all(
      ligands.map(async (ligand) => ({
        ligandId: ligand.ligand_id,
        ordinal: ligand.ordinal,
        name: ligand.name,
        moleculeId: ligand.molecule_id,
        smiles: ligand.smiles,
        status: ligand.status,
        bestAffinityKcalMol: ligand.best_affinity_kcal_mol,
        error: ligand.error ? { stage: ligand.error_stage, reason: ligand.error } : null,
        notes: ligand.notes as string[],
        poses: poses
          .filter((p) => p.ligand_id === ligand.ligand_id)
          .map((p) => ({ rank: p.pose_rank, affinityKcalMol: p.affinity_kcal_mol, rmsdLowerBound: p.rmsd_lb, rmsdUpperBound: p.rmsd_ub, cnnScore: p.cnn_score, cnnAffinity: p.cnn_affinity, cnnVs: p.cnn_vs })),
        files: {
          posesSdf: await link(ligand.ligand_id, 'poses_sdf', `${ligand.ligand_id}_poses.sdf`),
          posesPdbqt: await link(ligand.ligand_id, 'poses_pdbqt', `${ligand.ligand_id}_poses.pdbqt`),
          log: await link(ligand.ligand_id, 'ligand_log', `${ligand.ligand_id}.log`),
        },
      })),
    ),
  };
}

export const results = procedure
  .meta({ access: 'jobs:read', openapi: { method: 'GET', path: '/v1/jobs/{jobId}/results', tags: ['jobs'], protect: true, summary: 'Per ligand: best affinity (kcal/mol), every pose, links to pose files, errors; sortable and paginated' } })
  .input(JobResultsInput)
  .output(JobResultsOutput)
  .query(({ ctx, input }) => jobResults(ctx as JobContext, input));
