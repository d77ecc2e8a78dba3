import { router } from '../../trpc.js';
import { list } from './list.js';
import { onChanges } from './on-changes.js';

export const agentsRouter = router({ list, onChanges });
