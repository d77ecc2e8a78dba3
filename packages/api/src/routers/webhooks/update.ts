import { Webhook, updateWebhook } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';
import { refuseEmptyChanges } from '../../errors.js';
import { WebhookChanges, WebhookIdInput, webhookContext } from './schemas.js';

export const UpdateWebhookInput = WebhookChanges.extend(WebhookIdInput.shape);

export const update = orgProcedure
  .meta({
    access: 'webhooks:manage',
    example: { active: false },
    openapi: {
      method: 'PATCH',
      path: '/v1/webhooks/{webhookId}',
      tags: ['webhooks'],
      protect: true,
      summary: "Change a webhook's URL, events or description, or deactivate it",
    },
  })
  .input(UpdateWebhookInput)
  .output(Webhook)
  .mutation(({ ctx, input }) => {
    const { webhookId, ...changes } = input;
    refuseEmptyChanges(changes, WebhookChanges.shape);
    return updateWebhook(webhookContext(ctx), webhookId, changes);
  });
