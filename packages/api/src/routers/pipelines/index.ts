import { router } from '../../trpc.js';
import { createJobRest } from './create-job.js';
import { list } from './list.js';

export const pipelinesRouter = router({ list, createJob: createJobRest });

/** REST status codes other than 200, by procedure path (applied by the REST bridge's responseMeta). */
export const REST_STATUS: Record<string, number> = { 'pipelines.createJob': 202 };
