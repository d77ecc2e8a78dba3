import { afterEach, describe, expect, it } from 'vitest';
import {
  HTTP_BUCKETS,
  createRegistry,
  histogramQuantile,
  httpMetrics,
  requestTotals,
  requestWindow,
  signalsBetween,
  type RequestWindow,
} from './index.js';

describe('histogramQuantile (Prometheus histogram_quantile)', () => {
  const bounds = [0.1, 0.5, 1];
  it('interpolates linearly inside the bucket that holds the rank', () => {
    // 10 requests: 4 under 100 ms, 4 more under 500 ms, 2 more under 1 s.
    const cumulative = [4, 8, 10];
    // p50: rank 5, the second bucket (0.1–0.5] holds ranks 5..8: 0.1 + 0.4 × (5 − 4) / 4.
    expect(histogramQuantile(0.5, bounds, cumulative, 10)).toBeCloseTo(0.2, 10);
    // p99: rank 9.9 in (0.5–1]: 0.5 + 0.5 × (9.9 − 8) / 2.
    expect(histogramQuantile(0.99, bounds, cumulative, 10)).toBeCloseTo(0.975, 10);
    // The first bucket starts at 0.
    expect(histogramQuantile(0.2, bounds, cumulative, 10)).toBeCloseTo(0.05, 10);
  });
  it('answers the largest finite bound for a rank in +Inf, and null without requests', () => {
    expect(histogramQuantile(0.99, bounds, [1, 1, 1], 10)).toBe(1);
    expect(histogramQuantile(0.5, bounds, [0, 0, 0], 0)).toBeNull();
  });
});

describe('the API signals from the request histogram', () => {
  let window: RequestWindow | null = null;
  afterEach(() => window?.stop());

  it('sums every route, method and status, counts 5xx as errors and differences two readings', async () => {
    const registry = createRegistry({ processMetrics: false });
    const http = httpMetrics(registry);
    const before = await requestTotals(http.requestDuration, HTTP_BUCKETS, 1_000);
    for (let i = 0; i < 90; i += 1) http.requestDuration.observe({ method: 'GET', route: '/a', status: '200' }, 0.003);
    for (let i = 0; i < 8; i += 1) http.requestDuration.observe({ method: 'POST', route: '/b', status: '400' }, 0.2);
    http.requestDuration.observe({ method: 'GET', route: '/a', status: '500' }, 0.7);
    http.requestDuration.observe({ method: 'GET', route: '/c', status: '503' }, 30);
    const after = await requestTotals(http.requestDuration, HTTP_BUCKETS, 11_000);
    expect(after.requests).toBe(100);
    expect(after.errors).toBe(2);
    // Cumulative: 90 at 5 ms … 98 at 250 ms, 99 at 1 s, the 30 s request only in +Inf.
    expect(after.buckets[HTTP_BUCKETS.indexOf(0.005)]).toBe(90);
    expect(after.buckets[HTTP_BUCKETS.indexOf(0.25)]).toBe(98);
    expect(after.buckets.at(-1)).toBe(99);

    const signals = signalsBetween(before, after, HTTP_BUCKETS);
    expect(signals.seconds).toBe(10);
    expect(signals.requestsPerSecond).toBe(10);
    expect(signals.errorRatio).toBeCloseTo(0.02, 10);
    // p50 at rank 50 of the first bucket (0–5 ms): 5 ms × 50/90.
    expect(signals.p50Seconds).toBeCloseTo((0.005 * 50) / 90, 10);
    // p99 at rank 99: the 1 s bucket's last request (0.5–1 s holds rank 99 alone).
    expect(signals.p99Seconds).toBeCloseTo(1, 10);
  });

  it('answers over its whole life when younger than the window, then over the window, with a series of steps', async () => {
    const registry = createRegistry({ processMetrics: false });
    const http = httpMetrics(registry);
    window = requestWindow(http.requestDuration, HTTP_BUCKETS, { sampleEveryMs: 20, keepMs: 10_000 });
    for (let i = 0; i < 5; i += 1) http.requestDuration.observe({ method: 'GET', route: '/a', status: '200' }, 0.01);
    const young = await window.read({ windowMs: 60_000, stepMs: 20 });
    expect(young.current.requests).toBe(5);
    expect(young.current.errorRatio).toBe(0);

    await new Promise((r) => setTimeout(r, 150));
    http.requestDuration.observe({ method: 'GET', route: '/a', status: '502' }, 0.01);
    // A 60 ms window no longer holds the first five requests.
    const recent = await window.read({ windowMs: 60, stepMs: 20 });
    expect(recent.current.requests).toBe(1);
    expect(recent.current.errorRatio).toBe(1);
    expect(recent.current.seconds).toBeGreaterThanOrEqual(0.06);
    expect(recent.series.length).toBeGreaterThanOrEqual(3);
    expect(recent.series.reduce((sum, step) => sum + step.requests, 0)).toBe(6);
    for (let i = 1; i < recent.series.length; i += 1)
      expect(recent.series[i]!.atMs).toBeGreaterThan(recent.series[i - 1]!.atMs);
  });
});
