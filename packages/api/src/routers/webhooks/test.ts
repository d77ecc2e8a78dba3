import { z } from 'zod';
import { queueTestDelivery } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';
import { WebhookIdInput } from './schemas.js';

export const test = orgProcedure
  .meta({
    access: 'webhooks:manage',
    errors: { '409': 'The webhook is not active' },
    openapi: {
      method: 'POST',
      path: '/v1/webhooks/{webhookId}/test',
      tags: ['webhooks'],
      protect: true,
      summary: 'Queue a signed webhook.test delivery (no job), to check the receiver and its signature check',
    },
  })
  .input(WebhookIdInput)
  .output(z.object({ deliveryId: z.uuid().describe('its X-MAD-Delivery; its attempts appear in the delivery log') }))
  .mutation(({ ctx, input }) => queueTestDelivery(ctx, input.webhookId));
