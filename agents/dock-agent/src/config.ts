// The agent's whole configuration, from its environment (README "Running jobs" lists each variable). No database
// or S3 credentials: everything a task needs arrives in the task message as presigned URLs.
import { accessSync, constants, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { credsAuthenticator, type Authenticator } from '@nats-io/transport-node';
import { envFields, parseEnv } from '@mad/env';
import { ENGINES } from '@mad/protocol';
import { telemetryEnvSchema } from '@mad/telemetry';

export const agentEnvSchema = telemetryEnvSchema
  .extend({
    NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
    NATS_USER: z.string().optional(),
    NATS_PASSWORD: z.string().optional(),
    /** A NATS credentials file (user JWT + nkey seed, as `nsc` writes it) for servers in operator/JWT mode. */
    NATS_CREDS_FILE: z
      .string()
      .refine(readable, 'no readable file at this path (a .creds file with the user JWT and nkey seed)')
      .optional(),
    AGENT_ID: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, 'letters, digits, - and _ only (it is a KV key)')
      .default(`${hostname().replace(/[^A-Za-z0-9_-]/g, '-')}-${process.pid}`),
    /** Tasks run at once (each pulls its own task). */
    AGENT_SLOTS: z.coerce.number().int().min(1).max(256).default(1),
    /** Comma-separated subset of the detected engines; default: every engine found on this host. */
    AGENT_ENGINES: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(ENGINES)).min(1))
      .optional(),
    AGENT_WORK_DIR: z.string().default(join(tmpdir(), 'mad-agent')),
    /** Upper bound on any task's run time, whatever the server asks. */
    AGENT_TASK_TIMEOUT_MS: envFields.durationMs(6 * 3_600_000),
    AGENT_HEARTBEAT_MS: envFields.durationMs(5_000),
    /** On SIGTERM, how long in-flight tasks may finish before they are handed back to the queue. */
    AGENT_SHUTDOWN_GRACE_MS: envFields.durationMs(30_000),
    /** CPUs the agent's engine processes may use at once, shared by all its running tasks; default: every core. */
    AGENT_CPUS: z.coerce.number().int().min(1).max(1024).optional(),
    /** Engine processes per task (ligands docked side by side); default: one per core. */
    AGENT_PARALLEL_LIGANDS: z.coerce.number().int().min(1).max(256).optional(),
    /** Keep each task's work folder after it ends (debugging). */
    AGENT_KEEP_WORK_DIRS: envFields.boolean(false),
    LOG_LEVEL: envFields.logLevel,
    /** The agent's metrics endpoint (GET /metrics); unset: none (agents on untrusted networks expose nothing). */
    AGENT_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    AGENT_METRICS_HOST: z.string().min(1).default('0.0.0.0'),
    /** When set, the metrics endpoint answers only `Authorization: Bearer <token>`. */
    AGENT_METRICS_TOKEN: envFields.bearerToken,
  })
  // One way to authenticate: a password without a user, or a user together with a creds file, is a mistake.
  .superRefine((env, ctx) => {
    if (env.NATS_PASSWORD !== undefined && env.NATS_USER === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['NATS_PASSWORD'],
        message: 'set NATS_USER too (the password belongs to a user)',
      });
    if (env.NATS_CREDS_FILE !== undefined && env.NATS_USER !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['NATS_CREDS_FILE'],
        message: 'use either NATS_CREDS_FILE or NATS_USER/NATS_PASSWORD, not both',
      });
  });

export type AgentConfig = z.infer<typeof agentEnvSchema>;

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** The agent's configuration from an environment (process.env by default); throws EnvError naming each bad variable. */
export function loadAgentConfig(source: Record<string, string | undefined> = process.env): AgentConfig {
  return parseEnv(agentEnvSchema, source);
}

/** How the agent authenticates to NATS: a creds file (re-read at each reconnect, so a rotated file is picked up), a user and password, or nothing. */
export function natsAuthOf(config: Pick<AgentConfig, 'NATS_USER' | 'NATS_PASSWORD' | 'NATS_CREDS_FILE'>): {
  user?: string;
  pass?: string;
  authenticator?: Authenticator;
} {
  const credsFile = config.NATS_CREDS_FILE;
  if (credsFile) return { authenticator: credsAuthenticator(() => readFileSync(credsFile)) };
  if (config.NATS_USER) return { user: config.NATS_USER, pass: config.NATS_PASSWORD ?? '' };
  return {};
}
