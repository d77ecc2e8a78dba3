import { router } from '../../trpc.js';
import { create } from './create.js';
import { list } from './list.js';
import { get } from './get.js';
import { update } from './update.js';
import { remove } from './delete.js';
import { deliveries } from './deliveries.js';
import { test } from './test.js';
import { rotateSecret } from './rotate-secret.js';

export const webhooksRouter = router({ list, get, create, update, delete: remove, deliveries, test, rotateSecret });
