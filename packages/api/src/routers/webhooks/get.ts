import { Webhook, getWebhook } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';
import { WebhookIdInput } from './schemas.js';

export const get = orgProcedure
  .meta({
    access: 'webhooks:manage',
    openapi: {
      method: 'GET',
      path: '/v1/webhooks/{webhookId}',
      tags: ['webhooks'],
      protect: true,
      summary: 'One webhook (never its secret)',
    },
  })
  .input(WebhookIdInput)
  .output(Webhook)
  .query(({ ctx, input }) => getWebhook(ctx, input.webhookId));
