import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats.js';

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes unsorted samples', () => {
    expect(summarize([30, 10, 20, 40])).toEqual({ count: 4, p50Ms: 20, p95Ms: 40, p99Ms: 40, maxMs: 40 });
  });
});
