// What every benchmark gets: where the repository and the shared data are, the sizes, and the configuration.
import type { BenchEnv, BenchSizes } from './env.js';
import type { SectionResult } from './report.js';

export interface BenchContext {
  repoRoot: string;
  sharedDataDir: string;
  env: BenchEnv;
  sizes: BenchSizes;
  /** Progress lines for the terminal (the table comes at the end). */
  log(message: string): void;
}

export type Benchmark = (context: BenchContext) => Promise<SectionResult>;

/** A section for a benchmark that could not run; `reason` says what is missing. */
export function notRun(
  name: string,
  status: 'skipped' | 'failed',
  reason: string,
  parameters: Record<string, unknown> = {},
): SectionResult {
  return { name, status, reason, parameters, measurements: [], notes: [] };
}
