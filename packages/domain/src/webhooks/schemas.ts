// What the webhooks procedures take and answer (tRPC and REST alike), and the body a receiver gets.
import { z } from 'zod';
import { JobStatus, PipelineId } from '../jobs/schemas.js';

/** The events a webhook can subscribe to: a job reached a final status. */
export const WEBHOOK_EVENTS = ['job.completed', 'job.failed', 'job.cancelled'] as const;
export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEvent>;
/** Every event a delivery can carry: the job events and the test delivery (webhooks.test). */
export const DeliveryEvent = z.enum([...WEBHOOK_EVENTS, 'webhook.test']);
export type DeliveryEvent = z.infer<typeof DeliveryEvent>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const DeliveryStatus = z.enum(DELIVERY_STATUSES);

export const Webhook = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(WebhookEvent),
  description: z.string(),
  active: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
  secretRotatedAt: z.date().nullable().describe('when the secret was last rotated; null: never'),
  previousSecretExpiresAt: z
    .date()
    .nullable()
    .describe(
      'until when deliveries are also signed with the secret the last rotation replaced (a second v1= in X-MAD-Signature); null: only the current secret signs',
    ),
});
export type Webhook = z.infer<typeof Webhook>;

export const CreatedWebhook = Webhook.extend({
  secret: z
    .string()
    .describe('the HMAC-SHA256 key of X-MAD-Signature, shown only now: store it, it cannot be read again'),
});

export const RotatedWebhook = Webhook.extend({
  secret: z
    .string()
    .describe(
      'the new HMAC-SHA256 key of X-MAD-Signature, shown only now; the previous one keeps signing too until previousSecretExpiresAt',
    ),
});

export const WebhookPage = z.object({
  webhooks: z.array(Webhook),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  total: z.number().int().describe("The organisation's webhooks, over every page"),
});
export type WebhookPage = z.infer<typeof WebhookPage>;

export const DeliveryAttempt = z.object({
  attempt: z.number().int(),
  at: z.string().describe('ISO 8601: when the attempt started'),
  statusCode: z.number().int().nullable().describe("the receiver's HTTP status; null when none came"),
  error: z.string().nullable().describe('why the attempt failed (timeout, refused address, a non-2xx status…)'),
  durationMs: z.number().int(),
});

/** The body a receiver gets (the links absolute, under the server's PUBLIC_URL). */
export const WebhookPayload = z.object({
  event: DeliveryEvent,
  occurredAt: z.string().describe('ISO 8601: when the job became final (or the test was asked for)'),
  job: z
    .object({
      jobId: z.uuid(),
      status: JobStatus,
      pipeline: PipelineId,
      error: z.string().nullable(),
      ligands: z.object({
        total: z.number().int(),
        succeeded: z.number().int(),
        failed: z.number().int(),
        cancelled: z.number().int(),
      }),
      topAffinity: z
        .object({ ligandId: z.string(), name: z.string().nullable(), affinityKcalMol: z.number() })
        .nullable()
        .describe('the best docked ligand (lowest affinity); null when none docked'),
      createdAt: z.string(),
      finishedAt: z.string().nullable(),
    })
    .nullable()
    .describe('null for a test delivery'),
  links: z.record(z.string(), z.string()).describe('REST resources of the job: job, status, results, events'),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

export const WebhookDelivery = z.object({
  id: z.uuid().describe('also the X-MAD-Delivery header: the same on every attempt, for receivers to deduplicate'),
  webhookId: z.uuid(),
  jobId: z.uuid().nullable(),
  event: DeliveryEvent,
  status: DeliveryStatus,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.date().nullable().describe('when the next attempt is due; null once delivered or failed'),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
  attemptLog: z.array(DeliveryAttempt),
  payload: WebhookPayload,
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const DeliveryPage = z.object({
  deliveries: z.array(WebhookDelivery),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});
export type DeliveryPage = z.infer<typeof DeliveryPage>;
