// Each process parses its environment once, at start-up, with a zod schema (no process.env anywhere else).
import { z } from 'zod';

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses `source` with `schema`; throws an EnvError listing every variable that is wrong and why. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined> = process.env,
): z.infer<S> {
  // Empty strings mean "not set", as in most .env conventions.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const given = issue.path.length === 1 ? cleaned[String(issue.path[0])] : undefined;
      return given === undefined ? `${name}: ${issue.message}` : `${name}=${JSON.stringify(given)}: ${issue.message}`;
    }),
  );
}

/** parseEnv for a process's entry point: prints the readable list and exits with status 78 (EX_CONFIG). */
export function loadEnvOrExit<S extends z.ZodType>(schema: S, processName: string): z.infer<S> {
  try {
    return parseEnv(schema, process.env);
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${processName}: cannot start.\n${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

/** Building blocks shared by the processes' schemas. */
export const envFields = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  url: (protocols: string[]) =>
    z.string().refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      `must be a URL with scheme ${protocols.join(' or ')}`,
    ),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1' || value === 'yes'),
  durationMs: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  /** A bearer token a client must send (e.g. to read metrics): long enough that guessing is hopeless; unset = none. */
  bearerToken: z.string().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 24`)').optional(),
};
