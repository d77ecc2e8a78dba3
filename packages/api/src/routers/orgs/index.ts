import { router } from '../../trpc.js';
import { create } from './create.js';
import { current } from './current.js';
import { quotas } from './quotas.js';
import { settingsRouter } from './settings.js';

export const orgsRouter = router({ current, create, quotas, settings: settingsRouter });
