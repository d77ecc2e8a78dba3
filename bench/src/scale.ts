import { notRun, type Benchmark } from './context.js';

export const dataScale: Benchmark = async () => notRun('data scale', 'skipped', 'not written yet');
