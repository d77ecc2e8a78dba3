import { router } from '../../trpc.js';
import { create } from './create.js';
import { list } from './list.js';
import { get } from './get.js';
import { update } from './update.js';
import { remove } from './delete.js';

export const projectsRouter = router({ list, get, create, update, delete: remove });
