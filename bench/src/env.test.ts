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
      scaleRows: 10_000_000,
      scaleEvents: 10_000_000,
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

  it('redocks every complex through the platform and vina directly by default; smoke takes two small ones', () => {
    expect(sizesFor(parseEnv(benchEnvSchema, {}))).toMatchObject({
      redockCases: undefined,
      redockRoutes: ['platform', 'direct'],
      redockSeed: 20261201,
      redockExhaustiveness: 8,
      vinaCache: null,
    });
    const smoke = sizesFor(
      parseEnv(benchEnvSchema, { BENCH_PROFILE: 'smoke', BENCH_REDOCK_ROUTES: 'agent', BENCH_VINA_CACHE: '/tmp/c' }),
    );
    expect(smoke).toMatchObject({ redockCases: ['er_estradiol', 'achbp_1uw6'], redockRoutes: ['agent'] });
    expect(smoke.vinaCache).toBe('/tmp/c');
    expect(() => parseEnv(benchEnvSchema, { BENCH_REDOCK_ROUTES: 'rest' })).toThrow(/BENCH_REDOCK_ROUTES/);
  });

  it('rejects an unknown benchmark', () => {
    expect(() => parseEnv(benchEnvSchema, { BENCH_ONLY: 'engine,speed' })).toThrow(/BENCH_ONLY/);
  });
});
