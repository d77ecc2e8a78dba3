// Where the files under test live: the repository root (scripts/, infra/) and the deployment folder.
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const infraDir = fileURLToPath(new URL('../../../infra/', import.meta.url));
