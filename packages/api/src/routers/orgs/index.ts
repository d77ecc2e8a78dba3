import { router } from '../../trpc.js';
import { create } from './create.js';
import { current } from './current.js';

export const orgsRouter = router({ current, create });
