// The API's golden signals read from the process's own request histogram, for people who run no Prometheus: the
// Operations page asks the server, which keeps a short history of the histogram's totals (a sample every few
// seconds for a quarter of an hour) and answers with the same arithmetic as infra/prometheus's recording rules
// (rate over the window, 5xx ratio, histogram_quantile by linear interpolation within a bucket).
import type { Histogram } from 'prom-client';

/** The request histogram summed over every label set (route, method, status), at one moment. */
export interface RequestTotals {
  atMs: number;
  requests: number;
  /** Requests answered with a 5xx status. */
  errors: number;
  /** Cumulative counts at each finite upper bound of `upperBounds` (the +Inf bucket is `requests`). */
  buckets: number[];
}

/** What the API did between two readings. */
export interface ApiSignals {
  /** When the later reading was taken. */
  atMs: number;
  /** The readings' distance: what the rates are over. */
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  errors: number;
  /** 5xx answers over all answers; null when there were no requests. */
  errorRatio: number | null;
  /** Latency quantiles (seconds) estimated from the buckets; null when there were no requests. */
  p50Seconds: number | null;
  p99Seconds: number | null;
}

/** Sums a histogram's series (prom-client's `get()`) into one set of totals over `upperBounds`. */
export async function requestTotals(
  histogram: Histogram,
  upperBounds: readonly number[],
  atMs = Date.now(),
): Promise<RequestTotals> {
  const { values } = await histogram.get();
  const buckets = upperBounds.map(() => 0);
  let requests = 0;
  let errors = 0;
  for (const sample of values) {
    const name = sample.metricName ?? '';
    if (name.endsWith('_count')) {
      requests += sample.value;
      if (String(sample.labels.status ?? '').startsWith('5')) errors += sample.value;
    } else if (name.endsWith('_bucket') && sample.labels.le !== '+Inf') {
      const index = upperBounds.indexOf(Number(sample.labels.le));
      if (index >= 0) buckets[index]! += sample.value;
    }
  }
  return { atMs, requests, errors, buckets };
}

/**
 * Prometheus's histogram_quantile over cumulative bucket counts: the bucket holding the q-th request, interpolated
 * linearly from its lower bound (0 for the first); a rank in the +Inf bucket answers the largest finite bound.
 */
export function histogramQuantile(
  q: number,
  upperBounds: readonly number[],
  cumulative: readonly number[],
  total: number,
): number | null {
  if (total <= 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < upperBounds.length; i += 1) {
    const count = cumulative[i] ?? 0;
    if (count >= rank) {
      const lower = i === 0 ? 0 : upperBounds[i - 1]!;
      const inBucket = count - below;
      return inBucket > 0 ? lower + (upperBounds[i]! - lower) * ((rank - below) / inBucket) : lower;
    }
    below = count;
  }
  return upperBounds.at(-1) ?? null;
}

/** The signals between an earlier and a later reading of the same histogram. */
export function signalsBetween(
  earlier: RequestTotals,
  later: RequestTotals,
  upperBounds: readonly number[],
): ApiSignals {
  const seconds = Math.max(0, (later.atMs - earlier.atMs) / 1_000);
  const requests = Math.max(0, later.requests - earlier.requests);
  const errors = Math.max(0, later.errors - earlier.errors);
  const buckets = later.buckets.map((count, i) => Math.max(0, count - (earlier.buckets[i] ?? 0)));
  return {
    atMs: later.atMs,
    seconds,
    requests,
    requestsPerSecond: seconds > 0 ? requests / seconds : 0,
    errors,
    errorRatio: requests > 0 ? errors / requests : null,
    p50Seconds: histogramQuantile(0.5, upperBounds, buckets, requests),
    p99Seconds: histogramQuantile(0.99, upperBounds, buckets, requests),
  };
}

export interface RequestWindow {
  /** The signals over the last `windowMs` (or since the process started, when younger), and a series of steps. */
  read(options?: { windowMs?: number; stepMs?: number }): Promise<{ current: ApiSignals; series: ApiSignals[] }>;
  stop(): void;
}

/**
 * Keeps readings of `histogram` every `sampleEveryMs` for `keepMs`. The first reading is the zero the histogram was
 * created with, so a young process answers over its whole life.
 */
export function requestWindow(
  histogram: Histogram,
  upperBounds: readonly number[],
  options: { sampleEveryMs?: number; keepMs?: number } = {},
): RequestWindow {
  const sampleEveryMs = options.sampleEveryMs ?? 5_000;
  const keepMs = options.keepMs ?? 15 * 60_000;
  const readings: RequestTotals[] = [{ atMs: Date.now(), requests: 0, errors: 0, buckets: upperBounds.map(() => 0) }];
  const timer = setInterval(() => {
    void requestTotals(histogram, upperBounds).then((totals) => {
      readings.push(totals);
      while (readings.length > 2 && readings[1]!.atMs < totals.atMs - keepMs) readings.shift();
    });
  }, sampleEveryMs);
  timer.unref();

  return {
    async read({ windowMs = 5 * 60_000, stepMs = 30_000 } = {}) {
      const now = await requestTotals(histogram, upperBounds);
      // The latest reading at or before the window's start; the oldest kept when the window reaches further back.
      const start = [...readings].reverse().find((r) => r.atMs <= now.atMs - windowMs) ?? readings[0]!;
      const steps: RequestTotals[] = [now];
      for (let i = readings.length - 1; i >= 0; i -= 1)
        if (steps.at(-1)!.atMs - readings[i]!.atMs >= stepMs) steps.push(readings[i]!);
      // The series always starts at the oldest kept reading (its first step may be shorter than stepMs): an irregular
      // sampling timer must not drop the requests before the second reading from it.
      if (steps.at(-1) !== readings[0]) steps.push(readings[0]!);
      steps.reverse();
      return {
        current: signalsBetween(start, now, upperBounds),
        series: steps.slice(1).map((later, i) => signalsBetween(steps[i]!, later, upperBounds)),
      };
    },
    stop: () => clearInterval(timer),
  };
}
