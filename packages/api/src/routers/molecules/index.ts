import { router } from '../../trpc.js';
import { upload } from './upload.js';
import { list } from './list.js';
import { get } from './get.js';
import { remove } from './delete.js';
import { artifactLink } from './artifactLink.js';

export const moleculesRouter = router({ upload, list, get, delete: remove, artifactLink });
