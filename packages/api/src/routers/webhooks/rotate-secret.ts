import { RotatedWebhook, rotateWebhookSecret } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';
import { WebhookIdInput } from './schemas.js';

/** WEBHOOK_SECRET_GRACE_SECONDS' default: a day for receivers to switch. */
export const DEFAULT_WEBHOOK_SECRET_GRACE_SECONDS = 86_400;

export const rotateSecret = orgProcedure
  .meta({
    access: 'webhooks:manage',
    openapi: {
      method: 'POST',
      path: '/v1/webhooks/{webhookId}/rotate-secret',
      tags: ['webhooks'],
      protect: true,
      summary:
        'Replace the signing secret (the new one is returned once); the previous one keeps signing too until previousSecretExpiresAt (WEBHOOK_SECRET_GRACE_SECONDS), so receivers switch without losing events',
    },
  })
  .input(WebhookIdInput)
  .output(RotatedWebhook)
  .mutation(async ({ ctx, input }) => {
    const rotated = await rotateWebhookSecret(
      ctx,
      input.webhookId,
      ctx.webhookSecretGraceSeconds ?? DEFAULT_WEBHOOK_SECRET_GRACE_SECONDS,
    );
    ctx.log.info(
      { webhookId: rotated.id, previousSecretExpiresAt: rotated.previousSecretExpiresAt },
      'webhook secret rotated',
    );
    return rotated;
  });
