import { router } from '../../trpc.js';
import { createJobRest } from './create-job.js';
import { list } from './list.js';

export const pipelinesRouter = router({ list, createJob: createJobRest });
