import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.js';

describe('retryDelayMs', () => {
  it('doubles the step per failure up to the ceiling, half of it random', () => {
    const low = (n: number) => retryDelayMs(n, { baseMs: 100, maxMs: 3_000, random: () => 0 });
    const high = (n: number) => retryDelayMs(n, { baseMs: 100, maxMs: 3_000, random: () => 1 });
    expect([0, 1, 2, 3, 4, 5, 10].map(low)).toEqual([50, 100, 200, 400, 800, 1_500, 1_500]);
    expect([0, 1, 2, 3, 4, 5, 10].map(high)).toEqual([100, 200, 400, 800, 1_600, 3_000, 3_000]);
  });

  it('spreads retries of the same failure count (jitter) and never returns zero', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(4)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(1_600);
    expect(retryDelayMs(1_000)).toBeLessThanOrEqual(10_000);
  });
});
