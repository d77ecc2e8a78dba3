// The worker's half of a delivery: claim the due ones, read what to send, record each attempt and decide what comes
// next (delivered; pending again after a backoff with jitter; failed after the last attempt). Sending is the
// worker's (apps/server/src/jobs/webhooks.ts): this file knows no HTTP.
import { sql, type Kysely } from 'kysely';
import type { DB } from '@mad/db';
import { retryDelayMs } from '@mad/protocol';
import { WebhookPayload, type DeliveryEvent } from './schemas.js';

export interface DeliveryPolicy {
  /** Attempts before a delivery is failed for good (WEBHOOK_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** The first retry's delay; each later one doubles it, with jitter, up to maxDelayMs (WEBHOOK_RETRY_DELAY_SECONDS). */
  retryDelayMs: number;
  maxDelayMs?: number;
  random?: () => number;
}

/**
 * Claims up to `limit` due pending deliveries (skipping rows another worker holds) by moving their next attempt
 * `leaseMs` ahead: a worker that dies mid-send leaves the row to be claimed again once the lease lapses.
 */
export async function claimDueDeliveries(db: Kysely<DB>, limit: number, leaseMs: number): Promise<string[]> {
  const claimed = await sql<{ id: string }>`
    update webhook_deliveries set next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
    where id in (
      select id from webhook_deliveries where status = 'pending' and next_attempt_at <= now()
      order by next_attempt_at limit ${limit} for update skip locked)
    returning id`.execute(db);
  return claimed.rows.map((row) => row.id);
}

export interface OutgoingDelivery {
  id: string;
  event: DeliveryEvent;
  attempts: number;
  url: string;
  /** The secrets that sign it: the current one, and the one a rotation replaced while its grace period lasts. */
  secrets: string[];
  active: boolean;
  payload: WebhookPayload;
}

/** A pending delivery with its webhook's URL and secret, or null once it is no longer pending (or gone). */
export async function outgoingDelivery(db: Kysely<DB>, deliveryId: string): Promise<OutgoingDelivery | null> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
    .select([
      'webhook_deliveries.id',
      'webhook_deliveries.event',
      'webhook_deliveries.attempts',
      'webhook_deliveries.payload',
      'webhooks.url',
      'webhooks.secret',
      'webhooks.active',
      sql<string | null>`case when webhooks.previous_secret_expires_at > now() then webhooks.previous_secret end`.as(
        'previous_secret',
      ),
    ])
    .where('webhook_deliveries.id', '=', deliveryId)
    .where('webhook_deliveries.status', '=', 'pending')
    .executeTakeFirst();
  if (!row) return null;
  const payload = WebhookPayload.parse(row.payload);
  const { secret, previous_secret, ...rest } = row;
  return { ...rest, secrets: previous_secret ? [secret, previous_secret] : [secret], event: payload.event, payload };
}

/** The body a receiver gets: the stored payload with its links under the server's public URL. */
export function deliveryBody(payload: WebhookPayload, publicUrl: string): string {
  const base = publicUrl.replace(/\/$/, '');
  const links = Object.fromEntries(Object.entries(payload.links).map(([name, path]) => [name, `${base}${path}`]));
  return JSON.stringify({ ...payload, links });
}

export interface AttemptOutcome {
  startedAt: Date;
  durationMs: number;
  /** The receiver's status, or null when none came (refused, timeout, connection error). */
  statusCode: number | null;
  error: string | null;
}

export type AttemptResult = 'delivered' | 'retry' | 'failed';

/** Records one attempt on the delivery (its log, counters, next step) and answers what became of it. */
export async function recordAttempt(
  db: Kysely<DB>,
  deliveryId: string,
  outcome: AttemptOutcome,
  policy: DeliveryPolicy,
): Promise<AttemptResult | null> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('webhook_deliveries')
      .select(['attempts', 'status'])
      .where('id', '=', deliveryId)
      .forUpdate()
      .executeTakeFirst();
    if (!current || current.status !== 'pending') return null;
    const attempt = current.attempts + 1;
    const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    const result: AttemptResult = ok ? 'delivered' : attempt >= policy.maxAttempts ? 'failed' : 'retry';
    const entry = {
      attempt,
      at: outcome.startedAt.toISOString(),
      statusCode: outcome.statusCode,
      error: ok ? null : (outcome.error ?? `the receiver answered ${outcome.statusCode}`),
      durationMs: Math.round(outcome.durationMs),
    };
    const delayMs = retryDelayMs(attempt - 1, {
      baseMs: policy.retryDelayMs,
      maxMs: policy.maxDelayMs ?? 6 * 3_600_000,
      ...(policy.random ? { random: policy.random } : {}),
    });
    await trx
      .updateTable('webhook_deliveries')
      .set({
        attempts: attempt,
        attempt_log: sql`attempt_log || ${JSON.stringify([entry])}::jsonb`,
        last_status_code: outcome.statusCode,
        last_error: entry.error,
        status: result === 'retry' ? 'pending' : result,
        ...(result === 'delivered' ? { delivered_at: new Date() } : {}),
        ...(result === 'retry' ? { next_attempt_at: new Date(Date.now() + delayMs) } : {}),
      })
      .where('id', '=', deliveryId)
      .execute();
    return result;
  });
}

/** A delivery whose webhook was deactivated before it went out: failed, saying so, and never sent. */
export async function abandonDelivery(db: Kysely<DB>, deliveryId: string, reason: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', last_error: reason })
    .where('id', '=', deliveryId)
    .where('status', '=', 'pending')
    .execute();
}
