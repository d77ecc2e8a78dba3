import { gninaEngine, sminaEngine } from './smina-gnina.js';
import type { DockingEngine, EngineName } from './types.js';
import { vinaEngine } from './vina.js';

export const engines: Record<EngineName, DockingEngine> = { vina: vinaEngine, smina: sminaEngine, gnina: gninaEngine };
export type * from './types.js';
export { defaultToolPaths } from './types.js';
