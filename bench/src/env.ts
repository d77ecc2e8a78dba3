// The benchmark's configuration: which benchmarks, at which size. `full` is what PERFORMANCE.md reports; `smoke`
// checks that the harness works in a minute or two.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export const BENCHMARKS = [
  'engine',
  'dispatch',
  'scale',
  'dashboard',
  'redock',
  'instrumentation',
  'load',
  'soak',
  'cache',
] as const;
export const REDOCK_ROUTES = ['platform', 'agent', 'direct'] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

const list = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(BENCHMARKS)));

export const benchEnvSchema = z.object({
  BENCH_PROFILE: z.enum(['full', 'smoke']).default('full'),
  BENCH_ONLY: list.optional(),
  BENCH_RESULTS_DIR: z.string().optional(),
  /** Keep the processes' logs (printed at the end) instead of deleting them with the stack. */
  BENCH_KEEP_LOGS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Keep the stack's database on the machine's Postgres (its URL is printed) instead of dropping it. */
  BENCH_KEEP_DATABASE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  BENCH_ENGINE_LIGANDS: z.coerce.number().int().min(1).optional(),
  BENCH_DISPATCH_TASKS: z.coerce.number().int().min(1).optional(),
  BENCH_DISPATCH_AGENTS: z
    .string()
    .regex(/^\d+(,\d+)*$/)
    .optional(),
  BENCH_SCALE_LIGANDS: z.coerce.number().int().min(1).optional(),
  BENCH_SCALE_ROWS: z.coerce.number().int().min(1).optional(),
  BENCH_SCALE_EVENTS: z.coerce.number().int().min(1).optional(),
  /** Data scale: only the large job's submit, with a zero-work agent advertising Vina (so its ligands are signed). */
  BENCH_SCALE_SUBMIT_ONLY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  BENCH_QUERY_REPEATS: z.coerce.number().int().min(5).optional(),
  /** Longest wait for a dispatch burst or for a large job's tasks to be queued; past it, the rate so far is reported. */
  BENCH_CAP_MINUTES: z.coerce.number().positive().optional(),
  /** Redocking: comma-separated case names of ../shared/data/redock/cases.json (default: all; smoke: two small ones). */
  BENCH_REDOCK_CASES: z.string().optional(),
  /** platform (REST), agent (dockBatch in-process), direct (vina on an Open Babel preparation). */
  BENCH_REDOCK_ROUTES: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(REDOCK_ROUTES)).min(1))
    .optional(),
  BENCH_REDOCK_SEED: z.coerce.number().int().default(20261201),
  BENCH_REDOCK_EXHAUSTIVENESS: z.coerce.number().int().min(1).max(512).optional(),
  /** Where each run's poses, logs and rows.json/table.md go (default: a folder under the results). */
  BENCH_REDOCK_DIR: z.string().optional(),
  /** The agent route's preparation options as JSON (experiments), e.g. {"strategy":"dockstring"}. */
  BENCH_REDOCK_PREPARATION: z
    .string()
    .transform((value) => JSON.parse(value) as Record<string, unknown>)
    .optional(),
  /** bench/bin/vina-cached.mjs's cache folder: identical dockings are answered from disk (Vina is deterministic). */
  BENCH_VINA_CACHE: z.string().optional(),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  NATS_SERVER_BIN: z.string().default('/usr/sbin/nats-server'),
  RDKIT_PYTHON: z.string().default('/usr/bin/python3'),
  TEST_DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/postgres'),
});
export type BenchEnv = z.infer<typeof benchEnvSchema>;

export interface BenchSizes {
  engineLigands: number;
  exhaustiveness: number;
  dispatchTasks: number;
  dispatchAgents: number[];
  scaleLigands: number;
  scaleRows: number;
  scaleEvents: number;
  queryRepeats: number;
  dispatchCapMs: number;
  redockCases: string[] | undefined;
  redockRoutes: ('platform' | 'agent' | 'direct')[];
  redockSeed: number;
  redockExhaustiveness: number;
  redockDir: string;
  redockPreparation: Record<string, unknown> | undefined;
  vinaCache: string | null;
}

export function sizesFor(env: BenchEnv): BenchSizes {
  const full = env.BENCH_PROFILE === 'full';
  return {
    engineLigands: env.BENCH_ENGINE_LIGANDS ?? (full ? 16 : 3),
    exhaustiveness: full ? 8 : 1,
    dispatchTasks: env.BENCH_DISPATCH_TASKS ?? (full ? 10_000 : 200),
    dispatchAgents: env.BENCH_DISPATCH_AGENTS ? env.BENCH_DISPATCH_AGENTS.split(',').map(Number) : [1, 4],
    scaleLigands: env.BENCH_SCALE_LIGANDS ?? (full ? 100_000 : 2_000),
    scaleRows: env.BENCH_SCALE_ROWS ?? (full ? 10_000_000 : 40_000),
    scaleEvents: env.BENCH_SCALE_EVENTS ?? (full ? 10_000_000 : 40_000),
    queryRepeats: env.BENCH_QUERY_REPEATS ?? (full ? 200 : 20),
    dispatchCapMs: (env.BENCH_CAP_MINUTES ?? (full ? 4 : 2)) * 60_000,
    redockCases:
      env.BENCH_REDOCK_CASES?.split(',')
        .map((name) => name.trim())
        .filter(Boolean) ?? (full ? undefined : ['er_estradiol', 'achbp_1uw6']),
    redockRoutes: env.BENCH_REDOCK_ROUTES ?? ['platform', 'direct'],
    redockSeed: env.BENCH_REDOCK_SEED,
    redockExhaustiveness: env.BENCH_REDOCK_EXHAUSTIVENESS ?? 8,
    redockDir: env.BENCH_REDOCK_DIR ?? join(tmpdir(), `mad-redock-${process.pid}`),
    redockPreparation: env.BENCH_REDOCK_PREPARATION,
    vinaCache: env.BENCH_VINA_CACHE ?? null,
  };
}
