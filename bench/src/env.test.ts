import { describe, expect, it } from 'vitest';
import { parseEnv } from '@mad/env';
import { benchEnvSchema, sizesFor } from './env.js';

describe('bench environment', () => {
  it('defaults to the full sizes of the issue', () => {
    const sizes = sizesFor(parseEnv(benchEnvSchema, {}));
    expect(sizes).toMatchObject({
      engineLigands: 16,
      exhaustiveness: 8,
      dispatchTasks: 10_000,
      dispatchAgents: [1, 4],
      scaleLigands: 100_000,
      scaleRows: 1_000_000,
    });
  });

  it('takes a subset of benchmarks and overrides', () => {
    const env = parseEnv(benchEnvSchema, {
      BENCH_PROFILE: 'smoke',
      BENCH_ONLY: 'scale, dashboard',
      BENCH_DISPATCH_AGENTS: '2',
      BENCH_SCALE_ROWS: '5000',
    });
    expect(env.BENCH_ONLY).toEqual(['scale', 'dashboard']);
    expect(sizesFor(env)).toMatchObject({ dispatchAgents: [2], scaleRows: 5000, exhaustiveness: 1 });
  });

  it('rejects an unknown benchmark', () => {
    expect(() => parseEnv(benchEnvSchema, { BENCH_ONLY: 'engine,speed' })).toThrow(/BENCH_ONLY/);
  });
});
