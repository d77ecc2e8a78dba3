import { router } from '../../trpc.js';
import { add } from './add.js';
import { list } from './list.js';
import { remove } from './remove.js';
import { setRole } from './setRole.js';

export const membersRouter = router({ list, add, setRole, remove });
