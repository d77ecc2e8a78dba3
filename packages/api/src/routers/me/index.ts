import { router } from '../../trpc.js';
import { get } from './get.js';
import { switchOrg } from './switchOrg.js';

export const meRouter = router({ get, switchOrg });
