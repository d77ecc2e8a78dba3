import { z } from 'zod';
import { procedure } from '../../trpc.js';
import { notFound } from '../../errors.js';
import { jobOfCaller, plane, type JobContext } from './access.js';

export const JobLogsInput = z.object({
  jobId: z.string().uuid(),
  taskId: z.string().uuid().optional().describe('A task of the job; default: its first task with a log'),
  ligandId: z.string().optional().describe("A ligand's engine log instead of the task log"),
});

/** A presigned, short-lived link to a log: the task's agent log, or one ligand's engine log. REST answers 302 to it. */
export async function jobLogsUrl(ctx: JobContext, input: z.infer<typeof JobLogsInput>) {
  const { resultsSchema, jobId } = await jobOfCaller(ctx, input.jobId);
  let query = ctx.db.withSchema(resultsSchema).selectFrom('job_outputs').select(['s3_key', 'kind', 'task_id', 'ligand_id']).where('job_id', '=', jobId);
  query = input.ligandId ? query.where('kind', '=', 'ligand_log').where('ligand_id', '=', input.ligandId) : query.where('kind', '=', 'task_log');
  if (input.taskId) query = query.where('task_id', '=', input.taskId);
  const output = await query.orderBy('id').limit(1).executeTakeFirst();
  if (!output) throw notFound(input.ligandId ? `engine log of ligand ${input.ligandId} in job ${jobId}` : `task log of job ${jobId}`);
  const fileName = output.kind === 'ligand_log' ? `${output.ligand_id}.log` : `task-${output.task_id}.log`;
  return { url: await plane(ctx).presignGet(output.s3_key, fileName), taskId: output.task_id, kind: output.kind };
}

export const logs = procedure
  .meta({ access: 'jobs:read' })
  .input(JobLogsInput)
  .output(z.object({ url: z.string(), taskId: z.string(), kind: z.string() }))
  .query(({ ctx, input }) => jobLogsUrl(ctx as JobContext, input));
