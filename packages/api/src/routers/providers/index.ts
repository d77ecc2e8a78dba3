import { router } from '../../trpc.js';
import { create } from './create.js';
import { list } from './list.js';
import { update } from './update.js';

export const providersRouter = router({ list, create, update });
