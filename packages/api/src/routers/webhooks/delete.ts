import { z } from 'zod';
import { deleteWebhook } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';
import { WebhookIdInput } from './schemas.js';

export const remove = orgProcedure
  .meta({
    access: 'webhooks:manage',
    openapi: {
      method: 'DELETE',
      path: '/v1/webhooks/{webhookId}',
      tags: ['webhooks'],
      protect: true,
      summary: 'Delete a webhook and its delivery log (pending deliveries are not sent)',
    },
  })
  .input(WebhookIdInput)
  .output(z.object({ id: z.uuid(), deleted: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    const deleted = await deleteWebhook(ctx, input.webhookId);
    ctx.log.info({ webhookId: input.webhookId }, 'webhook deleted');
    return deleted;
  });
