import { router } from './trpc.js';
import { systemRouter } from './routers/system/index.js';
import { meRouter } from './routers/me/index.js';
import { orgsRouter } from './routers/orgs/index.js';
import { membersRouter } from './routers/members/index.js';
import { tokensRouter } from './routers/tokens/index.js';
import { providersRouter } from './routers/providers/index.js';

export const appRouter = router({
  system: systemRouter,
  me: meRouter,
  orgs: orgsRouter,
  members: membersRouter,
  tokens: tokensRouter,
  providers: providersRouter,
});

export type AppRouter = typeof appRouter;
