import { z } from 'zod';
import { notFound } from '../errors.js';
import { jobOfCaller, type JobContext } from '../jobs/access.js';
import { LIGAND_FILE_KIND } from './results.js';

export const JobLogsInput = z.strictObject({
  jobId: z.string().uuid(),
  taskId: z.string().uuid().optional().describe('A task of the job; default: its first task with a log'),
  ligandId: z.string().min(1).max(200).optional().describe("A ligand's engine log instead of the task log"),
});

/** A presigned, short-lived link to a log: the task's agent log, or one ligand's engine log. REST answers 302 to it. */
export async function jobLogsUrl(ctx: JobContext, input: z.infer<typeof JobLogsInput>) {
  const { resultsSchema, jobId } = await jobOfCaller(ctx, input.jobId);
  let query = ctx.db
    .withSchema(resultsSchema)
    .selectFrom('job_outputs')
    .select(['s3_key', 'kind', 'task_id', 'ligand_id'])
    .where('job_id', '=', jobId);
  query = input.ligandId
    ? query.where('kind', '=', 'ligand_log').where('ligand_id', '=', input.ligandId)
    : query.where('kind', '=', 'task_log');
  if (input.taskId) query = query.where('task_id', '=', input.taskId);
  const output = await query.orderBy('id').limit(1).executeTakeFirst();
  if (!output)
    throw notFound(
      input.ligandId ? `engine log of ligand ${input.ligandId} in job ${jobId}` : `task log of job ${jobId}`,
    );
  const fileName = output.kind === 'ligand_log' ? `${output.ligand_id}.log` : `task-${output.task_id}.log`;
  return { url: await ctx.jobs.presignGet(output.s3_key, fileName), taskId: output.task_id, kind: output.kind };
}

export const LigandFileInput = z.strictObject({
  jobId: z.string().uuid(),
  ligandId: z.string().min(1).max(200),
  file: z.enum(['poses.sdf', 'poses.pdbqt', 'engine.log']),
});

/**
 * A presigned, short-lived link to one of a ligand's files; the results carry stable links to the REST route that
 * answers 302 to it, so a page of results signs nothing. The newest attempt's file when a task ran more than once.
 */
export async function ligandFileUrl(ctx: JobContext, input: z.infer<typeof LigandFileInput>) {
  const { resultsSchema, jobId } = await jobOfCaller(ctx, input.jobId);
  const output = await ctx.db
    .withSchema(resultsSchema)
    .selectFrom('job_outputs')
    .select(['s3_key'])
    .where('job_id', '=', jobId)
    .where('ligand_id', '=', input.ligandId)
    .where('kind', '=', LIGAND_FILE_KIND[input.file])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!output) throw notFound(`${input.file} of ligand ${input.ligandId} in job ${jobId}`);
  const fileName = `${input.ligandId}_${input.file}`;
  return { url: await ctx.jobs.presignGet(output.s3_key, fileName) };
}
