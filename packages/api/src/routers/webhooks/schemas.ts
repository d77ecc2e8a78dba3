import { z } from 'zod';
import { outboundUrlProblem } from '@mad/auth';
import { WebhookEvent, type WebhookContext } from '@mad/domain';
import type { Context } from '../../context.js';

export const WebhookIdInput = z.strictObject({ webhookId: z.uuid() });

const url = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe('where the server POSTs the events: https (http only outside production); no private addresses');
const events = z
  .array(WebhookEvent)
  .min(1)
  .max(3)
  .describe('job.completed, job.failed, job.cancelled: the final statuses this webhook is told of');
const description = z.string().trim().max(500).describe('what the webhook is for');

/** The editable fields, all optional and without defaults (an update changes only what it names). */
export const WebhookChanges = z.strictObject({
  url: url.optional(),
  events: events.optional(),
  description: description.optional(),
  active: z.boolean().optional().describe('false: no new deliveries are enqueued, pending ones are not sent'),
});

export const WebhookFieldsInput = z.strictObject({
  url,
  events: events.default(['job.completed', 'job.failed']),
  description: description.default(''),
  active: z.boolean().default(true),
});

/**
 * The procedure's domain context: the caller, and the outbound guard's check of a URL (the server's policy, or
 * the strictest one where a process configures none: https, public addresses only).
 */
export function webhookContext(ctx: Context & { principal: NonNullable<Context['principal']> }): WebhookContext {
  return {
    db: ctx.db,
    principal: ctx.principal,
    checkUrl:
      ctx.webhookUrlCheck ??
      ((target) =>
        outboundUrlProblem(target, {
          allowHttp: false,
          allowPrivateAddresses: false,
          timeoutMs: 5_000,
          privateNetworksSetting: 'WEBHOOK_ALLOW_PRIVATE_NETWORKS',
        })),
  };
}
