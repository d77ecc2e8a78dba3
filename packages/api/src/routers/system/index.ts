import { router } from '../../trpc.js';
import { version } from './version.js';

export const systemRouter = router({ version });
