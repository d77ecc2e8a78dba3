import { router } from './trpc.js';
import { lockCoercion } from './input-schemas.js';
import { systemRouter } from './routers/system/index.js';
import { moleculesRouter } from './routers/molecules/index.js';
import { meRouter } from './routers/me/index.js';
import { orgsRouter } from './routers/orgs/index.js';
import { membersRouter } from './routers/members/index.js';
import { tokensRouter } from './routers/tokens/index.js';
import { providersRouter } from './routers/providers/index.js';
import { jobsRouter } from './routers/jobs/index.js';
import { pipelinesRouter } from './routers/pipelines/index.js';
import { agentsRouter } from './routers/agents/index.js';
import { operationsRouter } from './routers/operations/index.js';
import { webhooksRouter } from './routers/webhooks/index.js';
import { projectsRouter } from './routers/projects/index.js';
import { ligandSetsRouter } from './routers/ligand-sets/index.js';

export const appRouter = router({
  system: systemRouter,
  molecules: moleculesRouter,
  me: meRouter,
  orgs: orgsRouter,
  members: membersRouter,
  tokens: tokensRouter,
  providers: providersRouter,
  jobs: jobsRouter,
  pipelines: pipelinesRouter,
  agents: agentsRouter,
  operations: operationsRouter,
  webhooks: webhooksRouter,
  projects: projectsRouter,
  ligandSets: ligandSetsRouter,
});

// The REST bridge would switch on string coercion of every number in the inputs (bodies included): see input-schemas.ts.
lockCoercion(appRouter);

export type AppRouter = typeof appRouter;
