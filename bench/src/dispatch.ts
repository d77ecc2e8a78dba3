import { notRun, type Benchmark } from './context.js';

export const dispatchThroughput: Benchmark = async () => notRun('dispatch throughput', 'skipped', 'not written yet');
