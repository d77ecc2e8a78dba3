import { router } from '../../trpc.js';
import { create } from './create.js';
import { list } from './list.js';
import { get } from './get.js';
import { members } from './members.js';
import { remove } from './delete.js';

export const ligandSetsRouter = router({ list, get, members, create, delete: remove });
