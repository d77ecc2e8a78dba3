import { router } from '../../trpc.js';
import { createJobRest } from './create-job.js';
import { list } from './list.js';

export const pipelinesRouter = router({ list, createJob: createJobRest });

/**
 * REST status codes other than 200, by procedure path (applied by the REST bridge's responseMeta), or a function of
 * the answer: a job the result cache completed at once is a 200 (the plan: "cache hits may return 200 immediately").
 */
export const REST_STATUS: Record<string, number | ((answer: unknown) => number)> = {
  'pipelines.createJob': (answer) => ((answer as { status?: string } | undefined)?.status === 'COMPLETED' ? 200 : 202),
};
