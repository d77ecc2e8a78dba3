// Retry delays for the loops that wait for NATS, JetStream or the database to come back (agent pulls and report
// publications, the worker's results consumer and stream set-up): exponential with "equal jitter" (half the step
// fixed, half random), so a fleet that lost its NATS at the same moment does not reconnect in lockstep, and a retry
// never spins at zero delay.
export interface BackoffOptions {
  /** The first delay's ceiling. */
  baseMs?: number;
  /** No delay exceeds this. */
  maxMs?: number;
  random?: () => number;
}

/** The delay before retry number `failures` (0 for the first retry). */
export function retryDelayMs(failures: number, options: BackoffOptions = {}): number {
  const { baseMs = 200, maxMs = 10_000, random = Math.random } = options;
  const step = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(failures, 0), 30));
  return Math.round(step / 2 + random() * (step / 2));
}
