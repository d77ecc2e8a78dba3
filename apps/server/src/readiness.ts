// GET /ready: 200 only when Postgres, NATS JetStream and S3 all answer; otherwise 503 naming what failed and why.
import { sql } from 'kysely';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { S3Client } from '@aws-sdk/client-s3';
import { checkBucket } from '@mad/storage';
import type { Database } from '@mad/db';

export type CheckResult = { ok: true; latencyMs: number } | { ok: false; latencyMs: number; error: string };
export type Check = () => Promise<void>;

async function timed(check: Check, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message || error.name : String(error);
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
}

export async function runChecks(checks: Record<string, Check>, timeoutMs: number) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await timed(check, timeoutMs)] as const),
  );
  const results = Object.fromEntries(entries);
  const ready = entries.every(([, result]) => result.ok);
  return { ready, body: { status: ready ? 'ready' : 'not_ready', checks: results } };
}

export interface ReadinessDeps {
  db: Database;
  nats: () => NatsConnection | null;
  natsError: () => string | null;
  s3: S3Client;
  bucket: string;
}

export function dependencyChecks(deps: ReadinessDeps, timeoutMs: number): Record<string, Check> {
  return {
    postgres: async () => {
      await sql`select 1`.execute(deps.db);
    },
    nats: async () => {
      const nc = deps.nats();
      const problem = deps.natsError();
      if (!nc || nc.isClosed() || problem) throw new Error(`NATS not connected${problem ? `: ${problem}` : ''}`);
      const jsm = await jetstreamManager(nc, { timeout: timeoutMs });
      await jsm.getAccountInfo();
    },
    s3: () => checkBucket(deps.s3, deps.bucket, timeoutMs),
  };
}
