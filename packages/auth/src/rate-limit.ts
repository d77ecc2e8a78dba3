// A sliding window of event times per key, in this process's memory: failed sign-ins and bad tokens (per token and
// address), and the server's write limit (each change counts as an event per user and organisation). Several server
// replicas each keep their own window (documented in project_design/ACCESS.md).

export interface RateLimitOptions {
  maxFailures: number;
  windowMs: number;
  /** Bounds memory under an address-spraying attack: the oldest keys are forgotten first. */
  maxKeys?: number;
  now?: () => number;
}

export class FailureRateLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  /** Milliseconds until `key` may try again, or 0 when it is not limited. */
  retryAfterMs(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.options.maxFailures) return 0;
    const oldestCounted = recent[recent.length - this.options.maxFailures] ?? this.now();
    return Math.max(1, oldestCounted + this.options.windowMs - this.now());
  }

  recordFailure(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.delete(key);
    this.failures.set(key, recent.slice(-this.options.maxFailures));
    if (this.failures.size > this.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }
}
