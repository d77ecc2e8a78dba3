import { router } from '../../trpc.js';
import { overview } from './overview.js';

export const operationsRouter = router({ overview });
