// An organisation's webhooks (admins: webhooks:manage) and their delivery log. Every query is filtered by the caller's
// organisation: another organisation's webhook is NOT_FOUND, as when it does not exist.
import { randomBytes } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { WebhookDeliveriesTable, WebhooksTable } from '@mad/db';
import { AppError, notFound } from '../errors.js';
import { newestFirstPage } from '../cursor.js';
import type { OrgContext } from '../jobs/access.js';
import {
  DeliveryAttempt,
  WebhookEvent,
  WebhookPayload,
  type DeliveryPage,
  type Webhook,
  type WebhookDelivery,
  type WebhookPage,
} from './schemas.js';

/** Checks a URL the server would send to (scheme, credentials, every address it resolves to); null when fine. */
export type WebhookUrlCheck = (url: string) => Promise<string | null>;

export interface WebhookContext extends OrgContext {
  /** The outbound guard's check at creation (WEBHOOK_ALLOW_PRIVATE_NETWORKS); the worker checks again at send. */
  checkUrl: WebhookUrlCheck;
}

export interface WebhookFields {
  url: string;
  events: WebhookEvent[];
  description: string;
  active: boolean;
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

const WEBHOOK_COLUMNS = [
  'id',
  'url',
  'events',
  'description',
  'active',
  'created_at',
  'updated_at',
  'secret_rotated_at',
  'previous_secret_expires_at',
] as const;
type WebhookRow = Pick<Selectable<WebhooksTable>, (typeof WEBHOOK_COLUMNS)[number]>;

const webhookOf = (row: WebhookRow): Webhook => ({
  id: row.id,
  url: row.url,
  events: row.events.map((event) => WebhookEvent.parse(event)),
  description: row.description,
  active: row.active,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  secretRotatedAt: row.secret_rotated_at,
  // Past its end the previous secret signs nothing (outgoingDelivery reads it the same way).
  previousSecretExpiresAt:
    row.previous_secret_expires_at && row.previous_secret_expires_at > new Date()
      ? row.previous_secret_expires_at
      : null,
});

async function refuseUrl(ctx: WebhookContext, url: string | undefined): Promise<void> {
  if (url === undefined) return;
  const problem = await ctx.checkUrl(url);
  if (problem) throw new AppError('BAD_REQUEST', `url: ${problem}`, { field: ['url'] });
}

/** A new webhook and its secret (answered only now). */
export async function createWebhook(ctx: WebhookContext, fields: WebhookFields): Promise<Webhook & { secret: string }> {
  await refuseUrl(ctx, fields.url);
  const secret = newSecret();
  const row = await ctx.db
    .insertInto('webhooks')
    .values({
      org_id: ctx.principal.org.id,
      url: fields.url,
      events: [...new Set(fields.events)],
      description: fields.description,
      active: fields.active,
      secret,
      created_by: ctx.principal.userId,
    })
    .returning(WEBHOOK_COLUMNS)
    .executeTakeFirstOrThrow();
  return { ...webhookOf(row), secret };
}

/**
 * A new secret for the webhook, answered only now. The one it replaces keeps signing for `graceSeconds`
 * (WEBHOOK_SECRET_GRACE_SECONDS): meanwhile every delivery carries a v1 signature with each, so a receiver can switch
 * to the new secret without losing an event; 0 ends the old one at once. Rotating again within the grace period
 * drops the oldest: only the current secret and the one just replaced sign.
 */
export async function rotateWebhookSecret(
  ctx: OrgContext,
  webhookId: string,
  graceSeconds: number,
): Promise<Webhook & { secret: string }> {
  const secret = newSecret();
  const row = await ctx.db
    .updateTable('webhooks')
    .set((eb) => ({
      previous_secret: graceSeconds > 0 ? eb.ref('secret') : null,
      previous_secret_expires_at: graceSeconds > 0 ? sql<Date>`now() + ${graceSeconds} * interval '1 second'` : null,
      secret_rotated_at: sql<Date>`now()`,
      secret,
    }))
    .where('org_id', '=', ctx.principal.org.id)
    .where('id', '=', webhookId)
    .returning(WEBHOOK_COLUMNS)
    .executeTakeFirst();
  if (!row) throw notFound(`webhook ${webhookId}`, { field: ['webhookId'] });
  return { ...webhookOf(row), secret };
}

/** The organisation's webhooks, newest first, one keyset page at a time. */
export async function listWebhooks(
  ctx: OrgContext,
  page: { limit: number; cursor?: string | undefined },
): Promise<WebhookPage> {
  const orgId = ctx.principal.org.id;
  const query = ctx.db.selectFrom('webhooks').where('org_id', '=', orgId);
  const counted = query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const [shown, { total }] = await Promise.all([newestFirstPage(query.select(WEBHOOK_COLUMNS), page), counted]);
  return { webhooks: shown.rows.map(webhookOf), nextCursor: shown.nextCursor, total: Number(total) };
}

async function webhookRow(ctx: OrgContext, webhookId: string) {
  const row = await ctx.db
    .selectFrom('webhooks')
    .select(WEBHOOK_COLUMNS)
    .where('org_id', '=', ctx.principal.org.id)
    .where('id', '=', webhookId)
    .executeTakeFirst();
  if (!row) throw notFound(`webhook ${webhookId}`, { field: ['webhookId'] });
  return row;
}

export async function getWebhook(ctx: OrgContext, webhookId: string): Promise<Webhook> {
  return webhookOf(await webhookRow(ctx, webhookId));
}

/** Changes what it names (at least one field; the procedure says so otherwise). */
export async function updateWebhook(
  ctx: WebhookContext,
  webhookId: string,
  changes: Partial<WebhookFields>,
): Promise<Webhook> {
  await webhookRow(ctx, webhookId);
  await refuseUrl(ctx, changes.url);
  const row = await ctx.db
    .updateTable('webhooks')
    .set({
      ...(changes.url !== undefined ? { url: changes.url } : {}),
      ...(changes.events !== undefined ? { events: [...new Set(changes.events)] } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
    })
    .where('org_id', '=', ctx.principal.org.id)
    .where('id', '=', webhookId)
    .returning(WEBHOOK_COLUMNS)
    .executeTakeFirst();
  if (!row) throw notFound(`webhook ${webhookId}`, { field: ['webhookId'] });
  return webhookOf(row);
}

/** Deletes the webhook and its delivery log (pending deliveries are not sent). */
export async function deleteWebhook(ctx: OrgContext, webhookId: string): Promise<{ id: string; deleted: true }> {
  const deleted = await ctx.db
    .deleteFrom('webhooks')
    .where('org_id', '=', ctx.principal.org.id)
    .where('id', '=', webhookId)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) throw notFound(`webhook ${webhookId}`, { field: ['webhookId'] });
  return { id: webhookId, deleted: true };
}

export function deliveryOf(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    jobId: row.job_id,
    event: WebhookPayload.shape.event.parse(row.event),
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    attemptLog: DeliveryAttempt.array().parse(row.attempt_log),
    payload: WebhookPayload.parse(row.payload),
  };
}

/** The webhook's delivery log, newest first, one keyset page at a time. */
export async function listDeliveries(
  ctx: OrgContext,
  webhookId: string,
  page: { limit: number; cursor?: string | undefined; status?: WebhookDelivery['status'] | undefined },
): Promise<DeliveryPage> {
  await webhookRow(ctx, webhookId);
  let query = ctx.db.selectFrom('webhook_deliveries').where('webhook_id', '=', webhookId);
  if (page.status) query = query.where('status', '=', page.status);
  const shown = await newestFirstPage(query.selectAll(), page);
  return { deliveries: shown.rows.map(deliveryOf), nextCursor: shown.nextCursor };
}

/** Queues a `webhook.test` delivery (no job) so an admin can check the receiver and its signature check. */
export async function queueTestDelivery(ctx: OrgContext, webhookId: string): Promise<{ deliveryId: string }> {
  const hook = await webhookRow(ctx, webhookId);
  if (!hook.active) throw new AppError('CONFLICT', `webhook ${webhookId} is not active; activate it first`);
  const payload: WebhookPayload = { event: 'webhook.test', occurredAt: new Date().toISOString(), job: null, links: {} };
  const row = await ctx.db
    .insertInto('webhook_deliveries')
    .values({ webhook_id: webhookId, job_id: null, event: 'webhook.test', payload: JSON.stringify(payload) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { deliveryId: row.id };
}
