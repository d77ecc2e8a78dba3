import { notRun, type Benchmark } from './context.js';

export const dashboardLoad: Benchmark = async () => notRun('dashboard', 'skipped', 'not written yet');
