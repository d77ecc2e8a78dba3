// Webhook deliveries in the worker. The rows are enqueued with the job's final status (packages/domain/src/webhooks/
// enqueue.ts); here a sweep claims the due ones every second and hands each to the pg-boss queue webhooks.deliver,
// whose workers POST it, signed, through the outbound guard (no private addresses unless
// WEBHOOK_ALLOW_PRIVATE_NETWORKS, WEBHOOK_TIMEOUT_MS, no redirects followed), and record the attempt. The retries are
// the delivery row's own (next_attempt_at with backoff and jitter), so every attempt is in the delivery log; pg-boss
// only spreads the sending over the workers.
import type { Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import type { Database } from '@mad/db';
import { guardedFetch, type OutboundPolicy } from '@mad/auth';
import type { WorkerMetrics } from '@mad/telemetry';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  abandonDelivery,
  claimDueDeliveries,
  deliveryBody,
  outgoingDelivery,
  recordAttempt,
  signWebhook,
  type DeliveryPolicy,
} from '@mad/domain';

export const WEBHOOK_QUEUE = 'webhooks.deliver';
/** How often the worker looks for due deliveries (a partial index makes this one cheap read). */
const SWEEP_INTERVAL_MS = 1_000;
const SWEEP_BATCH = 100;

export interface WebhookPayloadRef {
  deliveryId: string;
}

export interface WebhookSenderDeps {
  db: Database;
  log: Logger;
  metrics?: WorkerMetrics;
  /** The outbound guard's rules (webhookPolicyOf: WEBHOOK_ALLOW_PRIVATE_NETWORKS, WEBHOOK_TIMEOUT_MS). */
  outbound: OutboundPolicy;
  delivery: DeliveryPolicy;
  /** PUBLIC_URL: the links in the body point here. */
  publicUrl: string;
}

/** One attempt of one delivery: sent, recorded, counted. Never throws for the receiver's failures. */
export async function deliverOnce(deps: WebhookSenderDeps, deliveryId: string): Promise<string | null> {
  const delivery = await outgoingDelivery(deps.db, deliveryId);
  if (!delivery) return null; // delivered, failed or deleted meanwhile
  if (!delivery.active) {
    await abandonDelivery(deps.db, deliveryId, 'the webhook was deactivated before this delivery went out');
    deps.metrics?.webhookDeliveries.inc({ outcome: 'abandoned' });
    return 'abandoned';
  }
  const body = deliveryBody(delivery.payload, deps.publicUrl);
  const startedAt = new Date();
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await guardedFetch(deps.outbound)(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'mad-webhooks/1',
        [SIGNATURE_HEADER]: signWebhook(delivery.secrets, body),
        [EVENT_HEADER]: delivery.event,
        [DELIVERY_HEADER]: delivery.id,
      },
      body,
    });
    await response.arrayBuffer();
    statusCode = response.status;
    if (statusCode >= 300 && statusCode < 400)
      error = `the receiver answered ${statusCode} (redirects are not followed; give the final URL)`;
    else if (statusCode >= 400 || statusCode < 200) error = `the receiver answered ${statusCode}`;
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
  }
  const outcome = await recordAttempt(
    deps.db,
    deliveryId,
    { startedAt, durationMs: performance.now() - started, statusCode, error },
    deps.delivery,
  );
  if (outcome) deps.metrics?.webhookDeliveries.inc({ outcome });
  if (outcome && outcome !== 'delivered')
    deps.log.warn({ deliveryId, url: delivery.url, statusCode, error, outcome }, 'webhook delivery failed');
  return outcome;
}

/** The queue: at-most-once per claim (our own retries), woken by NOTIFY when the sweep sends. */
export async function ensureWebhookQueue(boss: PgBoss, timeoutMs: number): Promise<void> {
  await boss.createQueue(WEBHOOK_QUEUE, {
    retryLimit: 0,
    expireInSeconds: Math.ceil(timeoutMs / 1_000) + 60,
    notify: true,
  });
}

/**
 * Starts the sweep (due rows → the queue) and the queue's workers. The claim's lease outlasts one attempt, so a row
 * whose worker died is claimed again (receivers deduplicate by X-MAD-Delivery).
 */
export async function startWebhookSender(deps: WebhookSenderDeps, boss: PgBoss): Promise<{ stop(): Promise<void> }> {
  await ensureWebhookQueue(boss, deps.outbound.timeoutMs);
  await boss.work<WebhookPayloadRef>(WEBHOOK_QUEUE, { batchSize: 8, pollingIntervalSeconds: 1 }, async (jobs) => {
    await Promise.all(
      jobs.map((job) =>
        deliverOnce(deps, job.data.deliveryId).catch((error: unknown) =>
          deps.log.error({ err: error, deliveryId: job.data.deliveryId }, 'webhook delivery not recorded'),
        ),
      ),
    );
  });
  const leaseMs = deps.outbound.timeoutMs + 30_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  const sweep = async () => {
    try {
      const due = await claimDueDeliveries(deps.db, SWEEP_BATCH, leaseMs);
      for (const deliveryId of due) await boss.send(WEBHOOK_QUEUE, { deliveryId }, { singletonKey: deliveryId });
    } catch (error) {
      deps.log.warn({ err: error }, 'webhook sweep failed; trying again');
    }
  };
  const loop = () => {
    if (stopped) return;
    sweeping = sweep().finally(() => {
      if (!stopped) timer = setTimeout(loop, SWEEP_INTERVAL_MS);
    });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await sweeping;
    },
  };
}
